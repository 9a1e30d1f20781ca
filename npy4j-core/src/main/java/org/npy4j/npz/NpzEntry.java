package org.npy4j.npz;

/**
 * One entry of an {@code .npz} archive as its zip central directory describes it (no data is read to make one).
 *
 * <pre>{@code
 * for (NpzEntry e : npz.entries()) {
 *     System.out.println(e.name() + " " + e.size() + " bytes, method " + e.method());
 * }
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class NpzEntry {
    private final String name;
    private final int method;
    private final long compressedSize;
    private final long size;
    private final long crc;
    private final boolean encrypted;
    /** Position in the archive's directory, or -1 for an entry not made by an {@link NpzFile}. */
    final int index;

    /**
     * Describes an entry; entries read from an archive come from {@link NpzFile#entries()}.
     *
     * @param name the raw member name
     * @param method the zip compression method
     * @param compressedSize bytes in the archive
     * @param size uncompressed bytes
     */
    public NpzEntry(String name, int method, long compressedSize, long size) {
        this(name, method, compressedSize, size, 0, false, -1);
    }

    NpzEntry(String name, int method, long compressedSize, long size, long crc, boolean encrypted, int index) {
        this.name = name;
        this.method = method;
        this.compressedSize = compressedSize;
        this.size = size;
        this.crc = crc;
        this.encrypted = encrypted;
        this.index = index;
    }

    /**
     * The raw member name in the archive ({@code "x.npy"}); never used as a file path by this library.
     *
     * @return the member name, {@code .npy} included
     */
    public String name() {
        return name;
    }

    /**
     * The zip compression method: 0 stored, 8 deflated (others, such as 12 bzip2 or 14 lzma, are refused when read).
     *
     * @return the method number
     */
    public int method() {
        return method;
    }

    /**
     * The number of bytes the member occupies in the archive.
     *
     * @return the compressed size in bytes
     */
    public long compressedSize() {
        return compressedSize;
    }

    /**
     * The uncompressed size: the length of the member's {@code .npy} bytes.
     *
     * @return the uncompressed size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * The CRC-32 the directory declares for the uncompressed bytes.
     *
     * @return the CRC-32 as an unsigned 32-bit value
     */
    public long crc() {
        return crc;
    }

    /**
     * True if the entry is encrypted (general purpose flag bit 0); such entries cannot be read.
     *
     * @return whether the entry is encrypted
     */
    public boolean isEncrypted() {
        return encrypted;
    }

    @Override
    public String toString() {
        return "NpzEntry{" + name + ", method " + Zip.methodName(method) + ", " + compressedSize + " -> " + size + " bytes}";
    }
}
