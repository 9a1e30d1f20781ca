package org.npy4j.npz;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * Deflate on several cores, the pigz way. A member's bytes are cut into blocks; each block is deflated on its own
 * thread with the previous 32 KiB of input as preset dictionary (so matches still reach back across the cut) and ends
 * with a sync flush (an empty stored block that leaves the stream byte-aligned and not final); only the member's last
 * block is finished. Concatenated in order, the blocks form one valid raw deflate stream. The CRC-32 is computed on the
 * caller's thread as bytes arrive (it is far faster than deflate), so no CRC combining is needed.
 *
 * <p>Blocks of different members are in flight together, so many small members also use every core. The output stays
 * in archive order: an ordered queue of steps (start member, block, finish member) is drained on the caller's thread,
 * waiting for a block only when too many are in flight; memory is bounded by about {@code 2 * threads + 1} blocks.
 *
 * <p>A member that fits in one block is deflated exactly as the single-threaded path does (no dictionary, finished),
 * so its bytes still equal NumPy's; larger members differ from NumPy's bytes (but inflate to the same data).
 */
final class ParallelDeflate implements AutoCloseable {
    static final int DICTIONARY = 32 * 1024;

    private final ZipWriter zip;
    private final int level;
    private final int blockSize;
    private final int maxInFlight;
    private final ExecutorService pool;
    private final ArrayDeque<Object> steps = new ArrayDeque<>();
    private int inFlight;

    private static final class Start {
        final String name;

        Start(String name) {
            this.name = name;
        }
    }

    private static final class Finish {
        final long crc;
        final long size;

        Finish(long crc, long size) {
            this.crc = crc;
            this.size = size;
        }
    }

    private static final class Compressed {
        final byte[] bytes;
        final int length;

        Compressed(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    ParallelDeflate(ZipWriter zip, int threads, int level, int blockSize) {
        if (blockSize < 2 * DICTIONARY) {
            throw new IllegalArgumentException("block size below 64 KiB: " + blockSize);
        }
        this.zip = zip;
        this.level = level;
        this.blockSize = blockSize;
        this.maxInFlight = 2 * threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, "npy4j-deflate-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, f);
    }

    /** Returns the sink of a new member; its bytes reach the zip in order, after every earlier member's. */
    MemberSink member(String name) throws IOException {
        steps.addLast(new Start(name));
        drain(maxInFlight);
        return new Sink();
    }

    /** Writes every pending step; call before the central directory. */
    void drainAll() throws IOException {
        drain(-1);
    }

    private void submit(byte[] block, int length, byte[] previous, boolean last) throws IOException {
        Future<Compressed> f = pool.submit(() -> compress(block, length, previous, last));
        steps.addLast(f);
        inFlight++;
        drain(maxInFlight);
    }

    private Compressed compress(byte[] block, int length, byte[] previous, boolean last) {
        Deflater d = new Deflater(level, true);
        try {
            if (previous != null) {
                d.setDictionary(previous, previous.length - DICTIONARY, DICTIONARY);
            }
            d.setInput(block, 0, length);
            byte[] out = new byte[Math.max(1024, length / 2)];
            int used = 0;
            if (last) {
                d.finish();
                while (!d.finished()) {
                    if (used == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    used += d.deflate(out, used, out.length - used, Deflater.NO_FLUSH);
                }
            } else {
                // zlib's rule: repeat the flush while it fills the whole output buffer
                while (true) {
                    if (used == out.length) {
                        out = java.util.Arrays.copyOf(out, out.length * 2);
                    }
                    int room = out.length - used;
                    int k = d.deflate(out, used, room, Deflater.SYNC_FLUSH);
                    used += k;
                    if (k < room) {
                        break;
                    }
                }
            }
            return new Compressed(out, used);
        } finally {
            d.end();
        }
    }

    @SuppressWarnings("unchecked")
    private void drain(int allowed) throws IOException {
        while (!steps.isEmpty()) {
            Object s = steps.peekFirst();
            if (s instanceof Future) {
                Future<Compressed> f = (Future<Compressed>) s;
                if (allowed >= 0 && inFlight <= allowed && !f.isDone()) {
                    return;
                }
                Compressed c;
                try {
                    c = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while compressing");
                } catch (ExecutionException e) {
                    throw new IOException("deflate failed", e.getCause());
                }
                inFlight--;
                zip.write(c.bytes, 0, c.length);
            } else if (s instanceof Start) {
                zip.startEntry(((Start) s).name, Zip.DEFLATED);
            } else {
                Finish fin = (Finish) s;
                zip.finishEntry(fin.crc, fin.size);
            }
            steps.removeFirst();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        steps.clear();
    }

    private final class Sink extends MemberSink {
        private byte[] block = new byte[blockSize];
        private int fill;
        private byte[] previous;

        @Override
        void accept(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (fill == block.length) {
                    submit(block, fill, previous, false);
                    previous = block;
                    block = new byte[blockSize];
                    fill = 0;
                }
                int k = Math.min(len, block.length - fill);
                System.arraycopy(b, off, block, fill, k);
                fill += k;
                off += k;
                len -= k;
            }
        }

        @Override
        void complete() throws IOException {
            submit(block, fill, previous, true);
            block = null;
            previous = null;
            steps.addLast(new Finish(crc.getValue(), size));
            drain(maxInFlight);
        }
    }
}
