package org.npy4j.npz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.array.Storage;
import org.npy4j.internal.Crc32s;
import org.npy4j.internal.MappedCopy;
import org.npy4j.internal.Parallel;

/**
 * The uncompressed bytes of one member, read with positional reads (so members of one archive can be read from
 * several threads at once) and never more than the member's declared size: a deflate stream that would inflate past
 * it is a format error as soon as the first extra byte appears (a zip bomb stops there, allocating nothing). When the
 * last declared byte is delivered the deflate stream must end and the CRC-32 must match, before the caller sees it.
 */
final class MemberInput extends InputStream implements ReadableByteChannel {
    /**
     * Large stored members are copied out of a read-only mapping instead of read: {@code FileChannel.read} into a
     * heap array copies through a temporary direct buffer (two copies, the second over memory no longer in cache),
     * the mapping gives one copy plus page faults, and the CRC-32 then runs over each piece while it is still in
     * cache. Off on Windows, where a mapping (unmapped only by GC) locks the file, and with
     * {@code -Dnpy4j.noMappedRead=true}, as for {@code .npy} files.
     */
    static final boolean MAPPED_READ = !System.getProperty("os.name", "").startsWith("Windows")
            && !Boolean.getBoolean("npy4j.noMappedRead");
    /** Stored members with fewer data bytes are read: mapping and unmapping cost more than they save. */
    static final long MAPPED_READ_MIN = 1L << 20;
    /** Copy, then checksum, this many bytes at a time: small enough to stay in L2 between the two passes. */
    static final int PIECE = 1 << 18;
    private final FileChannel ch;
    private final String where;
    private final long size;
    private final long expectedCrc;
    private final Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final byte[] raw;
    private long rawPos;
    private long rawLeft;
    private long produced;
    private boolean closed;

    MemberInput(FileChannel ch, String where, ZipMember m, long dataStart) {
        this.ch = ch;
        this.where = where;
        this.size = m.size;
        this.expectedCrc = m.crc;
        this.rawPos = dataStart;
        this.rawLeft = m.compressedSize;
        this.inflater = m.method == Zip.DEFLATED ? new Inflater(true) : null;
        this.raw = new byte[(int) Math.min(1 << 16, Math.max(1, m.compressedSize))];
    }

    long remaining() {
        return size - produced;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] tmp = new byte[Math.min(dst.remaining(), 1 << 16)];
        int n = read(tmp, 0, tmp.length);
        if (n > 0) {
            dst.put(tmp, 0, n);
        }
        return n;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException(where + ": member stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (produced >= size) {
            return -1;
        }
        int want = (int) Math.min(len, size - produced);
        int n = inflater == null ? readStored(b, off, want) : inflate(b, off, want);
        crc.update(b, off, n);
        produced += n;
        if (produced == size) {
            atEnd();
        }
        return n;
    }

    private int readStored(byte[] b, int off, int want) throws IOException {
        if (rawLeft <= 0) {
            throw new NpyTruncatedException(where, rawPos, "stored member ends after " + produced + " of its declared "
                    + size + " bytes");
        }
        int k = (int) Math.min(want, rawLeft);
        ByteBuffer bb = ByteBuffer.wrap(b, off, k);
        int n = ch.read(bb, rawPos);
        if (n < 0) {
            throw new NpyTruncatedException(where, rawPos, "archive ends inside the member");
        }
        rawPos += n;
        rawLeft -= n;
        return n;
    }

    private boolean feed() throws IOException {
        if (rawLeft <= 0) {
            return false;
        }
        int k = (int) Math.min(raw.length, rawLeft);
        ByteBuffer bb = ByteBuffer.wrap(raw, 0, k);
        while (bb.hasRemaining()) {
            if (ch.read(bb, rawPos + bb.position()) < 0) {
                throw new NpyTruncatedException(where, rawPos + bb.position(), "archive ends inside the member");
            }
        }
        rawPos += k;
        rawLeft -= k;
        inflater.setInput(raw, 0, k);
        return true;
    }

    private int inflate(byte[] b, int off, int want) throws IOException {
        try {
            while (true) {
                int n = inflater.inflate(b, off, want);
                if (n > 0) {
                    return n;
                }
                if (inflater.finished()) {
                    throw new NpyTruncatedException(where, -1, "deflate stream ends after " + produced
                            + " of the member's declared " + size + " bytes");
                }
                if (inflater.needsDictionary()) {
                    throw new NpyFormatException(where, "deflate stream asks for a preset dictionary");
                }
                if (inflater.needsInput() && !feed()) {
                    throw new NpyTruncatedException(where, rawPos, "compressed data ends after " + produced
                            + " of the member's declared " + size + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new NpyFormatException(where, -1, "corrupt deflate data: " + e.getMessage(), e);
        }
    }

    /** All declared bytes were delivered: the deflate stream must end here and the CRC must agree. */
    private void atEnd() throws IOException {
        if (inflater != null) {
            byte[] probe = new byte[1];
            try {
                while (!inflater.finished()) {
                    if (inflater.inflate(probe, 0, 1) > 0) {
                        throw new NpyFormatException(where, "member inflates past its declared size of " + size
                                + " bytes (a zip bomb or a corrupt directory); stopped there");
                    }
                    if (inflater.finished()) {
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        throw new NpyFormatException(where, "deflate stream asks for a preset dictionary");
                    }
                    if (inflater.needsInput() && !feed()) {
                        throw new NpyTruncatedException(where, rawPos, "deflate stream does not end after the"
                                + " member's declared " + size + " bytes");
                    }
                }
            } catch (DataFormatException e) {
                throw new NpyFormatException(where, -1, "corrupt deflate data: " + e.getMessage(), e);
            }
        }
        checkCrc(crc.getValue());
    }

    private void checkCrc(long actual) throws NpyFormatException {
        if (actual != expectedCrc) {
            throw new NpyFormatException(where, String.format("bad CRC-32: the directory says %08x, the data gives %08x",
                    expectedCrc, actual));
        }
    }

    /**
     * Copies the rest of a stored member (exactly {@code storage.byteSize()} bytes, all that remains) into
     * {@code storage} out of read-only mappings of the archive, in contiguous parts on several threads
     * ({@link Parallel}), each copying {@link #PIECE} bytes at a time and checksumming them while they are in cache;
     * the parts' CRCs are combined and checked as {@link #read} would at the member's end. {@code beforeCopy} (a
     * test hook, normally null) runs in each part after its mapping was made, just before the copy.
     *
     * @throws NpyTruncatedException if the archive is shorter than the member (also when it shrinks during the copy)
     * @throws NpyFormatException if the CRC-32 does not match
     */
    void readStoredMapped(Storage storage, Runnable beforeCopy) throws IOException {
        if (closed) {
            throw new IOException(where + ": member stream closed");
        }
        long n = size - produced;
        if (inflater != null || n != storage.byteSize() || n > rawLeft) {
            throw new IllegalStateException(where + ": not the rest of a stored member");
        }
        long base = rawPos;
        long fileSize = ch.size();
        if (fileSize < base + n) {
            throw new NpyTruncatedException(where, fileSize, "archive ends inside the member (" + (base + n - fileSize)
                    + " of its bytes missing)");
        }
        long[] lengths = new long[Parallel.partsFor(n)];
        long[] crcs = Parallel.run(n, 1, (index, from, to) -> {
            lengths[index] = to - from;
            CRC32 c = new CRC32();
            MappedCopy.copy(ch, base, from, to, PIECE, where, beforeCopy, MappedCopy.intoStorage(storage, c));
            return c.getValue();
        });
        long value = Crc32s.combine(crc.getValue(), crcs, lengths);
        rawPos += n;
        rawLeft -= n;
        produced += n;
        checkCrc(value);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
