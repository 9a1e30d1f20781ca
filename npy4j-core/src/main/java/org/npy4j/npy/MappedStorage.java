package org.npy4j.npy;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.util.Objects;
import org.npy4j.array.Storage;

/**
 * A {@link Storage} over a region of a file, memory-mapped in chunks of {@code 1 << chunkShift} bytes (1 GiB by
 * default), so regions of any size work on Java 17 where one {@link MappedByteBuffer} holds at most 2 GiB.
 *
 * <pre>
 *   file:    | header | chunk 0 (2^shift) | chunk 1 (2^shift) | ... | last chunk (shorter) |
 *                     ^ position (any byte; the JDK page-aligns each mapping itself)
 * </pre>
 *
 * <p>Offsets are {@code long}s relative to the region's first byte. A value inside one chunk takes the fast path (one
 * shift, one mask, one buffer access); only a value that straddles a chunk boundary is assembled byte by byte. Like
 * Lucene's {@code MMapDirectory}, tests force tiny chunks (8 bytes) so that boundary code runs on small files.
 *
 * <pre>{@code
 * try (FileChannel ch = FileChannel.open(path)) {
 *     MappedStorage s = MappedStorage.map(ch, FileChannel.MapMode.READ_ONLY, 128, ch.size() - 128, 30, path.toString());
 *     long first = s.getLong(0);      // the channel may be closed now; the mapping stays valid until s.close()
 * }
 * }</pre>
 *
 * <h2>Unmapping: the JDK's rules, and what this class does</h2>
 * The JDK releases a mapping only when the garbage collector finds its buffer unreachable; there is no public API to
 * unmap a {@code MappedByteBuffer} on Java 17 (the {@code MemorySegment} API of Java 22 has one). Closing the
 * {@code FileChannel} does not unmap. Until a mapping is released, the file's disk space stays allocated (even after
 * deletion) and on Windows the file cannot be deleted or truncated.
 *
 * <p>{@link #close()} therefore does two things, in this order: it first marks the storage closed (every later access,
 * including {@link #chunk(int)}, throws {@link IllegalStateException} {@code "already closed: <description>"}), then
 * it unmaps each chunk at once through {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}, no
 * {@code --add-opens} needed), found reflectively. If that method is missing, or if the system property
 * {@code npy4j.mmap.unmap} is {@code false}, the mapping is left to the garbage collector instead: still safe, only
 * not deterministic.
 *
 * <p><b>Threads.</b> The closed check is a plain (non-volatile) field read, which keeps element access as cheap as on a
 * heap buffer. It protects the thread that closes and any thread that starts after {@code close()} returns through a
 * happens-before edge (a lock, a join, a future). It does <em>not</em> protect a thread that is reading at the moment
 * another thread closes: with deterministic unmapping that reader may touch unmapped memory, which the JVM reports as
 * a crash (SIGSEGV), exactly as with Lucene's mapped inputs before Java 21. Close only after all readers are done, or
 * run with {@code -Dnpy4j.mmap.unmap=false}. Buffers obtained from {@link #chunk(int)} are raw views: do not keep
 * them past {@code close()}.
 */
public final class MappedStorage implements Storage {
    /** 1 GiB: well under the 2 GiB a {@code MappedByteBuffer} can hold, and few mappings for huge files. */
    public static final int DEFAULT_CHUNK_SHIFT = 30;

    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private final String description;
    private final long size;
    private final int shift;
    private final long mask;
    private final boolean readOnly;
    private final boolean syncable;
    /** The original mapped buffers, kept for {@code invokeCleaner} (which refuses slices and duplicates). */
    private final MappedByteBuffer[] mapped;
    /**
     * Little-endian duplicates used for access; {@code null} once closed. Deliberately not volatile: see the class
     * Javadoc on threads.
     */
    private ByteBuffer[] chunks;
    /**
     * The chunk of a region that fits in one (up to 1 GiB by default, the common case), for reads; null with several
     * chunks, for an empty region, and once closed. Accessors try it first: one field load and two compares, which
     * the JIT hoists out of loops, against an array load per access otherwise (measured: ~1.5 ns against ~5 ns per
     * sequential {@code getLong}).
     */
    private ByteBuffer only;
    /** {@link #only} if the storage is writable, else null. */
    private ByteBuffer onlyWritable;

    private MappedStorage(String description, long size, int shift, boolean readOnly, boolean syncable,
            MappedByteBuffer[] mapped) {
        this.description = description;
        this.size = size;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.readOnly = readOnly;
        this.syncable = syncable;
        this.mapped = mapped;
        ByteBuffer[] c = new ByteBuffer[Math.max(1, mapped.length)];
        for (int i = 0; i < mapped.length; i++) {
            c[i] = mapped[i].duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (mapped.length == 0) {
            // an empty region maps nothing, but chunk(0) must still answer, as for empty heap storage
            ByteBuffer empty = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            c[0] = readOnly ? empty.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN) : empty;
        }
        this.chunks = c;
        this.only = mapped.length == 1 ? c[0] : null;
        this.onlyWritable = readOnly ? null : only;
    }

    /**
     * Maps {@code size} bytes of {@code channel} starting at file position {@code position} in chunks of
     * {@code 1 << chunkShift} bytes (3..30). The channel may be closed afterwards: the mappings do not depend on it.
     * {@code description} names the storage in errors, e.g. {@code "MappedNpy(path=a.npy)"}.
     *
     * @throws IllegalArgumentException if the region is negative or the chunk shift out of range
     * @throws IOException if the JDK cannot map the region (a read-write mapping past the end extends the file)
     */
    public static MappedStorage map(FileChannel channel, FileChannel.MapMode mode, long position, long size,
            int chunkShift, String description) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(mode, "mode");
        if (chunkShift < 3 || chunkShift > 30) {
            throw new IllegalArgumentException("chunk shift out of range 3..30: " + chunkShift);
        }
        if (position < 0 || size < 0 || position + size < 0) {
            throw new IllegalArgumentException("bad region: position " + position + ", size " + size);
        }
        long chunkSize = 1L << chunkShift;
        long n = (size + chunkSize - 1) >>> chunkShift;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(size + " bytes need too many chunks of 2^" + chunkShift);
        }
        MappedByteBuffer[] mapped = new MappedByteBuffer[(int) n];
        try {
            for (int i = 0; i < n; i++) {
                long off = (long) i << chunkShift;
                mapped[i] = channel.map(mode, position + off, Math.min(chunkSize, size - off));
            }
        } catch (IOException | RuntimeException | Error e) {
            for (MappedByteBuffer b : mapped) {
                if (b != null) {
                    unmap(b);
                }
            }
            throw e;
        }
        return new MappedStorage(description, size, chunkShift, mode == FileChannel.MapMode.READ_ONLY,
                mode == FileChannel.MapMode.READ_WRITE, mapped);
    }

    /** Returns true if {@link #close()} unmaps at once (the JDK offers {@code invokeCleaner}, not switched off). */
    public static boolean unmapsOnClose() {
        return INVOKE_CLEANER != null && !"false".equals(System.getProperty("npy4j.mmap.unmap"));
    }

    private static MethodHandle findInvokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            MethodHandle m = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return m.bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no jdk.unsupported module, a security policy, or a JDK without the method: the GC unmaps instead
            return null;
        }
    }

    private static void unmap(MappedByteBuffer b) {
        if (!unmapsOnClose()) {
            return;
        }
        try {
            ByteBuffer original = b;
            INVOKE_CLEANER.invokeExact(original);
        } catch (Throwable e) {
            // leave it to the GC: unmapping is an optimisation of resource release, never a correctness need
        }
    }

    /** Returns true once {@link #close()} has run. */
    public boolean isClosed() {
        return chunks == null;
    }

    /**
     * Marks this storage closed, then unmaps it (see the class Javadoc for when unmapping is immediate). Idempotent.
     * Does not force pending writes: call {@link #force()} first if they must be durable (the OS writes dirty pages of
     * a shared mapping back eventually either way).
     */
    public void close() {
        if (chunks == null) {
            return;
        }
        only = null;
        onlyWritable = null;
        chunks = null;
        for (MappedByteBuffer b : mapped) {
            unmap(b);
        }
    }

    private ByteBuffer[] open() {
        ByteBuffer[] c = chunks;
        if (c == null) {
            throw new IllegalStateException("already closed: " + description);
        }
        return c;
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public int chunkShift() {
        return shift;
    }

    @Override
    public int chunkCount() {
        return Math.max(1, mapped.length);
    }

    @Override
    public ByteBuffer chunk(int i) {
        ByteBuffer c = open()[i];
        ByteBuffer d = readOnly ? c.asReadOnlyBuffer() : c.duplicate();
        return d.order(ByteOrder.LITTLE_ENDIAN).clear();
    }

    /**
     * Writes dirty pages of a read-write ({@code READ_WRITE}) mapping to the file, as NumPy's {@code memmap.flush()};
     * does nothing for read-only and copy-on-write mappings, whose changes never reach the file.
     *
     * @throws IllegalStateException if closed
     */
    @Override
    public void force() {
        open();
        if (!syncable) {
            return;
        }
        for (MappedByteBuffer b : mapped) {
            b.force();
        }
    }

    private IndexOutOfBoundsException outside(long offset, long length) {
        return new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + length) + ") outside " + size
                + " bytes: " + description);
    }

    /** Returns the chunk holding {@code n} bytes at {@code offset} if they lie in one chunk, else null (slow path). */
    private ByteBuffer fast(long offset, int n) {
        ByteBuffer[] c = open();
        if (offset < 0 || offset > size - n) {
            throw outside(offset, n);
        }
        if ((offset & mask) + n <= (1L << shift)) {
            return c[(int) (offset >>> shift)];
        }
        return null;
    }

    @Override
    public byte getByte(long offset) {
        ByteBuffer o = only;
        if (o != null && offset >= 0 && offset <= size - 1) {
            return o.get((int) offset);
        }
        return fast(offset, 1).get((int) (offset & mask));
    }

    @Override
    public short getShort(long offset) {
        ByteBuffer o = only;
        if (o != null && offset >= 0 && offset <= size - 2) {
            return o.getShort((int) offset);
        }
        ByteBuffer c = fast(offset, 2);
        return c != null ? c.getShort((int) (offset & mask)) : (short) slowGet(offset, 2);
    }

    @Override
    public int getInt(long offset) {
        ByteBuffer o = only;
        if (o != null && offset >= 0 && offset <= size - 4) {
            return o.getInt((int) offset);
        }
        ByteBuffer c = fast(offset, 4);
        return c != null ? c.getInt((int) (offset & mask)) : (int) slowGet(offset, 4);
    }

    @Override
    public long getLong(long offset) {
        ByteBuffer o = only;
        if (o != null && offset >= 0 && offset <= size - 8) {
            return o.getLong((int) offset);
        }
        ByteBuffer c = fast(offset, 8);
        return c != null ? c.getLong((int) (offset & mask)) : slowGet(offset, 8);
    }

    /** Assembles a little-endian value that straddles chunks. */
    private long slowGet(long offset, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (getByte(offset + i) & 0xFF);
        }
        return v;
    }

    private void slowPut(long offset, long v, int n) {
        for (int i = 0; i < n; i++) {
            putByte(offset + i, (byte) (v >>> (8 * i)));
        }
    }

    private ByteBuffer fastWritable(long offset, int n) {
        ByteBuffer c = fast(offset, n);
        if (readOnly) {
            throw new ReadOnlyBufferException();
        }
        return c;
    }

    @Override
    public void putByte(long offset, byte value) {
        ByteBuffer o = onlyWritable;
        if (o != null && offset >= 0 && offset <= size - 1) {
            o.put((int) offset, value);
            return;
        }
        fastWritable(offset, 1).put((int) (offset & mask), value);
    }

    @Override
    public void putShort(long offset, short value) {
        ByteBuffer o = onlyWritable;
        if (o != null && offset >= 0 && offset <= size - 2) {
            o.putShort((int) offset, value);
            return;
        }
        ByteBuffer c = fastWritable(offset, 2);
        if (c != null) {
            c.putShort((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 2);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        ByteBuffer o = onlyWritable;
        if (o != null && offset >= 0 && offset <= size - 4) {
            o.putInt((int) offset, value);
            return;
        }
        ByteBuffer c = fastWritable(offset, 4);
        if (c != null) {
            c.putInt((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 4);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        ByteBuffer o = onlyWritable;
        if (o != null && offset >= 0 && offset <= size - 8) {
            o.putLong((int) offset, value);
            return;
        }
        ByteBuffer c = fastWritable(offset, 8);
        if (c != null) {
            c.putLong((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 8);
        }
    }

    private void checkRange(long offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw outside(offset, length);
        }
    }

    @Override
    public void getBytes(long offset, byte[] dst, int dstOffset, int length) {
        ByteBuffer[] c = open();
        checkRange(offset, length);
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        while (length > 0) {
            ByteBuffer b = c[(int) (offset >>> shift)];
            int pos = (int) (offset & mask);
            int n = Math.min(length, b.capacity() - pos);
            b.get(pos, dst, dstOffset, n);
            offset += n;
            dstOffset += n;
            length -= n;
        }
    }

    @Override
    public void putBytes(long offset, byte[] src, int srcOffset, int length) {
        ByteBuffer[] c = open();
        if (readOnly) {
            throw new ReadOnlyBufferException();
        }
        checkRange(offset, length);
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        while (length > 0) {
            ByteBuffer b = c[(int) (offset >>> shift)];
            int pos = (int) (offset & mask);
            int n = Math.min(length, b.capacity() - pos);
            b.put(pos, src, srcOffset, n);
            offset += n;
            srcOffset += n;
            length -= n;
        }
    }

    @Override
    public String toString() {
        return description + "[" + size + " bytes in " + mapped.length + " chunk(s) of 2^" + shift
                + (chunks == null ? ", closed" : "") + "]";
    }
}
