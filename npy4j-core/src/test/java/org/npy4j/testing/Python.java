package org.npy4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code python3} with NumPy for interop tests. Outside CI a machine without NumPy skips those tests;
 * in CI ({@code CI} set) a missing NumPy fails them, so interop is never silently skipped there.
 */
public final class Python {
    private static Boolean available;
    private static String versionLine;

    private Python() {
    }

    /** Skips (locally) or fails (in CI) the calling test if python3 with NumPy is not available. */
    public static synchronized void requireNumpy() {
        if (available == null) {
            try {
                Result r = run0("import sys, numpy; print(sys.version_info[:3], numpy.__version__)", List.of(), null);
                available = r.exitCode == 0;
                versionLine = r.stdout.trim();
            } catch (IOException e) {
                available = false;
            }
        }
        if (!available) {
            if (System.getenv("CI") != null) {
                fail("python3 with numpy is required in CI (install python3-numpy)");
            }
            Assumptions.abort("python3 with numpy not available");
        }
    }

    /** Returns e.g. {@code "(3, 11, 7) 2.4.6"}. */
    public static String versionLine() {
        requireNumpy();
        return versionLine;
    }

    /** True if python3 is CPython >= 3.11.4 (the zip layout NumPy's savez output depends on). */
    public static boolean zipLayoutIsModern() {
        requireNumpy();
        try {
            Result r = run0("import sys; print(int(sys.version_info[:3] >= (3, 11, 4)))", List.of(), null);
            return r.stdout.trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code script} (Python source, NumPy importable as {@code np} after {@code import numpy as np}) with
     * {@code args} in {@code sys.argv[1:]}; fails the test with the script's stderr if it exits non-zero.
     * Returns its standard output.
     */
    public static String run(String script, String... args) {
        requireNumpy();
        try {
            Result r = run0(script, List.of(args), null);
            if (r.exitCode != 0) {
                fail("python3 exited " + r.exitCode + ":\n" + r.stderr + "\n--- script ---\n" + script);
            }
            return r.stdout;
        } catch (IOException e) {
            throw new AssertionError("could not run python3", e);
        }
    }

    /** Like {@link #run} but with {@code stdin} fed to the script. */
    public static String runWithInput(String script, byte[] stdin, String... args) {
        requireNumpy();
        try {
            Result r = run0(script, List.of(args), stdin);
            if (r.exitCode != 0) {
                fail("python3 exited " + r.exitCode + ":\n" + r.stderr + "\n--- script ---\n" + script);
            }
            return r.stdout;
        } catch (IOException e) {
            throw new AssertionError("could not run python3", e);
        }
    }

    /** The outcome of a python3 run. */
    public static final class Result {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** Runs a script and returns exit code and output without failing. */
    public static Result runRaw(String script, String... args) throws IOException {
        return run0(script, List.of(args), null);
    }

    private static Result run0(String script, List<String> args, byte[] stdin) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.add("-c");
        cmd.add(script);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t = new Thread(() -> copy(p.getErrorStream(), err));
            t.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            t.join();
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone; what was read is what there is
        }
    }

    /** Returns {@code p} as a string for passing to a script. */
    public static String arg(Path p) {
        return p.toAbsolutePath().toString();
    }
}
