package org.npy4j.npz;

/** One entry of an {@code .npz} archive as its zip directory describes it. */
public final class NpzEntry {
    private final String name;
    private final int method;
    private final long compressedSize;
    private final long size;

    public NpzEntry(String name, int method, long compressedSize, long size) {
        this.name = name;
        this.method = method;
        this.compressedSize = compressedSize;
        this.size = size;
    }

    /** The raw member name in the archive ({@code "x.npy"}). */
    public String name() {
        return name;
    }

    /** The zip compression method: 0 stored, 8 deflated (others are refused when read). */
    public int method() {
        return method;
    }

    public long compressedSize() {
        return compressedSize;
    }

    /** The uncompressed size. */
    public long size() {
        return size;
    }
}
