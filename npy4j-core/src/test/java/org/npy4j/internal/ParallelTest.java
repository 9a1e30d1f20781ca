package org.npy4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    @Test
    void combineEqualsTheCrcOfTheWhole() {
        Random r = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = new byte[r.nextInt(5000)];
            r.nextBytes(b);
            int cut = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            long a = crc(b, 0, cut);
            long c = crc(b, cut, b.length - cut);
            assertEquals(crc(b, 0, b.length), Crc32s.combine(a, c, b.length - cut), "cut " + cut + " of " + b.length);
        }
    }

    @Test
    void combineOfLongZeroRunsMatchesTheJdk() {
        // a 3 GiB second part would take long to checksum: zeros make the expected value cheap to build piecewise
        byte[] mib = new byte[1 << 20];
        long whole = crc(mib, 0, 1);
        CRC32 ref = new CRC32();
        ref.update(mib, 0, 1);
        long zeros = 0;
        for (int i = 0; i < 3 * 1024 + 5; i++) {
            ref.update(mib);
            zeros = Crc32s.combine(zeros, crc(mib, 0, mib.length), mib.length);
        }
        assertEquals(ref.getValue(), Crc32s.combine(whole, zeros, (3L * 1024 + 5) << 20));
    }

    @Test
    void partsCoverTheRangeAlignedAndInOrder() throws IOException {
        long total = 100L << 20;
        long[] seen = new long[2 * Parallel.threads() + 2];
        long[] values = Parallel.run(total, 24, (i, from, to) -> {
            assertEquals(0, from % 24);
            seen[2 * i] = from;
            seen[2 * i + 1] = to;
            return i * 10L;
        });
        assertEquals(Parallel.partsFor(total), values.length);
        long at = 0;
        for (int i = 0; i < values.length; i++) {
            assertEquals(i * 10L, values[i]);
            assertEquals(at, seen[2 * i]);
            at = seen[2 * i + 1];
        }
        assertEquals(total, at);
    }

    @Test
    void smallJobsStayOnTheCallersThread() throws IOException {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        long[] v = Parallel.run(Parallel.MIN_PARALLEL_BYTES - 1, 1, (i, from, to) -> {
            threads.add(Thread.currentThread());
            return to - from;
        });
        assertArrayEquals(new long[] {Parallel.MIN_PARALLEL_BYTES - 1}, v);
        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void failuresReachTheCallerUnchanged() {
        IOException boom = new IOException("boom");
        IOException got = assertThrows(IOException.class, () -> Parallel.run(64L << 20, 1, (i, from, to) -> {
            if (i == Parallel.partsFor(64L << 20) - 1) {
                throw boom;
            }
            return 0;
        }));
        assertSame(boom, got);
        InternalError fault = new InternalError("a fault occurred in an unsafe memory access");
        assertSame(fault, assertThrows(InternalError.class, () -> Parallel.run(64L << 20, 1, (i, from, to) -> {
            throw fault;
        })));
    }

    @Test
    void aBlockedPoolNeverStopsTheCaller() throws Exception {
        // occupy every pool thread; the caller must still finish the job by running all parts itself
        int busy = Math.max(1, Parallel.threads() - 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(busy);
        Thread blocker = new Thread(() -> {
            try {
                Parallel.run(Parallel.MIN_PARALLEL_BYTES * (busy + 1), 1, (i, from, to) -> {
                    if (i > 0) {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return 0;
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        blocker.start();
        boolean blocked = started.await(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            long[] v = Parallel.run(64L << 20, 1, (i, from, to) -> to - from);
            long sum = 0;
            for (long x : v) {
                sum += x;
            }
            assertEquals(64L << 20, sum);
        } finally {
            release.countDown();
            blocker.join();
        }
        assertTrue(blocked || Parallel.threads() == 1);
    }
}
