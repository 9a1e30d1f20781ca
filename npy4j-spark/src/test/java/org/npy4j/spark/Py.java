package org.npy4j.spark;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs python3 with NumPy (the core's test helper is not published as a test jar, so this module has its own):
 * skips locally when NumPy is missing, fails in CI ({@code CI} set).
 */
final class Py {
    private static Boolean available;

    private Py() {
    }

    static synchronized void requireNumpy() {
        if (available == null) {
            try {
                available = exec("import numpy", new String[0])[0].equals("0");
            } catch (IOException e) {
                available = false;
            }
        }
        if (!available) {
            if (System.getenv("CI") != null) {
                fail("python3 with numpy is required in CI");
            }
            Assumptions.abort("python3 with numpy not available");
        }
    }

    /** Runs {@code script} (with {@code np}, {@code struct}, {@code sys}, {@code os} imported); returns stdout. */
    static String run(String script, String... args) {
        requireNumpy();
        try {
            String[] r = exec("import numpy as np, struct, sys, os, glob\n" + script, args);
            if (!r[0].equals("0")) {
                fail("python3 exited " + r[0] + ":\n" + r[2]);
            }
            return r[1];
        } catch (IOException e) {
            throw new AssertionError("could not run python3", e);
        }
    }

    private static String[] exec(String script, String[] args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    /**
     * Python source defining {@code canon(value, dtype)}: one row's values as text that {@link Canon} produces from
     * Spark's row, exact for every dtype (float bits, UTF-8 hex, epoch microseconds or days, NaT).
     */
    static final String CANON = String.join("\n",
            "def fbits(v, size):",
            "    if size >= 8: return str(struct.unpack('<q', struct.pack('<d', float(v)))[0])",
            "    return str(struct.unpack('<i', struct.pack('<f', float(np.float32(v))))[0])",
            "def canon(v, dt):",
            "    if dt.names is not None:",
            "        return '|'.join(canon(v[n], dt.fields[n][0]) for n in dt.names)",
            "    if dt.subdtype is not None:",
            "        base = dt.subdtype[0]",
            "        return '|'.join(canon(e, base) for e in np.asarray(v).reshape(-1))",
            "    if isinstance(v, np.ndarray) and v.ndim > 0:",
            "        return '|'.join(canon(e, dt) for e in v.reshape(-1))",
            "    k = dt.kind",
            "    if k == 'b': return str(int(bool(v)))",
            "    if k in 'iu': return str(int(v))",
            "    if k == 'f': return fbits(v, dt.itemsize)",
            "    if k == 'c': return fbits(np.real(v), dt.itemsize // 2) + '|' + fbits(np.imag(v), dt.itemsize // 2)",
            "    if k == 'U': return str(v).encode('utf-8').hex()",
            "    if k in 'SV': return bytes(v).hex()",
            "    if k in 'Mm':",
            "        if np.isnat(v): return 'NaT'",
            "        unit = np.datetime_data(dt)[0]",
            "        if k == 'M' and unit == 'D' and np.datetime_data(dt)[1] == 1: return str(int(v.astype(np.int64)))",
            "        if k == 'm' and unit in ('Y', 'M'): return str(int(v.astype('m8[M]').astype(np.int64)))",
            "        return str(int(v.astype(k + '8[us]').astype(np.int64)))",
            "    raise ValueError(dt)",
            "");
}
