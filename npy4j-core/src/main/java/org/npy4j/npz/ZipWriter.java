package org.npy4j.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.npy4j.array.Storage;
import org.npy4j.internal.Crc32s;
import org.npy4j.internal.Parallel;

/**
 * The zip container as CPython >= 3.11.4 writes it for NumPy ({@code ZipFile.open(name, 'w', force_zip64=True)}):
 * a local header with a zip64 extra (usize first), the member bytes, then either the local header patched in place
 * (seekable output) or a zip64 data descriptor (a plain stream); at the end the central directory, with zip64 extras
 * and a zip64 end record only past CPython's limits. The caller compresses; this class only lays bytes out.
 *
 * <p>Only the list of finished entries (name, CRC, sizes, offset) is kept, so memory grows with the member count, never
 * with the data.
 */
final class ZipWriter {
    private final FileChannel channel;
    private final OutputStream stream;
    private long position;
    private final List<Entry> entries = new ArrayList<>();
    private Entry open;
    private final byte[] one = new byte[1];
    /**
     * Small pieces (headers, tiny members) are gathered here: one system call per 64 KiB instead of four per member,
     * and a small member's local header is usually patched while still in this buffer.
     */
    private final byte[] buf = new byte[1 << 16];
    private int bufLen;
    /** Test hook: give every central entry a zip64 extra, as other writers do (CPython only does past 2^31 - 1). */
    boolean forceZip64Central;
    /** Test hook: always write the zip64 end record and locator. */
    boolean forceZip64End;

    private static final class Entry {
        final byte[] name;
        final int flags;
        final int method;
        final long offset;
        long crc;
        long csize;
        long usize;

        Entry(byte[] name, int flags, int method, long offset) {
            this.name = name;
            this.flags = flags;
            this.method = method;
            this.offset = offset;
        }
    }

    /** Writes to {@code channel} from its current position, patching local headers in place. */
    ZipWriter(FileChannel channel) throws IOException {
        this.channel = channel;
        this.stream = null;
        this.position = channel.position();
    }

    /** Writes to a stream that cannot seek: members get flag 0x0008 and a zip64 data descriptor. */
    ZipWriter(OutputStream stream) {
        this.channel = null;
        this.stream = stream;
    }

    long position() {
        return position;
    }

    /** True if the output is a file written with positional writes (so {@link #writeStoredBulk} works). */
    boolean seekable() {
        return channel != null;
    }

    /** Slices of bulk writes: the JDK copies each heap slice through a temporary direct buffer of its size. */
    static final int BULK_SLICE = 1 << 20;

    /**
     * Appends storage bytes {@code [start, start + length)} as member data with positional writes straight from the
     * storage, split by {@link Parallel} into contiguous parts written from several threads: one thread's copy into
     * the JDK's direct buffer and its checksum overlap the other's system call. Each part checksums a slice just
     * before writing it (so the write reads it from cache); returns the CRC-32 of the whole range.
     */
    long writeStoredBulk(Storage storage, long start, long length) throws IOException {
        if (channel == null) {
            throw new IllegalStateException("bulk writes need a file");
        }
        flush();
        long at = position;
        int shift = storage.chunkShift();
        long[] lengths = new long[Parallel.partsFor(length)];
        long[] crcs = Parallel.run(length, 1, (index, from, to) -> {
            lengths[index] = to - from;
            CRC32 c = new CRC32();
            long p = from;
            while (p < to) {
                long s = start + p;
                int ci = (int) (s >>> shift);
                ByteBuffer chunk = storage.chunk(ci);
                int off = (int) (s - ((long) ci << shift));
                int k = (int) Math.min(Math.min(BULK_SLICE, to - p), chunk.capacity() - off);
                chunk.limit(off + k).position(off);
                c.update(chunk.duplicate());
                long dst = at + p;
                while (chunk.hasRemaining()) {
                    channel.write(chunk, dst + (chunk.position() - off));
                }
                p += k;
            }
            return c.getValue();
        });
        long crc = Crc32s.combine(0, crcs, lengths);
        position += length;
        if (open != null) {
            open.csize += length;
        }
        return crc;
    }

    int entryCount() {
        return entries.size();
    }

    /** Starts member {@code name} compressed with {@code method}: writes its local header with CRC and sizes 0. */
    void startEntry(String name, int method) throws IOException {
        if (open != null) {
            throw new IllegalStateException("entry " + new String(open.name, StandardCharsets.UTF_8) + " still open");
        }
        byte[] n;
        int flags = 0;
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            n = name.getBytes(StandardCharsets.US_ASCII);
        } else {
            n = name.getBytes(StandardCharsets.UTF_8);
            flags |= Zip.FLAG_UTF8;
        }
        if (n.length > 0xFFFF) {
            throw new IllegalArgumentException("member name longer than 65535 bytes");
        }
        if (channel == null) {
            flags |= Zip.FLAG_DESCRIPTOR;
        }
        Entry e = new Entry(n, flags, method, position);
        write(localHeader(e), 0, Zip.LOCAL_HEADER + n.length + 20);
        open = e;
    }

    /** Appends member data (already compressed when the method says so). */
    void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (open != null) {
            open.csize += len;
        }
        if (len > buf.length - bufLen) {
            flush();
        }
        if (len >= buf.length) {
            emit(b, off, len, position);
        } else {
            System.arraycopy(b, off, buf, bufLen, len);
            bufLen += len;
        }
        position += len;
    }

    /** Writes the buffered bytes out; they belong at {@code position - bufLen}. */
    void flush() throws IOException {
        if (bufLen > 0) {
            emit(buf, 0, bufLen, position - bufLen);
            bufLen = 0;
        }
    }

    private void emit(byte[] b, int off, int len, long at) throws IOException {
        if (channel != null) {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                channel.write(bb, at + (bb.position() - off));
            }
        } else {
            stream.write(b, off, len);
        }
    }

    /** Overwrites bytes already written at {@code at} (seekable output only), in the buffer or in the file. */
    private void patch(byte[] h, long at) throws IOException {
        long bufStart = position - bufLen;
        int inFile = (int) Math.max(0, Math.min(h.length, bufStart - at));
        if (inFile > 0) {
            ByteBuffer bb = ByteBuffer.wrap(h, 0, inFile);
            while (bb.hasRemaining()) {
                channel.write(bb, at + bb.position());
            }
        }
        if (inFile < h.length) {
            System.arraycopy(h, inFile, buf, (int) (at + inFile - bufStart), h.length - inFile);
        }
    }

    void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    /** Finishes the open member: patches its local header (or writes the data descriptor). */
    void finishEntry(long crc, long usize) throws IOException {
        Entry e = open;
        open = null;
        e.crc = crc;
        e.usize = usize;
        if (channel != null) {
            patch(localHeader(e), e.offset);
        } else {
            byte[] d = new byte[24];
            Zip.putInt(d, 0, Zip.DESCRIPTOR_SIG);
            Zip.putInt(d, 4, crc);
            Zip.putLong(d, 8, e.csize);
            Zip.putLong(d, 16, e.usize);
            write(d, 0, d.length);
        }
        entries.add(e);
    }

    private byte[] localHeader(Entry e) {
        boolean descriptor = (e.flags & Zip.FLAG_DESCRIPTOR) != 0;
        byte[] h = new byte[Zip.LOCAL_HEADER + e.name.length + 20];
        Zip.putInt(h, 0, Zip.LOCAL_SIG);
        Zip.putShort(h, 4, Zip.VERSION_ZIP64);
        Zip.putShort(h, 6, e.flags);
        Zip.putShort(h, 8, e.method);
        Zip.putShort(h, 10, 0);
        Zip.putShort(h, 12, Zip.DOS_DATE_1980);
        Zip.putInt(h, 14, descriptor ? 0 : e.crc);
        Zip.putInt(h, 18, Zip.U32);
        Zip.putInt(h, 22, Zip.U32);
        Zip.putShort(h, 26, e.name.length);
        Zip.putShort(h, 28, 20);
        System.arraycopy(e.name, 0, h, Zip.LOCAL_HEADER, e.name.length);
        int x = Zip.LOCAL_HEADER + e.name.length;
        Zip.putShort(h, x, 1);
        Zip.putShort(h, x + 2, 16);
        // NB CPython's order in the local zip64 extra: uncompressed size first, then compressed
        Zip.putLong(h, x + 4, descriptor ? 0 : e.usize);
        Zip.putLong(h, x + 12, descriptor ? 0 : e.csize);
        return h;
    }

    /** Writes the central directory and end records. */
    void finish() throws IOException {
        if (open != null) {
            throw new IllegalStateException("an entry is still open");
        }
        long cdOffset = position;
        for (Entry e : entries) {
            boolean bigSizes = forceZip64Central || e.usize > Zip.ZIP64_LIMIT || e.csize > Zip.ZIP64_LIMIT;
            boolean bigOffset = forceZip64Central || e.offset > Zip.ZIP64_LIMIT;
            int extraLen = (bigSizes || bigOffset) ? 4 + 8 * ((bigSizes ? 2 : 0) + (bigOffset ? 1 : 0)) : 0;
            byte[] c = new byte[Zip.CENTRAL_HEADER + e.name.length + extraLen];
            Zip.putInt(c, 0, Zip.CENTRAL_SIG);
            Zip.putShort(c, 4, Zip.MADE_BY);
            Zip.putShort(c, 6, Zip.VERSION_ZIP64);
            Zip.putShort(c, 8, e.flags);
            Zip.putShort(c, 10, e.method);
            Zip.putShort(c, 12, 0);
            Zip.putShort(c, 14, Zip.DOS_DATE_1980);
            Zip.putInt(c, 16, e.crc);
            Zip.putInt(c, 20, bigSizes ? Zip.U32 : e.csize);
            Zip.putInt(c, 24, bigSizes ? Zip.U32 : e.usize);
            Zip.putShort(c, 28, e.name.length);
            Zip.putShort(c, 30, extraLen);
            Zip.putShort(c, 32, 0);
            Zip.putShort(c, 34, 0);
            Zip.putShort(c, 36, 0);
            Zip.putInt(c, 38, Zip.EXTERNAL_ATTR);
            Zip.putInt(c, 42, bigOffset ? Zip.U32 : e.offset);
            System.arraycopy(e.name, 0, c, Zip.CENTRAL_HEADER, e.name.length);
            int x = Zip.CENTRAL_HEADER + e.name.length;
            if (extraLen > 0) {
                Zip.putShort(c, x, 1);
                Zip.putShort(c, x + 2, extraLen - 4);
                x += 4;
                if (bigSizes) {
                    Zip.putLong(c, x, e.usize);
                    Zip.putLong(c, x + 8, e.csize);
                    x += 16;
                }
                if (bigOffset) {
                    Zip.putLong(c, x, e.offset);
                }
            }
            write(c, 0, c.length);
        }
        long cdEnd = position;
        long cdSize = cdEnd - cdOffset;
        long count = entries.size();
        if (forceZip64End || count > Zip.FILECOUNT_LIMIT || cdOffset > Zip.ZIP64_LIMIT || cdSize > Zip.ZIP64_LIMIT) {
            byte[] z = new byte[Zip.ZIP64_EOCD + Zip.ZIP64_LOCATOR];
            Zip.putInt(z, 0, Zip.ZIP64_EOCD_SIG);
            Zip.putLong(z, 4, 44);
            Zip.putShort(z, 12, Zip.VERSION_ZIP64);
            Zip.putShort(z, 14, Zip.VERSION_ZIP64);
            Zip.putInt(z, 16, 0);
            Zip.putInt(z, 20, 0);
            Zip.putLong(z, 24, count);
            Zip.putLong(z, 32, count);
            Zip.putLong(z, 40, cdSize);
            Zip.putLong(z, 48, cdOffset);
            Zip.putInt(z, 56, Zip.ZIP64_LOCATOR_SIG);
            Zip.putInt(z, 60, 0);
            Zip.putLong(z, 64, cdEnd);
            Zip.putInt(z, 72, 1);
            write(z, 0, z.length);
            count = Math.min(count, Zip.FILECOUNT_LIMIT);
            cdSize = Math.min(cdSize, Zip.U32);
            cdOffset = Math.min(cdOffset, Zip.U32);
        }
        byte[] end = new byte[Zip.EOCD];
        Zip.putInt(end, 0, Zip.EOCD_SIG);
        Zip.putShort(end, 8, (int) count);
        Zip.putShort(end, 10, (int) count);
        Zip.putInt(end, 12, cdSize);
        Zip.putInt(end, 16, cdOffset);
        write(end, 0, end.length);
        flush();
        if (stream != null) {
            stream.flush();
        }
    }
}
