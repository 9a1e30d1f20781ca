package org.npy4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance corpus written by NumPy 2.4 (copied into test resources from the project's shared data):
 * {@code conformance/corpus/*.npy|npz} and {@code manifest.json}; the value encoding is explained in
 * {@code conformance/generate.py}.
 */
public final class Corpus {
    private static JsonNode manifest;

    private Corpus() {
    }

    /** Returns the corpus folder on disk. */
    public static Path dir() {
        URL u = Corpus.class.getResource("/conformance/corpus/manifest.json");
        if (u == null) {
            throw new IllegalStateException("conformance corpus missing from test resources");
        }
        try {
            return Path.of(u.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns a corpus file. */
    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** Returns the whole manifest. */
    public static synchronized JsonNode manifest() {
        if (manifest == null) {
            try (InputStream in = Corpus.class.getResourceAsStream("/conformance/corpus/manifest.json")) {
                manifest = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    /** Returns the manifest entries of the {@code .npy} files. */
    public static List<JsonNode> npyEntries() {
        List<JsonNode> out = new ArrayList<>();
        manifest().get("npy").forEach(out::add);
        return out;
    }

    /** Returns the manifest entries of the {@code .npz} files. */
    public static List<JsonNode> npzEntries() {
        List<JsonNode> out = new ArrayList<>();
        manifest().get("npz").forEach(out::add);
        return out;
    }

    /** Returns a sample file from {@code samples/} (small reference files of NUMPY_FORMAT.md). */
    public static Path sample(String name) {
        URL u = Corpus.class.getResource("/samples/" + name);
        if (u == null) {
            throw new IllegalStateException("sample missing: " + name);
        }
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
