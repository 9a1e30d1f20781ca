package org.npy4j.npy;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * MappedStorage lazy = MappedStorage.open(path, FileChannel.MapMode.READ_ONLY, 128, Files.size(path) - 128, 30, "big");
 * }</pre>
 *
 * <h2>Lazy mapping</h2>
 * {@link #open} (behind {@code Npy.map}) maps a chunk when an access first touches it, so opening a region of any
 * size costs the same (one {@code mmap} on Java 22+; on Java 17-21 none for a region of several chunks) and a fixed
 * amount of heap besides the chunk table (8 bytes per chunk: 800 bytes for 100 GB). The mapping runs under a lock
 * the first time only; after that, finding a chunk is one plain array read, as when every chunk was mapped at open. {@link #close()} unmaps only the chunks that were mapped. On Java 17-21 the
 * storage keeps its file open while chunks remain unmapped; an interrupt does not close it for other threads (the
 * interrupt flag is cleared around each {@code map} call and restored, and a channel closed by an interrupt anyway
 * is reopened if the path still names the same file). {@link #map} maps every chunk at once, as the caller keeps
 * its channel.
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
    /** The number of chunks: 0 for an empty region. */
    private final int count;
    private final boolean readOnly;
    /** True for read-write ({@code READ_WRITE}) mappings, the only ones whose pages go to the file. */
    private final boolean syncable;
    /** Guards {@link #raw}, {@link #mappedCount}, {@link #released} and the source's channel. */
    private final Object lock = new Object();
    /**
     * The chunks as mapped, null where not mapped yet (no duplicates: {@code invokeCleaner} refuses them); forced by
     * {@link #force()}, released by {@link #close()}. Guarded by {@link #lock}.
     */
    private final ByteBuffer[] raw;
    /** How many entries of {@link #raw} are set. Guarded by {@link #lock}. */
    private int mappedCount;
    /** Set by {@link #close()} before it releases; no chunk is mapped after. Guarded by {@link #lock}. */
    private boolean released;
    /** Maps chunks, forces and releases them. */
    private final Source source;
    /**
     * Little-endian views of the chunks, null where not mapped yet. An entry is written once, under {@link #lock},
     * with a release store ({@link #SLOT}) after the view is fully built, and read with a plain load: a thread that
     * sees it non-null then reads the buffer's fields through that reference, loads ordered after it by their
     * dependency on it on every CPU the JVM runs on (the ordering HotSpot's final-field guarantee itself rests on);
     * a thread that sees null takes the lock and finds it there. So finding a mapped chunk costs one plain array load,
     * as when every chunk was mapped at open.
     */
    private final ByteBuffer[] table;
    /**
     * {@link #table}, or {@code null} once closed. Deliberately not volatile: see the class Javadoc on threads.
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

    /** Release stores into {@link #table}. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(ByteBuffer[].class);

    private MappedStorage(String description, long size, int shift, int count, boolean readOnly, boolean syncable,
            Source source) {
        this.description = description;
        this.size = size;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.count = count;
        this.readOnly = readOnly;
        this.syncable = syncable;
        this.source = source;
        this.raw = new ByteBuffer[count];
        this.table = new ByteBuffer[Math.max(1, count)];
        if (count == 0) {
            // an empty region maps nothing, but chunk(0) must still answer, as for empty heap storage
            ByteBuffer empty = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            table[0] = readOnly ? empty.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN) : empty;
        }
        this.chunks = table;
    }

    /**
     * Maps {@code size} bytes of {@code channel} starting at file position {@code position} in chunks of
     * {@code 1 << chunkShift} bytes (3..30). Every chunk is mapped now (the caller keeps its channel, so later
     * mappings could not rely on it), and the channel may be closed afterwards: the mappings do not depend on it.
     * On Java 22 and later the region is one mapping, whatever its size. {@link #open} maps chunks lazily instead.
     * {@code description} names the storage in errors, e.g. {@code "MappedNpy(path=a.npy)"}.
     *
     * @param channel the open file
     * @param mode the JDK map mode
     * @param position the file position of the first byte
     * @param size the number of bytes to map
     * @param chunkShift log2 of the chunk size
     * @param description the storage's name in errors
     * @return the mapped storage; close it to unmap
     * @throws IllegalArgumentException if the region is negative or the chunk shift out of range
     * @throws IOException if the JDK cannot map the region (a read-write mapping past the end extends the file)
     */
    public static MappedStorage map(FileChannel channel, FileChannel.MapMode mode, long position, long size,
            int chunkShift, String description) throws IOException {
        Objects.requireNonNull(channel, "channel");
        return create(channel, false, null, mode, position, size, chunkShift, description);
    }

    /**
     * Opens {@code file} and maps {@code size} bytes of it from file position {@code position}, lazily: opening is
     * O(1) in the region's size, and each chunk of {@code 1 << chunkShift} bytes (3..30) is mapped when first
     * touched (on Java 22 and later the region is one mapping made now, cut into chunk buffers as they are touched).
     * While chunks remain unmapped, the storage keeps the file open (one descriptor), and {@link #close()} closes it;
     * a region of one chunk is mapped at once and the file closed. The file must hold the region (it is not
     * extended); a chunk that can no longer be mapped, e.g. because the file was truncated, makes the access that
     * first touches it throw {@link java.io.UncheckedIOException} naming {@code description}.
     *
     * @param file the file
     * @param mode the JDK map mode ({@code READ_WRITE} and {@code PRIVATE} open the file for writing)
     * @param position the file position of the first byte
     * @param size the number of bytes to map
     * @param chunkShift log2 of the chunk size
     * @param description the storage's name in errors
     * @return the mapped storage; close it to unmap
     * @throws IllegalArgumentException if the region is negative or the chunk shift out of range
     * @throws IOException if the file cannot be opened, is shorter than the region, or cannot be mapped
     */
    public static MappedStorage open(Path file, FileChannel.MapMode mode, long position, long size, int chunkShift,
            String description) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        OpenOption[] options = mode != FileChannel.MapMode.READ_ONLY
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
        Object key = fileKey(file);
        FileChannel ch = FileChannel.open(file, options);
        try {
            long fileSize = ch.size();
            if (position >= 0 && size >= 0 && position + size > fileSize) {
                throw new EOFException(description + ": the region ends at byte " + (position + size)
                        + ", the file has " + fileSize + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return mapOwned(ch, new Reopener(file, options, key), mode, position, size, chunkShift, description);
    }

    /**
     * Like {@link #open} for a channel the caller opened on {@code reopen}'s file: the storage owns {@code channel}
     * from now on (closes it when no chunk is left to map, at {@link #close()}, or if this throws).
     */
    static MappedStorage mapOwned(FileChannel channel, Reopener reopen, FileChannel.MapMode mode, long position,
            long size, int chunkShift, String description) throws IOException {
        Objects.requireNonNull(channel, "channel");
        try {
            return create(channel, true, reopen, mode, position, size, chunkShift, description);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /**
     * {@code path}'s file key ({@code (device, inode)} on Unix), or null if the file system has none; taken before a
     * file is opened and again when a lazy storage keeps its channel, to reopen only the same file.
     */
    static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static MappedStorage create(FileChannel channel, boolean owned, Reopener reopen, FileChannel.MapMode mode,
            long position, long size, int chunkShift, String description) throws IOException {
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
            if (owned) {
                channel.close();
            }
            return new MappedStorage(description, 0, chunkShift, 0, readOnly, false, Source.NONE);
        }
        Unmapper u = unmapsOnClose() ? UNMAPPER : Unmapper.GC;
        Source source = u.source(channel, owned, reopen, mode, position, size);
        MappedStorage s = new MappedStorage(description, size, chunkShift, (int) n, readOnly,
                mode == FileChannel.MapMode.READ_WRITE, source);
        source.attach(s);
        try {
            if (n == 1 || (!owned && source.needsChannel())) {
                // the caller's channel is not ours to keep; and one chunk (the common case) is mapped at once
                for (int i = 0; i < n; i++) {
                    s.mapChunk(i);
                }
            } else if (!source.needsChannel()) {
                source.allMapped(); // on Java 22+ the whole region is mapped already: the channel is not needed
            }
        } catch (UncheckedIOException e) {
            s.close();
            throw e.getCause();
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        if (n == 1) {
            ByteBuffer b = s.table[0];
            s.only = b;
            s.onlyWritable = readOnly ? null : b;
        }
        return s;
    }

    /**
     * Returns true if {@link #close()} unmaps at once: on Java 22+ through a shared {@code Arena} (safe even against
     * concurrent readers), below through {@code sun.misc.Unsafe.invokeCleaner} when present; false if neither is
     * available or {@code -Dnpy4j.mmap.unmap=false}.
     *
     * @return whether closing unmaps immediately
     */
    public static boolean unmapsOnClose() {
        return UNMAPPER != Unmapper.GC && !"false".equals(System.getProperty("npy4j.mmap.unmap"));
    }

    /** Maps chunk {@code i} if no thread has yet, and returns its little-endian view: the accessors' slow path. */
    private ByteBuffer mapChunk(int i) {
        synchronized (lock) {
            if (released) {
                throw closed();
            }
            ByteBuffer k = table[i];
            if (k != null) {
                return k;
            }
            long off = (long) i << shift;
            long len = Math.min(1L << shift, size - off);
            ByteBuffer r;
            try {
                r = source.map(off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(description + ": cannot map bytes [" + off + ", " + (off + len)
                        + "): " + e.getMessage(), e);
            }
            raw[i] = r;
            ByteBuffer le = r.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            SLOT.setRelease(table, i, le);
            if (++mappedCount == count) {
                source.allMapped();
            }
            return le;
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("already closed: " + description);
    }

    /** Reopens a storage's file if an interrupt closed its channel, but only if it is still the same file. */
    static final class Reopener {
        private final Path path;
        private final OpenOption[] options;
        /** The file key taken before the first open; null if unknown (then the file is never reopened). */
        private final Object keyBefore;

        Reopener(Path path, OpenOption[] options, Object keyBefore) {
            this.path = path;
            this.options = options.clone();
            this.keyBefore = keyBefore;
        }

        /** The key to check reopened files against: {@code keyBefore} if the file still has it, else null. */
        Object confirmedKey() {
            Object now = keyBefore == null ? null : fileKey(path);
            return now != null && now.equals(keyBefore) ? now : null;
        }

        FileChannel reopen(Object key) throws IOException {
            if (key == null || !key.equals(fileKey(path))) {
                throw new ClosedChannelException();
            }
            FileChannel ch = FileChannel.open(path, options);
            if (!key.equals(fileKey(path))) {
                ch.close();
                throw new ClosedChannelException();
            }
            return ch;
        }
    }

    /** Where one storage's chunks come from, and how they are forced and released. Called under the storage's lock. */
    private abstract static class Source {
        /** For an empty region, which maps nothing. */
        static final Source NONE = new Source() {
            @Override
            ByteBuffer map(long offset, long length) {
                throw new IllegalStateException("nothing to map");
            }

            @Override
            void force(ByteBuffer[] raw) {
            }

            @Override
            void release(ByteBuffer[] raw) {
            }
        };

        /** Called once the storage exists (a Java 22+ arena registers it with a {@link Cleaner}). */
        void attach(MappedStorage owner) {
        }

        /** True if {@link #map} reads the channel (Java 17-21, or unmapping left to the GC). */
        boolean needsChannel() {
            return false;
        }

        /** Maps {@code length} bytes at region offset {@code offset}. */
        abstract ByteBuffer map(long offset, long length) throws IOException;

        /** Every chunk is mapped: closes the channel if this source owns it. */
        void allMapped() {
        }

        /** Writes dirty pages of a shared read-write mapping to the file. */
        abstract void force(ByteBuffer[] raw);

        /** Unmaps now (or leaves it to the GC) and closes an owned channel. */
        abstract void release(ByteBuffer[] raw);
    }

    /** Java 17-21 (and {@code -Dnpy4j.mmap.unmap=false}): one {@code FileChannel.map} per chunk. */
    private static final class ChannelSource extends Source {
        private final FileChannel.MapMode mode;
        private final long position;
        private final long end;
        private final boolean owned;
        /** {@code sun.misc.Unsafe.invokeCleaner}, or null: the GC unmaps. */
        private final MethodHandle invokeCleaner;
        private final Reopener reopener;
        /** The key a reopened file must have; null: never reopen. */
        private Object key;
        /** The channel, null once no longer needed. */
        private FileChannel channel;
        private boolean keyTaken;

        ChannelSource(FileChannel channel, boolean owned, Reopener reopener, FileChannel.MapMode mode, long position,
                long size, MethodHandle invokeCleaner) {
            this.channel = channel;
            this.owned = owned;
            this.reopener = reopener;
            this.mode = mode;
            this.position = position;
            this.end = position + size;
            this.invokeCleaner = invokeCleaner;
        }

        @Override
        boolean needsChannel() {
            return true;
        }

        @Override
        ByteBuffer map(long offset, long length) throws IOException {
            if (channel == null) {
                throw new ClosedChannelException();
            }
            if (!keyTaken && owned && reopener != null) {
                keyTaken = true;
                key = reopener.confirmedKey();
            }
            // FileChannel is interruptible: an interrupted thread would close it for every later mapping. Clear the
            // flag for the call (and restore it), and reopen the same file if an interrupt lands during the call.
            boolean interrupted = Thread.interrupted();
            try {
                for (int attempt = 0; ; attempt++) {
                    try {
                        if (!channel.isOpen()) {
                            if (!owned || reopener == null) {
                                throw new ClosedChannelException();
                            }
                            channel = reopener.reopen(key);
                        }
                        if (owned) {
                            long fileSize = channel.size();
                            if (fileSize < end) {
                                // never let a read-write or private mapping extend a file that shrank after opening
                                throw new EOFException("the file shrank to " + fileSize + " bytes, the mapping needs "
                                        + end);
                            }
                        }
                        return channel.map(mode, position + offset, length);
                    } catch (ClosedChannelException e) {
                        interrupted |= Thread.interrupted();
                        if (attempt >= 2 || !owned || reopener == null || key == null) {
                            throw e;
                        }
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        void allMapped() {
            closeChannel();
        }

        private void closeChannel() {
            FileChannel ch = channel;
            channel = null;
            if (owned && ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // a read-only use of the descriptor: nothing is lost
                }
            }
        }

        @Override
        void force(ByteBuffer[] raw) {
            for (ByteBuffer b : raw) {
                if (b != null) {
                    ((MappedByteBuffer) b).force();
                }
            }
        }

        @Override
        void release(ByteBuffer[] raw) {
            closeChannel();
            if (invokeCleaner == null) {
                return;
            }
            for (ByteBuffer b : raw) {
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

    /** One way to map a region and release it. */
    private abstract static class Unmapper {
        /** Plain {@code FileChannel.map}; the GC unmaps. */
        static final Unmapper GC = new Unmapper() {
            @Override
            Source source(FileChannel ch, boolean owned, Reopener reopen, FileChannel.MapMode mode, long position,
                    long size) {
                return new ChannelSource(ch, owned, reopen, mode, position, size, null);
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

        /** The source of a storage's chunks; may map the whole region now (Java 22+). */
        abstract Source source(FileChannel ch, boolean owned, Reopener reopen, FileChannel.MapMode mode,
                long position, long size) throws IOException;
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
        Source source(FileChannel ch, boolean owned, Reopener reopen, FileChannel.MapMode mode, long position,
                long size) {
            return new ChannelSource(ch, owned, reopen, mode, position, size, invokeCleaner);
        }
    }

    /**
     * Java 22+: the whole region is one mapping in a shared {@code Arena}, sliced into chunk buffers as they are
     * touched; closing the arena unmaps, and the JDK makes any access racing with or following it throw
     * {@code IllegalStateException} instead of crashing. A {@link Cleaner} closes the arena if a storage is dropped
     * unclosed (a shared arena is never unmapped by the GC otherwise). Reached reflectively so that the library still
     * compiles for and runs on Java 17.
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
        Source source(FileChannel ch, boolean owned, Reopener reopen, FileChannel.MapMode mode, long position,
                long size) throws IOException {
            Object arena = call(ofShared, null);
            Object segment;
            try {
                segment = call(mapSegment, ch, mode, position, size, arena);
            } catch (IOException | RuntimeException | Error e) {
                closeQuietly(arena);
                throw e;
            }
            return new Source() {
                private Cleaner.Cleanable cleanable;

                @Override
                void attach(MappedStorage owner) {
                    cleanable = cleaner.register(owner, () -> closeQuietly(arena));
                }

                @Override
                ByteBuffer map(long offset, long length) throws IOException {
                    return (ByteBuffer) call(asByteBuffer, call(asSlice, segment, offset, length));
                }

                @Override
                void allMapped() {
                    if (owned) {
                        try {
                            ch.close();
                        } catch (IOException e) {
                            // the mapping does not need the channel
                        }
                    }
                }

                @Override
                void force(ByteBuffer[] raw) {
                    try {
                        call(forceSegment, segment);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                void release(ByteBuffer[] raw) {
                    allMapped();
                    if (cleanable != null) {
                        cleanable.clean();
                    } else {
                        closeQuietly(arena);
                    }
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

    /**
     * Returns true once {@link #close()} has run.
     *
     * @return whether it is closed
     */
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
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
            source.release(raw); // unmaps only the chunks that were mapped
        }
    }

    private ByteBuffer[] open() {
        ByteBuffer[] c = chunks;
        if (c == null) {
            throw closed();
        }
        return c;
    }

    /** The little-endian view of chunk {@code i} of the open table {@code c}, mapping it on first touch. */
    private ByteBuffer at(ByteBuffer[] c, int i) {
        ByteBuffer k = c[i];
        return k != null ? k : mapChunk(i);
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
        return Math.max(1, count);
    }

    @Override
    public ByteBuffer chunk(int i) {
        ByteBuffer[] t = open();
        Objects.checkIndex(i, t.length);
        ByteBuffer c = at(t, i);
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
            synchronized (lock) {
                if (released) {
                    throw closed();
                }
                source.force(raw); // chunks never mapped have no dirty pages
            }
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
            return at(c, (int) (offset >>> shift));
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
            ByteBuffer b = at(c, (int) (offset >>> shift));
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
            ByteBuffer b = at(c, (int) (offset >>> shift));
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
        return description + "[" + size + " bytes in " + count + " chunk(s) of 2^" + shift
                + (chunks == null ? ", closed" : "") + "]";
    }
}
