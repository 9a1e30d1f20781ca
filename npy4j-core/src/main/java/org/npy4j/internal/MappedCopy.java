package org.npy4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import org.npy4j.NpyTruncatedException;
import org.npy4j.array.Storage;

/**
 * Copies a range of a file out of read-only mappings (one copy, page faults instead of the kernel's copy into a
 * temporary direct buffer), window by window, and turns a file that shrinks meanwhile into
 * {@link NpyTruncatedException}. The fault of a truncated mapping (SIGBUS) raises {@link InternalError} in the copy
 * itself only in the interpreter; compiled code goes on with zeros and raises it at the thread's next transition into
 * the VM, wherever that is — so after every window this makes a native call ({@link FileChannel#size()}) inside its
 * {@code try} and compares the size, which also catches a truncation that faulted nowhere.
 *
 * <p>Not API: this package is not exported by the module. Thread safety: stateless; several threads may copy parts
 * of one file through the same channel.
 */
public final class MappedCopy {
    /** Largest window mapped at once. */
    static final long WINDOW = 1L << 30;

    private MappedCopy() {
    }

    /** Receives one piece: {@code n} bytes at {@code mapPos} of mapping {@code m}, which are range bytes {@code at..}. */
    @FunctionalInterface
    public interface Piece {
        /**
         * Consumes a piece.
         *
         * @param m the mapping of the current window
         * @param mapPos the piece's first byte in {@code m}
         * @param at the piece's offset in the copied range
         * @param n the piece's length
         */
        void copy(MappedByteBuffer m, int mapPos, long at, int n);
    }

    /**
     * Hands file bytes {@code [start + from, start + to)} to {@code sink} in pieces of at most {@code piece} bytes
     * (offsets relative to {@code start}; a piece never crosses a window, and windows and pieces are multiples of
     * {@code piece} from {@code from}).
     *
     * @param ch the file
     * @param start where the range's offsets start in the file
     * @param from the first offset copied
     * @param to the end of the copy (exclusive)
     * @param piece the largest piece (a power of two of at most 1 GiB, a multiple of any element size involved)
     * @param source names the file in errors
     * @param afterMap a test hook run after each window is mapped, or null
     * @param sink receives the pieces
     * @throws IOException a {@link NpyTruncatedException} if the file is or becomes shorter than the range
     */
    public static void copy(FileChannel ch, long start, long from, long to, int piece, String source, Runnable afterMap,
            Piece sink) throws IOException {
        long done = from;
        try {
            while (done < to) {
                long len = Math.min(WINDOW, to - done);
                MappedByteBuffer m;
                try {
                    m = ch.map(FileChannel.MapMode.READ_ONLY, start + done, len);
                } catch (IOException e) {
                    checkSize(ch, start + done + len, source); // a read-only map past the end is refused
                    throw e;
                }
                if (afterMap != null) {
                    afterMap.run();
                }
                for (long p = 0; p < len; ) {
                    int n = (int) Math.min(piece, len - p);
                    sink.copy(m, (int) p, done + p, n);
                    p += n;
                }
                checkSize(ch, start + done + len, source);
                done += len;
            }
        } catch (InternalError e) {
            throw new NpyTruncatedException(source, start + done, "file shrank while being read (" + e.getMessage()
                    + ")");
        }
    }

    private static void checkSize(FileChannel ch, long needed, String source) throws IOException {
        long now = ch.size();
        if (now < needed) {
            throw new NpyTruncatedException(source, now, "file shrank while being read (to " + now + " bytes; the"
                    + " data reaches at least byte " + needed + ")");
        }
    }

    /**
     * A sink copying each piece into heap storage at the same offset (pieces may span its chunks), checksumming it
     * right after the copy while it is in cache when {@code crc} is not null.
     *
     * @param storage the destination, heap storage with its offsets matching the range's
     * @param crc updated with the copied bytes in order, or null
     * @return the sink
     */
    public static Piece intoStorage(Storage storage, CRC32 crc) {
        int shift = storage.chunkShift();
        return (m, mapPos, at, n) -> {
            while (n > 0) {
                int c = (int) (at >>> shift);
                ByteBuffer chunk = storage.chunk(c);
                int off = (int) (at - ((long) c << shift));
                int k = Math.min(n, chunk.capacity() - off);
                int ao = chunk.arrayOffset() + off;
                m.get(mapPos, chunk.array(), ao, k);
                if (crc != null) {
                    crc.update(chunk.array(), ao, k);
                }
                at += k;
                mapPos += k;
                n -= k;
            }
        };
    }
}
