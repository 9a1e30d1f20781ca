package org.npy4j.array;

import java.nio.ByteBuffer;

/**
 * The bytes under an {@link NdArray}: a heap buffer, a chunked buffer past 2 GiB, or a memory mapping.
 * Addresses are {@code long} byte offsets; multi-byte accessors read and write <em>little-endian</em>
 * (the array swaps for big-endian dtypes).
 *
 * <p>Storage is split into chunks of {@code 1 << chunkShift()} bytes (one chunk for small heap storage).
 * Code that moves bulk data works chunk by chunk through {@link #chunk(int)}; element accessors take a fast path
 * within one chunk and a slow path only for values that cross a chunk boundary.
 *
 * <p>Thread safety: implementations in this library allow concurrent reads; concurrent writes to overlapping bytes need the caller's synchronisation, as with a Java array.
 */
public interface Storage {

    /**
     * Returns the number of bytes.
     *
     * @return the number of bytes
     */
    long byteSize();

    /**
     * Returns true if writes are refused.
     *
     * @return true if so
     */
    boolean isReadOnly();

    /**
     * Returns the byte at {@code offset}.
     *
     * @param offset the byte offset
     * @return the byte
     */
    byte getByte(long offset);

    /**
     * Returns the little-endian short at {@code offset} (it may straddle chunks).
     *
     * @param offset the byte offset
     * @return the short value
     */
    short getShort(long offset);

    /**
     * Returns the little-endian int at {@code offset} (it may straddle chunks).
     *
     * @param offset the byte offset
     * @return the int value
     */
    int getInt(long offset);

    /**
     * Returns the little-endian long at {@code offset} (it may straddle chunks).
     *
     * @param offset the byte offset
     * @return the long value
     */
    long getLong(long offset);

    /**
     * Writes a byte; throws {@link java.nio.ReadOnlyBufferException} on read-only storage.
     *
     * @param offset the byte offset
     * @param value the value to store
     */
    void putByte(long offset, byte value);

    /**
     * Writes a little-endian short.
     *
     * @param offset the byte offset
     * @param value the value to store
     */
    void putShort(long offset, short value);

    /**
     * Writes a little-endian int.
     *
     * @param offset the byte offset
     * @param value the value to store
     */
    void putInt(long offset, int value);

    /**
     * Writes a little-endian long.
     *
     * @param offset the byte offset
     * @param value the value to store
     */
    void putLong(long offset, long value);

    /**
     * Copies {@code length} bytes starting at {@code offset} into {@code dst}.
     *
     * @param offset the byte offset
     * @param dst the destination
     * @param dstOffset the first index written in {@code dst}
     * @param length the number of bytes
     */
    void getBytes(long offset, byte[] dst, int dstOffset, int length);

    /**
     * Copies {@code length} bytes from {@code src} into this storage at {@code offset}.
     *
     * @param offset the byte offset
     * @param src the source bytes
     * @param srcOffset the first index read in {@code src}
     * @param length the number of bytes
     */
    void putBytes(long offset, byte[] src, int srcOffset, int length);

    /**
     * Returns log2 of the chunk size.
     *
     * @return log2 of the chunk size
     */
    int chunkShift();

    /**
     * Returns the number of chunks.
     *
     * @return the number of chunks
     */
    int chunkCount();

    /**
     * Returns a little-endian view of chunk {@code i} (position 0, limit = the chunk's length); read-only if the storage
     * is. The view shares content with this storage.
     *
     * @param i the index along axis 0
     * @return a little-endian view of the chunk
     */
    ByteBuffer chunk(int i);

    /** Flushes writes to the backing file (memory-mapped storage); does nothing for heap storage. */
    default void force() {
    }

    /**
     * Allocates zeroed heap storage of {@code size} bytes, chunked if larger than one Java array can hold.
     *
     * @param size the number of bytes
     * @return the storage
     */
    static Storage allocate(long size) {
        return BufferStorage.allocate(size, BufferStorage.DEFAULT_CHUNK_SHIFT);
    }

    /**
     * Allocates zeroed heap storage split into chunks of {@code 1 << chunkShift} bytes (tiny chunks test boundary code).
     *
     * @param size the number of bytes
     * @param chunkShift log2 of the chunk size (3 to 30)
     * @return the storage
     */
    static Storage allocate(long size, int chunkShift) {
        return BufferStorage.allocate(size, chunkShift);
    }

    /**
     * Wraps a buffer's remaining bytes (no copy).
     *
     * @param buffer the buffer to wrap
     * @return the storage
     */
    static Storage wrap(ByteBuffer buffer) {
        return BufferStorage.wrap(buffer);
    }

    /**
     * Wraps a byte array (no copy).
     *
     * @param bytes the byte array to wrap
     * @return the storage
     */
    static Storage wrap(byte[] bytes) {
        return BufferStorage.wrap(ByteBuffer.wrap(bytes));
    }

    /**
     * Wraps chunks that are each exactly {@code 1 << chunkShift} bytes, except the last, which may be shorter
     * (the seam for memory-mapped storage).
     *
     * @param chunks the chunk buffers
     * @param chunkShift log2 of the chunk size (3 to 30)
     * @return the storage
     */
    static Storage ofChunks(ByteBuffer[] chunks, int chunkShift) {
        return new BufferStorage(chunks, chunkShift);
    }
}
