package org.npy4j.npy;

import java.io.IOException;
import java.nio.file.Path;
import org.npy4j.ReadLimits;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;

/** Memory mapping of {@code .npy} files (behind {@link org.npy4j.Npy#map} and {@link org.npy4j.Npy#create}). */
public final class Mapping {
    private Mapping() {
    }

    public static MappedNpy map(Path path, MapMode mode, ReadLimits limits) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public static MappedNpy create(Path path, DType dtype, long[] shape, Order order, boolean overwrite) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
