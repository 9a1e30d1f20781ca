package org.npy4j.npz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyLimitException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;

/**
 * Reads a zip's central directory: finds the end record by scanning back from the end of the file over at most
 * {@code 22 + 65535} bytes (the longest archive comment), follows a zip64 locator when present, and parses every
 * entry, resolving zip64 extras wherever they appear. Nothing but the tail and the directory is read; entry counts
 * and sizes are checked against the file before anything is allocated from them.
 */
final class ZipDirectory {
    final long cdOffset;
    final long cdSize;
    final List<ZipMember> members;

    private ZipDirectory(long cdOffset, long cdSize, List<ZipMember> members) {
        this.cdOffset = cdOffset;
        this.cdSize = cdSize;
        this.members = members;
    }

    static ZipDirectory read(FileChannel ch, String source, ReadLimits limits) throws IOException {
        long fileSize = ch.size();
        int tailLen = (int) Math.min(fileSize, Zip.EOCD + 0xFFFF + Zip.ZIP64_LOCATOR);
        long tailStart = fileSize - tailLen;
        byte[] tail = readFully(ch, tailStart, tailLen, source);
        int at = -1;
        for (int p = tailLen - Zip.EOCD; p >= 0; p--) {
            if (tail[p] == 'P' && tail[p + 1] == 'K' && tail[p + 2] == 5 && tail[p + 3] == 6
                    && p + Zip.EOCD + Zip.getShort(tail, p + 20) <= tailLen) {
                at = p;
                break;
            }
        }
        if (at < 0) {
            byte[] head = readFully(ch, 0, (int) Math.min(4, fileSize), source);
            if (head.length == 4 && Zip.getInt(head, 0) == Zip.LOCAL_SIG) {
                throw new NpyTruncatedException(source, fileSize,
                        "truncated zip archive: no end of central directory record (the archive was not fully written)");
            }
            throw new NpyFormatException(source, "not a zip archive (no end of central directory record)");
        }
        long eocdPos = tailStart + at;
        int disk = Zip.getShort(tail, at + 4);
        int cdDisk = Zip.getShort(tail, at + 6);
        long count = Zip.getShort(tail, at + 10);
        long cdSize = Zip.getInt(tail, at + 12);
        long cdOffset = Zip.getInt(tail, at + 16);
        long recordsStart = eocdPos;
        if (at >= Zip.ZIP64_LOCATOR && Zip.getInt(tail, at - Zip.ZIP64_LOCATOR) == Zip.ZIP64_LOCATOR_SIG) {
            long z64 = Zip.getLong(tail, at - Zip.ZIP64_LOCATOR + 8);
            long locatorPos = eocdPos - Zip.ZIP64_LOCATOR;
            if (z64 < 0 || z64 + Zip.ZIP64_EOCD > locatorPos) {
                throw new NpyFormatException(source, locatorPos, "zip64 locator points outside the archive");
            }
            byte[] r = readFully(ch, z64, Zip.ZIP64_EOCD, source);
            if (Zip.getInt(r, 0) != Zip.ZIP64_EOCD_SIG) {
                throw new NpyFormatException(source, z64, "zip64 end of central directory record missing");
            }
            disk = (int) Zip.getInt(r, 16);
            cdDisk = (int) Zip.getInt(r, 20);
            count = Zip.getLong(r, 32);
            cdSize = Zip.getLong(r, 40);
            cdOffset = Zip.getLong(r, 48);
            recordsStart = z64;
        } else if (count == 0xFFFF || cdSize == Zip.U32 || cdOffset == Zip.U32) {
            // only a problem if the values really are placeholders; a plain archive can have them exactly
            if (cdOffset + cdSize > eocdPos) {
                throw new NpyFormatException(source, eocdPos, "zip64 end record expected but missing");
            }
        }
        if (disk != 0 || cdDisk != 0) {
            throw new NpyUnsupportedException(source, "multi-disk (split) zip archives are not supported");
        }
        if (count < 0 || count > limits.maxNpzEntries()) {
            throw new NpyLimitException(source, "maxNpzEntries", count, limits.maxNpzEntries());
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > recordsStart) {
            throw new NpyTruncatedException(source, eocdPos, "central directory (offset " + cdOffset + ", " + cdSize
                    + " bytes) lies outside the archive: truncated or not a complete zip");
        }
        if (count * Zip.CENTRAL_HEADER > cdSize) {
            throw new NpyFormatException(source, eocdPos, "end record claims " + count + " entries but the central"
                    + " directory holds only " + cdSize + " bytes");
        }
        List<ZipMember> members = new ArrayList<>((int) count);
        Cursor in = new Cursor(ch, cdOffset, cdSize, source);
        for (int i = 0; i < count; i++) {
            long pos = in.position();
            byte[] h = in.read(Zip.CENTRAL_HEADER);
            if (Zip.getInt(h, 0) != Zip.CENTRAL_SIG) {
                throw new NpyFormatException(source, pos, "central directory entry " + i + " has a bad signature");
            }
            int flags = Zip.getShort(h, 8);
            int method = Zip.getShort(h, 10);
            long crc = Zip.getInt(h, 16);
            long csize = Zip.getInt(h, 20);
            long usize = Zip.getInt(h, 24);
            int nameLen = Zip.getShort(h, 28);
            int extraLen = Zip.getShort(h, 30);
            int commentLen = Zip.getShort(h, 32);
            int entryDisk = Zip.getShort(h, 34);
            long offset = Zip.getInt(h, 42);
            byte[] rawName = in.read(nameLen);
            byte[] extra = in.read(extraLen);
            in.skip(commentLen);
            String name = new String(rawName, (flags & Zip.FLAG_UTF8) != 0 ? StandardCharsets.UTF_8 : Zip.CP437);
            String where = source + ":" + name;
            long[] z = {usize, csize, offset, entryDisk};
            resolveZip64(extra, z, new boolean[] {usize == Zip.U32, csize == Zip.U32, offset == Zip.U32,
                    entryDisk == 0xFFFF}, where, pos);
            usize = z[0];
            csize = z[1];
            offset = z[2];
            if (z[3] != 0) {
                throw new NpyUnsupportedException(where, "member on another disk of a split archive");
            }
            if (usize < 0 || csize < 0 || offset < 0 || offset + Zip.LOCAL_HEADER + nameLen > cdOffset
                    || offset + Zip.LOCAL_HEADER + nameLen + csize > cdOffset) {
                throw new NpyFormatException(where, pos, "member (offset " + offset + ", " + csize
                        + " compressed bytes) does not fit before the central directory");
            }
            members.add(new ZipMember(i, name, rawName, flags, method, crc, csize, usize, offset));
        }
        return new ZipDirectory(cdOffset, cdSize, members);
    }

    /**
     * Replaces the 32-bit placeholders flagged in {@code want} by the zip64 extra's 8-byte values, which come in the
     * order (usize, csize, offset, disk) and only for the fields that need them.
     */
    static void resolveZip64(byte[] extra, long[] values, boolean[] want, String where, long pos)
            throws NpyFormatException {
        boolean any = false;
        for (boolean w : want) {
            any |= w;
        }
        if (!any) {
            return;
        }
        int p = 0;
        while (p + 4 <= extra.length) {
            int id = Zip.getShort(extra, p);
            int len = Zip.getShort(extra, p + 2);
            if (p + 4 + len > extra.length) {
                throw new NpyFormatException(where, pos, "corrupt extra field " + Integer.toHexString(id));
            }
            if (id == 1) {
                int q = p + 4;
                int end = q + len;
                for (int k = 0; k < 4; k++) {
                    if (!want[k]) {
                        continue;
                    }
                    int width = k == 3 ? 4 : 8;
                    if (q + width > end) {
                        throw new NpyFormatException(where, pos, "zip64 extra field too short");
                    }
                    values[k] = width == 8 ? Zip.getLong(extra, q) : Zip.getInt(extra, q);
                    q += width;
                }
                return;
            }
            p += 4 + len;
        }
        // no zip64 extra: a 0xFFFFFFFF is then a genuine 32-bit value of a plain zip, and stays
    }

    static byte[] readFully(FileChannel ch, long pos, int len, String source) throws IOException {
        byte[] b = new byte[len];
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos + bb.position());
            if (n < 0) {
                throw new NpyTruncatedException(source, pos + bb.position(), "unexpected end of archive");
            }
        }
        return b;
    }

    /** Buffered sequential reads of the central directory, never past its declared end. */
    private static final class Cursor {
        private final FileChannel ch;
        private final long end;
        private final String source;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private long bufPos;

        Cursor(FileChannel ch, long start, long size, String source) {
            this.ch = ch;
            this.end = start + size;
            this.source = source;
            this.bufPos = start;
            buf.limit(0);
        }

        long position() {
            return bufPos + buf.position();
        }

        byte[] read(int n) throws IOException {
            byte[] out = new byte[n];
            int done = 0;
            while (done < n) {
                if (!buf.hasRemaining()) {
                    refill();
                }
                int k = Math.min(n - done, buf.remaining());
                buf.get(out, done, k);
                done += k;
            }
            return out;
        }

        void skip(int n) throws IOException {
            read(n);
        }

        private void refill() throws IOException {
            long pos = position();
            if (pos >= end) {
                throw new NpyTruncatedException(source, pos, "central directory ends in the middle of an entry");
            }
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), end - pos));
            bufPos = pos;
            while (buf.hasRemaining()) {
                if (ch.read(buf, bufPos + buf.position()) < 0) {
                    throw new NpyTruncatedException(source, bufPos + buf.position(), "unexpected end of archive");
                }
            }
            buf.flip();
        }
    }
}
