package org.npy4j.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The local disk under the scheme {@code npytest:}, so tests reach the Hadoop code path without a cluster. */
public class TestFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("npytest:///");
    }

    @Override
    public String getScheme() {
        return "npytest";
    }
}
