package org.npy4j.bench;

import java.nio.file.Path;
import java.util.Map;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.jetbrains.bio.npy.NpzEntry;
import org.jetbrains.bio.npy.NpzFile;

/**
 * The operations JetBrains' {@code org.jetbrains.bio:npy} supports, called the way its documentation shows, so the
 * benchmarks and the comparison driver run the peer library through its normal API (Java arrays of double, float,
 * int and long).
 *
 * <pre>{@code
 * Object data = JetBrainsNpy.load(path);               // double[] / float[] / int[] / long[]
 * JetBrainsNpy.save(path, data, new int[] {n});
 * }</pre>
 */
public final class JetBrainsNpy {
    private JetBrainsNpy() {
    }

    /** {@code NpyFile.read(path)}; returns the data array ({@code double[]}, {@code float[]}, ...). */
    public static Object load(Path path) {
        NpyArray a = NpyFile.read(path, Integer.MAX_VALUE);
        return a.getData();
    }

    /** {@code NpyFile.write(path, data, shape)} for double[], float[], int[] or long[]. */
    public static void save(Path path, Object data, int[] shape) {
        if (data instanceof double[]) {
            NpyFile.write(path, (double[]) data, shape);
        } else if (data instanceof float[]) {
            NpyFile.write(path, (float[]) data, shape);
        } else if (data instanceof int[]) {
            NpyFile.write(path, (int[]) data, shape);
        } else if (data instanceof long[]) {
            NpyFile.write(path, (long[]) data, shape);
        } else {
            throw new IllegalArgumentException("JetBrains npy: unsupported array " + data.getClass());
        }
    }

    /** {@code NpzFile.write(path, compressed)} with one member per entry of {@code members} (name to data array). */
    public static void savez(Path path, boolean compressed, Map<String, Object> members, Map<String, int[]> shapes) {
        try (NpzFile.Writer w = NpzFile.write(path, compressed)) {
            for (Map.Entry<String, Object> e : members.entrySet()) {
                Object d = e.getValue();
                int[] shape = shapes.get(e.getKey());
                if (d instanceof double[]) {
                    w.write(e.getKey(), (double[]) d, shape);
                } else if (d instanceof float[]) {
                    w.write(e.getKey(), (float[]) d, shape);
                } else if (d instanceof int[]) {
                    w.write(e.getKey(), (int[]) d, shape);
                } else if (d instanceof long[]) {
                    w.write(e.getKey(), (long[]) d, shape);
                } else {
                    throw new IllegalArgumentException("JetBrains npy: unsupported array " + d.getClass());
                }
            }
        }
    }

    /** Reads every member of an {@code .npz} with {@code NpzFile.read}; returns the data arrays in archive order. */
    public static Object[] loadz(Path path) {
        try (NpzFile.Reader r = NpzFile.read(path)) {
            java.util.List<NpzEntry> entries = r.introspect();
            Object[] out = new Object[entries.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = r.get(entries.get(i).getName(), 1 << 18).getData();
            }
            return out;
        }
    }
}
