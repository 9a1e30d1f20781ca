package org.npy4j.internal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits one bulk job (a copy between a file and memory, a CRC) into contiguous parts run on the caller's thread and
 * on a few pooled daemon threads. The caller never waits for a pool thread to <em>start</em>: parts no pool thread has
 * claimed by the time the caller is done with its own are run by the caller, so a busy or tiny pool only costs the
 * speed-up, never progress. Only parts already running elsewhere are waited for.
 *
 * <p>How many threads one job may use: the system property {@code npy4j.threads} (1 = never parallel), by default
 * {@code min(availableProcessors, 4)} — memory copies stop scaling past a few threads.
 *
 * <p>Not API: this package is not exported by the module.
 *
 * <p>Thread safety: safe to call from any number of threads at once (they share the pool).
 */
public final class Parallel {
    /** Jobs smaller than this stay on the caller's thread: handing work over costs tens of microseconds. */
    public static final long MIN_PARALLEL_BYTES = 8L << 20;
    /** Each part gets at least this many bytes. */
    private static final long MIN_PART_BYTES = 4L << 20;

    private static final int THREADS = threadsFromProperty();
    private static volatile ThreadPoolExecutor pool;

    private Parallel() {
    }

    /** One contiguous part {@code [from, to)} of a job; returns a value kept per part (a CRC, say). */
    @FunctionalInterface
    public interface Part {
        /**
         * Runs the part.
         *
         * @param index the part's index, 0 for the first
         * @param from the first byte of the part
         * @param to the end of the part (exclusive)
         * @return a value the caller gets back for this part
         * @throws IOException if the part fails; the job then fails with it
         */
        long run(int index, long from, long to) throws IOException;
    }

    /**
     * Returns how many threads one job may use.
     *
     * @return at least 1
     */
    public static int threads() {
        return THREADS;
    }

    private static int threadsFromProperty() {
        int cpus = Runtime.getRuntime().availableProcessors();
        int def = Math.max(1, Math.min(cpus, 4));
        String s = System.getProperty("npy4j.threads");
        if (s == null || s.isBlank()) {
            return def;
        }
        try {
            return Math.max(1, Math.min(64, Integer.parseInt(s.trim())));
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /**
     * Returns into how many parts a job of {@code bytes} is split: 1 below {@link #MIN_PARALLEL_BYTES} or with one
     * thread, otherwise up to {@link #threads()}, each part at least a few MiB.
     *
     * @param bytes the size of the job
     * @return the number of parts, at least 1
     */
    public static int partsFor(long bytes) {
        if (THREADS <= 1 || bytes < MIN_PARALLEL_BYTES) {
            return 1;
        }
        return (int) Math.max(1, Math.min(THREADS, bytes / MIN_PART_BYTES));
    }

    /**
     * Runs {@code part} over {@code [0, total)} split into {@link #partsFor(long) partsFor(total)} contiguous parts,
     * each boundary a multiple of {@code align} (so elements are never split), and returns each part's value in order.
     * Exceptions thrown by a part (also {@link Error}s, such as the {@link InternalError} of a fault in a mapped file)
     * reach the caller unchanged once every running part has ended.
     *
     * @param total the size of the job
     * @param align part boundaries are multiples of this (at least 1)
     * @param part the work of one part
     * @return the value of every part, in order of position
     * @throws IOException the first failure of a part
     */
    public static long[] run(long total, long align, Part part) throws IOException {
        int k = partsFor(total);
        long[] bounds = new long[k + 1];
        for (int i = 1; i < k; i++) {
            long b = total / k * i;
            bounds[i] = b - b % Math.max(1, align);
        }
        bounds[k] = total;
        long[] values = new long[k];
        if (k == 1) {
            values[0] = part.run(0, 0, total);
            return values;
        }
        AtomicIntegerArray claimed = new AtomicIntegerArray(k);
        CountDownLatch done = new CountDownLatch(k);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable[] jobs = new Runnable[k];
        for (int i = 0; i < k; i++) {
            int idx = i;
            jobs[i] = () -> {
                if (!claimed.compareAndSet(idx, 0, 1)) {
                    return;
                }
                try {
                    if (failure.get() == null) {
                        values[idx] = part.run(idx, bounds[idx], bounds[idx + 1]);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            };
        }
        ThreadPoolExecutor p = pool();
        for (int i = 1; i < k; i++) {
            try {
                p.execute(jobs[i]);
            } catch (RuntimeException rejected) {
                break; // the caller runs what no pool thread took
            }
        }
        for (int i = 0; i < k; i++) {
            jobs[i].run();
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // parts running elsewhere write into the caller's memory: wait for them
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IOException(t);
        }
        return values;
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger n = new AtomicInteger();
                    int size = Math.max(1, THREADS - 1);
                    p = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "npy4j-io-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    p.allowCoreThreadTimeOut(true);
                    pool = p;
                }
            }
        }
        return p;
    }
}
