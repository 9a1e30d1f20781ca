package org.npy4j.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.header.NpyHeader;
import org.npy4j.npy.NpyWriter;

/**
 * Writes an {@code .npz} member by member, streaming: each array goes straight from its storage through the
 * compressor into the archive, so the archive (and any array bigger than a buffer) is never held in memory.
 * The layout is exactly what {@code np.savez} / {@code np.savez_compressed} write with CPython >= 3.11.4 on POSIX.
 *
 * <pre>{@code
 * try (NpzWriter w = Npz.writer(Path.of("d.npz")).compressed(true).open()) {
 *     w.add("x", x).add("y", y);                   // np.savez_compressed('d.npz', x=x, y=y)
 * }
 * }</pre>
 *
 * <p><b>Atomic.</b> A writer for a path writes a temporary file in the target's directory; {@link #close()} forces
 * it to disk and renames it over the target. If adding a member fails (an I/O error, an exception from the array's
 * storage), the temporary file is deleted at once, the target is left as it was, and the writer refuses further use.
 * If <em>your</em> code fails between two {@code add} calls, call {@link #abort()} (or the archive written so far
 * would be published by {@code close}).
 *
 * <p><b>Compression.</b> {@code threads(1)} deflates each member as one zlib stream at the chosen level (NumPy's is
 * 6), giving bytes identical to {@code np.savez_compressed} (with the stock zlib Java ships). With more threads (the
 * default: every available core) members are compressed concurrently and a member larger than the block size
 * (1 MiB) is split into blocks deflated in parallel, the pigz way; NumPy and every zip reader read the result, but
 * members larger than one block are no longer byte-identical to NumPy's. Stored archives are always identical.
 */
public final class NpzWriter implements AutoCloseable {
    static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Contiguous arrays at least this large are written to a stored member with parallel positional writes. */
    static final long BULK_MIN = 1L << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private final ZipWriter zip;
    private final boolean compressed;
    private final int level;
    private final ParallelDeflate parallel;
    private final Set<String> names = new HashSet<>();
    private MemberSink current;
    private boolean done;

    private NpzWriter(Builder b) throws IOException {
        this.compressed = b.compressed;
        this.level = b.level;
        if (b.path != null) {
            this.target = b.path;
            Path dir = target.toAbsolutePath().getParent();
            Path t = null;
            FileChannel ch = null;
            for (int attempt = 0; ch == null; attempt++) {
                t = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + ".tmp");
                try {
                    ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            StandardOpenOption.READ);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 8) {
                        throw e;
                    }
                }
            }
            this.temp = t;
            this.channel = ch;
            this.stream = null;
            this.zip = new ZipWriter(ch);
        } else {
            this.target = null;
            this.temp = null;
            this.channel = null;
            this.stream = b.stream;
            this.zip = new ZipWriter(b.stream);
        }
        this.parallel = compressed && b.threads > 1 ? new ParallelDeflate(zip, b.threads, level, b.blockSize) : null;
    }

    /**
     * Returns a builder for an archive at {@code path} ({@code .npz} appended when missing, case-sensitively as NumPy).
     *
     * @param path the archive path
     * @return a new builder
     */
    public static Builder builder(Path path) {
        Objects.requireNonNull(path, "path");
        String n = path.getFileName().toString();
        return new Builder(n.endsWith(".npz") ? path : path.resolveSibling(n + ".npz"), null);
    }

    /**
     * Returns a builder for an archive written to {@code out} (not closed), which need not seek: members then carry
     * data descriptors, as Python's zipfile writes to an unseekable stream. Such an archive is not atomic.
     *
     * @param out the stream to write to
     * @return a new builder
     */
    public static Builder builder(OutputStream out) {
        return new Builder(null, Objects.requireNonNull(out, "out"));
    }

    /** The container, for test hooks. */
    ZipWriter zipForTests() {
        return zip;
    }

    /**
     * Returns the path the archive appears at on {@link #close()}, or null for a stream.
     *
     * @return the final path
     */
    public Path path() {
        return target;
    }

    /**
     * Adds member {@code name + ".npy"} holding {@code array}'s {@code .npy} bytes (exactly what {@code np.save}
     * writes). Names are written as given, as NumPy does ({@code "a/b"} stays {@code a/b.npy}).
     *
     * @param name the member name without {@code .npy}
     * @param array the array
     * @return this writer
     * @throws IllegalArgumentException before anything is written, for an object array (NumPy's
     *     {@code allow_pickle=False} refusal), a name containing NUL (NumPy's zipfile would silently cut it) or a name
     *     already added
     * @throws IOException if writing fails (the archive is then abandoned)
     */
    public NpzWriter add(String name, NdArray array) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(array, "array");
        checkArray(array);
        // the header first: an array NumPy could not save either is refused before the member is started
        NpyHeader h = NpyWriter.header(array);
        byte[] hb = h.encode();
        return member(name + ".npy", sink -> {
            sink.write(hb, 0, hb.length);
            long bytes = array.byteSize();
            if (sink instanceof MemberSink.Stored && ((MemberSink.Stored) sink).bulk() && bytes >= BULK_MIN
                    && (h.fortranOrder() ? array.isFContiguous() : array.isCContiguous())) {
                ((MemberSink.Stored) sink).writeBulk(array.storage(), array.offset(), bytes);
            } else {
                NpyWriter.writeData(array, h.fortranOrder(), sink::write);
            }
        });
    }

    /**
     * Adds member {@code name + ".npy"} whose data {@code producer} writes, for arrays produced row by row that never
     * exist whole in memory. {@code header} is what {@code np.save} writes for the array (make it with
     * {@link NpyHeader#of}); the producer must then write exactly {@link NpyHeader#dataBytes()} bytes in file order
     * (C order, or Fortran order when the header says so), else the archive is abandoned like any failed write.
     *
     * <pre>{@code
     * w.add("rows", NpyHeader.of(DType.FLOAT64, new long[] {n, 3}, false), out -> {
     *     for (long r = 0; r < n; r++) out.write(nextRowAsLittleEndianBytes());
     * });
     * }</pre>
     *
     * @param name the member name without {@code .npy}
     * @param header the array's header
     * @param producer writes the data
     * @return this writer
     * @throws IOException if writing fails or the producer miscounts (the archive is then abandoned)
     */
    public NpzWriter add(String name, NpyHeader header, DataProducer producer) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(producer, "producer");
        if (header.dtype().hasObject()) {
            throw new IllegalArgumentException("Object arrays cannot be saved when allow_pickle=False"
                    + " (npy4j never writes pickled data)");
        }
        byte[] h = header.encode();
        long expected = header.dataBytes();
        return member(name + ".npy", sink -> {
            sink.write(h, 0, h.length);
            long start = sink.size;
            producer.writeData(new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    if (sink.size - start + src.remaining() > expected) {
                        throw new IOException(name + ": producer wrote more than the " + expected
                                + " data bytes its header declares");
                    }
                    return sink.write(src);
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            });
            if (sink.size - start != expected) {
                throw new IOException(name + ": producer wrote " + (sink.size - start) + " of the " + expected
                        + " data bytes its header declares");
            }
        });
    }

    /** Writes the data bytes of a member added with {@link #add(String, NpyHeader, DataProducer)}. */
    @FunctionalInterface
    public interface DataProducer {
        /**
         * Writes all data bytes to {@code out} (do not close it).
         *
         * @param out where the bytes go
         * @throws IOException if the data cannot be produced or written
         */
        void writeData(WritableByteChannel out) throws IOException;
    }

    /**
     * Adds a member named exactly {@code memberName} holding {@code content} (for non-array members such as a
     * {@code README.txt}; NumPy lists them and returns their bytes).
     *
     * @param memberName the exact member name
     * @param content the bytes (copied)
     * @return this writer
     * @throws IOException if writing fails (the archive is then abandoned)
     */
    public NpzWriter addBytes(String memberName, byte[] content) throws IOException {
        Objects.requireNonNull(memberName, "memberName");
        byte[] copy = content.clone();
        return member(memberName, sink -> {
            if (sink instanceof MemberSink.Stored && ((MemberSink.Stored) sink).bulk() && copy.length >= BULK_MIN) {
                ((MemberSink.Stored) sink).writeBulk(Storage.wrap(copy), 0, copy.length);
            } else {
                sink.write(copy, 0, copy.length);
            }
        });
    }

    /** Refuses what NumPy refuses without {@code allow_pickle}, before anything is written. */
    static void checkArray(NdArray array) {
        if (array.dtype().hasObject()) {
            throw new IllegalArgumentException("Object arrays cannot be saved when allow_pickle=False"
                    + " (npy4j never writes pickled data)");
        }
    }

    private interface Body {
        void writeTo(MemberSink sink) throws IOException;
    }

    private NpzWriter member(String memberName, Body body) throws IOException {
        if (done) {
            throw new IllegalStateException("writer is closed");
        }
        if (memberName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("member name contains NUL: " + memberName.replace("\0", "\\x00"));
        }
        if (names.contains(memberName)) {
            throw new IllegalArgumentException("duplicate member name " + memberName);
        }
        try {
            current = parallel != null ? parallel.member(memberName)
                    : compressed ? new MemberSink.Deflating(zip, memberName, level)
                    : new MemberSink.Stored(zip, memberName);
            body.writeTo(current);
            MemberSink s = current;
            current = null;
            s.finish();
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
            throw e;
        }
        names.add(memberName);
        return this;
    }

    /** Abandons the archive: the temporary file is deleted and the target path is left untouched. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        cleanup(null);
    }

    private void fail(Throwable e) {
        done = true;
        cleanup(e);
    }

    private void cleanup(Throwable e) {
        if (current != null) {
            current.abandon();
            current = null;
        }
        if (parallel != null) {
            parallel.close();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException x) {
                if (e != null) {
                    e.addSuppressed(x);
                }
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException x) {
                if (e != null) {
                    e.addSuppressed(x);
                }
            }
        }
    }

    /** Writes the central directory, forces the file to disk and renames it into place (nothing after a failure). */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        try {
            if (parallel != null) {
                parallel.drainAll();
                parallel.close();
            }
            zip.finish();
            if (channel != null) {
                channel.force(true);
                channel.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(target.toAbsolutePath().getParent());
            } else {
                stream.flush();
            }
            done = true;
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
            throw e;
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS); best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // not possible on every platform; the data itself is already forced
        }
    }

    /** Options of an archive being written; {@link #open()} starts it. */
    public static final class Builder {
        private final Path path;
        private final OutputStream stream;
        private boolean compressed;
        private int level = 6;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int blockSize = DEFAULT_BLOCK_SIZE;

        Builder(Path path, OutputStream stream) {
            this.path = path;
            this.stream = stream;
        }

        /**
         * Deflate members ({@code savez_compressed}) instead of storing them ({@code savez}, the default).
         *
         * @param on true for deflate
         * @return this builder
         */
        public Builder compressed(boolean on) {
            this.compressed = on;
            return this;
        }

        /**
         * Deflate level 0..9 (default 6, the only level NumPy uses).
         *
         * @param level the level
         * @return this builder
         */
        public Builder level(int level) {
            if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
                throw new IllegalArgumentException("deflate level must be 0..9: " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Compression threads (default: available processors). 1 gives bytes identical to {@code np.savez_compressed};
         * more is faster but only members up to one block (1 MiB) keep NumPy's exact bytes.
         *
         * @param threads the number of threads, at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Block size of parallel compression (tests use small blocks; at least 64 KiB). */
        Builder blockSize(int bytes) {
            if (bytes < 2 * ParallelDeflate.DICTIONARY) {
                throw new IllegalArgumentException("block size below 64 KiB: " + bytes);
            }
            this.blockSize = bytes;
            return this;
        }

        /**
         * Returns the path the archive will have ({@code .npz} appended when missing), or null for a stream.
         *
         * @return the archive path
         */
        public Path path() {
            return path;
        }

        /**
         * Starts the archive (creates the temporary file next to the target).
         *
         * @return the writer
         * @throws IOException if the temporary file cannot be created
         */
        public NpzWriter open() throws IOException {
            return new NpzWriter(this);
        }
    }
}
