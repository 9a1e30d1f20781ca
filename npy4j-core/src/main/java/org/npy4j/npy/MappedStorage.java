package org.npy4j.npy;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 * A {@link MappedByteBuffer} is unmapped only when the garbage collector finds it unreachable: Java 17 has no public
 * API to unmap one, and closing the {@code FileChannel} does not unmap. Until a mapping is released, the file's disk
 * space stays allocated (even after deletion), and on Windows the file cannot be deleted or truncated. Java 22 added
 * one: a mapping made in a shared {@code java.lang.foreign.Arena} is unmapped when the arena is closed, and the JDK
 * makes every access racing with or following the close fail with {@code IllegalStateException} instead of touching
 * unmapped memory.
 *
 * <p>{@link #close()} first marks the storage closed (every later access through it, including
 * {@link #chunk(int)}, throws {@link IllegalStateException} {@code "already closed: <description>"}), then unmaps:
 * <ul>
 * <li><b>Java 22 and later</b>: the region is one mapping in a shared arena (reached reflectively, so this library
 *     still targets Java 17), cut into chunk buffers; {@code close()} closes the arena. Safe against readers in other
 *     threads and against chunk buffers kept past close: they get {@code IllegalStateException}. A storage dropped
 *     without {@code close()} is unmapped by a {@link Cleaner} once unreachable.</li>
 * <li><b>Java 17 to 21</b>: one {@code MappedByteBuffer} per chunk, unmapped at once through
 *     {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}; no {@code --add-opens} needed), found
 *     reflectively; if it is missing, the GC unmaps. The closed check is a plain (non-volatile) field read, which keeps
 *     access as cheap as on a heap buffer and protects the closing thread and any thread ordered after
 *     {@code close()} (a lock, a join, a future). It does <em>not</em> protect a thread reading at the moment another
 *     closes, nor a buffer from {@link #chunk(int)} kept past close: those may touch unmapped memory, which the JVM
 *     reports as a crash (SIGSEGV), as with Lucene's mapped inputs before Java 21. Close only after readers are
 *     done.</li>
 * <li>With {@code -Dnpy4j.mmap.unmap=false} (any Java): plain {@code MappedByteBuffer}s left to the GC; never a crash,
 *     never deterministic.</li>
 * </ul>
 */
public final class MappedStorage implements Storage {
    /** 1 GiB: well under the 2 GiB a {@code MappedByteBuffer} can hold, and few mappings for huge files. */
    public static final int DEFAULT_CHUNK_SHIFT = 30;

    /** How this JVM maps and unmaps; chosen once. */
    private static final Unmapper UNMAPPER = Unmapper.find();

    private final String description;
    private final long size;
    private final int shift;
    private final long mask;
    private final boolean readOnly;
    /** True for read-write ({@code READ_WRITE}) mappings, the only ones whose pages go to the file. */
    private final boolean syncable;
    /** The chunks as mapped (no duplicates: {@code invokeCleaner} refuses them); forced by {@link #force()}. */
    private final ByteBuffer[] mapped;
    /** Releases the mapping: unmaps (Java 22+ arena, or {@code invokeCleaner}) or does nothing (the GC will). */
    private final Releaser releaser;
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
            ByteBuffer[] mapped, Releaser releaser) {
        this.description = description;
        this.size = size;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.readOnly = readOnly;
        this.syncable = syncable;
        this.mapped = mapped;
        this.releaser = releaser;
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
        boolean readOnly = mode == FileChannel.MapMode.READ_ONLY;
        if (n == 0) {
            return new MappedStorage(description, 0, chunkShift, readOnly, false, new ByteBuffer[0], Releaser.NONE);
        }
        Unmapper u = unmapsOnClose() ? UNMAPPER : Unmapper.GC;
        ByteBuffer[] mapped = new ByteBuffer[(int) n];
        Releaser r = u.map(channel, mode, position, size, chunkShift, mapped);
        return new MappedStorage(description, size, chunkShift, readOnly, mode == FileChannel.MapMode.READ_WRITE, mapped,
                r);
    }

    /**
     * Returns true if {@link #close()} unmaps at once: on Java 22+ through a shared {@code Arena} (safe even against
     * concurrent readers), below through {@code sun.misc.Unsafe.invokeCleaner} when present; false if neither is
     * available or {@code -Dnpy4j.mmap.unmap=false}.
     */
    public static boolean unmapsOnClose() {
        return UNMAPPER != Unmapper.GC && !"false".equals(System.getProperty("npy4j.mmap.unmap"));
    }

    /** Forces and releases one storage's mapping. */
    private interface Releaser {
        /** For an empty region, which maps nothing. */
        Releaser NONE = new Releaser() {
            @Override
            public void force() {
            }

            @Override
            public void release() {
            }
        };

        /** Writes dirty pages of a shared read-write mapping to the file. */
        void force();

        /** Unmaps now, or leaves it to the GC. */
        void release();
    }

    /** Forces chunk by chunk; unmapping is the caller's (or the GC's). */
    private static class BufferReleaser implements Releaser {
        private final ByteBuffer[] buffers;

        BufferReleaser(ByteBuffer[] buffers) {
            this.buffers = buffers;
        }

        @Override
        public void force() {
            for (ByteBuffer b : buffers) {
                ((MappedByteBuffer) b).force();
            }
        }

        @Override
        public void release() {
        }
    }

    /** One way to map chunks and release them. */
    private abstract static class Unmapper {
        /** Plain {@code FileChannel.map}; the GC unmaps. */
        static final Unmapper GC = new Unmapper() {
            @Override
            Releaser map(FileChannel ch, FileChannel.MapMode mode, long position, long size, int shift, ByteBuffer[] out)
                    throws IOException {
                mapEach(ch, mode, position, size, shift, out);
                return new BufferReleaser(out);
            }
        };

        static Unmapper find() {
            if (Runtime.version().feature() >= 22) {
                // Java 22 has a supported, race-safe unmap: use it, and never touch Unsafe (24+ warns about it)
                Unmapper a = ArenaUnmapper.find();
                return a != null ? a : GC;
            }
            Unmapper c = CleanerUnmapper.find();
            return c != null ? c : GC;
        }

        abstract Releaser map(FileChannel ch, FileChannel.MapMode mode, long position, long size, int shift,
                ByteBuffer[] out) throws IOException;

        static void mapEach(FileChannel ch, FileChannel.MapMode mode, long position, long size, int shift,
                ByteBuffer[] out) throws IOException {
            long chunkSize = 1L << shift;
            for (int i = 0; i < out.length; i++) {
                long off = (long) i << shift;
                out[i] = ch.map(mode, position + off, Math.min(chunkSize, size - off));
            }
        }
    }

    /** Java 17-21: one mapping per chunk, unmapped by {@code sun.misc.Unsafe.invokeCleaner}. */
    private static final class CleanerUnmapper extends Unmapper {
        private final MethodHandle invokeCleaner;

        private CleanerUnmapper(MethodHandle invokeCleaner) {
            this.invokeCleaner = invokeCleaner;
        }

        static Unmapper find() {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field f = unsafeClass.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                MethodHandle m = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                        MethodType.methodType(void.class, ByteBuffer.class));
                return new CleanerUnmapper(m.bindTo(f.get(null)));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // no jdk.unsupported module, a security manager, or no such method: the GC unmaps instead
                return null;
            }
        }

        @Override
        Releaser map(FileChannel ch, FileChannel.MapMode mode, long position, long size, int shift, ByteBuffer[] out)
                throws IOException {
            try {
                mapEach(ch, mode, position, size, shift, out);
            } catch (IOException | RuntimeException | Error e) {
                unmap(out);
                throw e;
            }
            return new BufferReleaser(out) {
                @Override
                public void release() {
                    unmap(out);
                }
            };
        }

        private void unmap(ByteBuffer[] buffers) {
            for (ByteBuffer b : buffers) {
                if (b == null) {
                    continue;
                }
                try {
                    invokeCleaner.invokeExact(b);
                } catch (Throwable e) {
                    // leave it to the GC: unmapping early releases resources sooner, it is never needed for correctness
                }
            }
        }
    }

    /**
     * Java 22+: the whole region is one mapping in a shared {@code Arena}, sliced into chunk buffers; closing the arena
     * unmaps, and the JDK makes any access racing with or following it throw {@code IllegalStateException} instead of
     * crashing. A {@link Cleaner} closes the arena if a storage is dropped unclosed (a shared arena is never unmapped by
     * the GC otherwise). Reached reflectively so that the library still compiles for and runs on Java 17.
     */
    private static final class ArenaUnmapper extends Unmapper {
        private final Method ofShared;
        private final Method mapSegment;
        private final Method asSlice;
        private final Method asByteBuffer;
        private final Method close;
        private final Method forceSegment;
        private final Cleaner cleaner = Cleaner.create();

        private ArenaUnmapper(Class<?> arena, Class<?> segment) throws NoSuchMethodException {
            this.ofShared = arena.getMethod("ofShared");
            this.mapSegment = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
            this.asSlice = segment.getMethod("asSlice", long.class, long.class);
            this.asByteBuffer = segment.getMethod("asByteBuffer");
            this.close = arena.getMethod("close");
            this.forceSegment = segment.getMethod("force");
        }

        static Unmapper find() {
            try {
                return new ArenaUnmapper(Class.forName("java.lang.foreign.Arena"),
                        Class.forName("java.lang.foreign.MemorySegment"));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        @Override
        Releaser map(FileChannel ch, FileChannel.MapMode mode, long position, long size, int shift, ByteBuffer[] out)
                throws IOException {
            Object arena = call(ofShared, null);
            Object segment;
            try {
                segment = call(mapSegment, ch, mode, position, size, arena);
                long chunkSize = 1L << shift;
                for (int i = 0; i < out.length; i++) {
                    long off = (long) i << shift;
                    out[i] = (ByteBuffer) call(asByteBuffer, call(asSlice, segment, off, Math.min(chunkSize, size - off)));
                }
            } catch (IOException | RuntimeException | Error e) {
                closeQuietly(arena);
                throw e;
            }
            Cleaner.Cleanable c = cleaner.register(out, () -> closeQuietly(arena));
            return new Releaser() {
                @Override
                public void force() {
                    try {
                        call(forceSegment, segment);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void release() {
                    c.clean();
                }
            };
        }

        private void closeQuietly(Object arena) {
            try {
                call(close, arena);
            } catch (IOException | RuntimeException e) {
                // already closed, or in use by a native call: the mapping then lives until the process ends
            }
        }

        private static Object call(Method m, Object target, Object... args) throws IOException {
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (t instanceof IOException) {
                    throw (IOException) t;
                }
                if (t instanceof RuntimeException) {
                    throw (RuntimeException) t;
                }
                if (t instanceof Error) {
                    throw (Error) t;
                }
                throw new IOException(t);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
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
        releaser.release();
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
        if (syncable) {
            releaser.force();
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
