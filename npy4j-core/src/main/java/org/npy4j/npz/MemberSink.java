package org.npy4j.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.npy4j.array.Storage;
import org.npy4j.internal.Crc32s;

/**
 * Where the {@code .npy} bytes of one member go: a channel the core {@code .npy} writer writes into, which computes the
 * CRC-32 and the size as the bytes pass and stores or deflates them into the zip. {@link #finish()} ends the member.
 */
abstract class MemberSink extends OutputStream implements WritableByteChannel {
    final CRC32 crc = new CRC32();
    long size;
    private byte[] scratch;
    private boolean open = true;

    @Override
    public final int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (src.hasArray()) {
            write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            if (scratch == null) {
                scratch = new byte[1 << 16];
            }
            while (src.hasRemaining()) {
                int k = Math.min(scratch.length, src.remaining());
                src.get(scratch, 0, k);
                write(scratch, 0, k);
            }
        }
        return n;
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        if (!open) {
            throw new IOException("member already finished");
        }
        crc.update(b, off, len);
        size += len;
        accept(b, off, len);
    }

    /** Handles bytes already counted in {@link #crc} and {@link #size}. */
    abstract void accept(byte[] b, int off, int len) throws IOException;

    /** Ends the member: flushes the compressor and finishes the zip entry. */
    void finish() throws IOException {
        open = false;
        complete();
    }

    abstract void complete() throws IOException;

    /** Releases native resources of a member that will never be finished. */
    void abandon() {
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** The writer keeps control of the member's end; closing the channel by the array writer is harmless. */
    @Override
    public void close() {
    }

    /** {@code np.savez}: the bytes as they are. */
    static final class Stored extends MemberSink {
        private final ZipWriter zip;
        /** CRC-32 of the bytes before those {@link #crc} counts (bulk writes are checksummed by their parts). */
        private long crcBefore;
        /** How many of the {@link #size} bytes {@link #crc} counts. */
        private long crcStart;

        Stored(ZipWriter zip, String name) throws IOException {
            this.zip = zip;
            zip.startEntry(name, Zip.STORED);
        }

        @Override
        void accept(byte[] b, int off, int len) throws IOException {
            zip.write(b, off, len);
        }

        /** Whether {@link #writeBulk} can be used: the archive is a seekable file. */
        boolean bulk() {
            return zip.seekable();
        }

        /**
         * Appends storage bytes {@code [start, start + length)} straight to the file, split into parts written (and
         * checksummed) in parallel; the same bytes as {@link #write(ByteBuffer)} of each chunk would give.
         */
        void writeBulk(Storage storage, long start, long length) throws IOException {
            if (!isOpen()) {
                throw new IOException("member already finished");
            }
            long c = zip.writeStoredBulk(storage, start, length);
            crcBefore = Crc32s.combine(Crc32s.combine(crcBefore, crc.getValue(), size - crcStart), c, length);
            crc.reset();
            size += length;
            crcStart = size;
        }

        @Override
        void complete() throws IOException {
            zip.finishEntry(Crc32s.combine(crcBefore, crc.getValue(), size - crcStart), size);
        }
    }

    /**
     * {@code np.savez_compressed}: one raw deflate stream, NO_FLUSH all the way and finished at the end, exactly as
     * CPython's {@code zlib.compressobj(level, DEFLATED, -15)} produces it, so the bytes equal NumPy's with stock zlib.
     */
    static final class Deflating extends MemberSink {
        private final ZipWriter zip;
        private final Deflater deflater;
        private final byte[] out = new byte[1 << 16];

        Deflating(ZipWriter zip, String name, int level) throws IOException {
            this.zip = zip;
            this.deflater = new Deflater(level, true);
            try {
                zip.startEntry(name, Zip.DEFLATED);
            } catch (IOException | RuntimeException e) {
                deflater.end();
                throw e;
            }
        }

        @Override
        void accept(byte[] b, int off, int len) throws IOException {
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
                zip.write(out, 0, n);
            }
        }

        @Override
        void complete() throws IOException {
            try {
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
                    zip.write(out, 0, n);
                }
                zip.finishEntry(crc.getValue(), size);
            } finally {
                deflater.end();
            }
        }

        @Override
        void abandon() {
            deflater.end();
        }
    }
}
