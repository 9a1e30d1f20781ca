package org.npy4j.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A live elapsed-time counter on the terminal for steps that may take over a second: silent for the first second,
 * then {@code label ... 2.3 s} redrawn in place on stderr. Only when a console is attached, so logs stay clean.
 */
final class Progress implements AutoCloseable {
    private final Thread ticker;
    private volatile boolean done;
    private volatile boolean drawn;

    Progress(String label) {
        PrintStream err = System.err;
        boolean live = interactive();
        long t0 = System.nanoTime();
        ticker = new Thread(() -> {
            try {
                Thread.sleep(1000);
                while (!done && live) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    err.print(String.format(Locale.ROOT, "\r%s ... %.1f s ", label, s));
                    err.flush();
                    drawn = true;
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "npy-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /**
     * True when stdout/stderr go to a terminal. From JDK 22 {@code System.console()} exists even when redirected, and
     * {@code Console.isTerminal()} (absent on 17) tells; it is looked up reflectively so one jar serves both.
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        }
    }

    @Override
    public void close() {
        done = true;
        ticker.interrupt();
        try {
            ticker.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }
}
