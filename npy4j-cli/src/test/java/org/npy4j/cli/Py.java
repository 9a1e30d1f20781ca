package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs python3 with NumPy for the CLI's tests: skipped locally when missing, a failure in CI ({@code CI} set). */
final class Py {
    private static Boolean available;

    private Py() {
    }

    static synchronized boolean available() {
        if (available == null) {
            try {
                available = exec("import numpy", List.of()).startsWith("0\n");
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    static void require() {
        if (!available()) {
            if (System.getenv("CI") != null) {
                fail("python3 with numpy is required in CI");
            }
            Assumptions.abort("python3 with numpy not available");
        }
    }

    /** Runs {@code script} with {@code args}; returns its stdout, failing the test if it exits non-zero. */
    static String run(String script, String... args) {
        require();
        try {
            String r = exec(script, List.of(args));
            int nl = r.indexOf('\n');
            if (!r.startsWith("0\n")) {
                fail("python3 failed: " + r.substring(nl + 1));
            }
            return r.substring(nl + 1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Returns "exitcode\n" + stdout (or stderr when it failed). */
    private static String exec(String script, List<String> args) throws IOException {
        Path f = Files.createTempFile("npy-cli-test", ".py");
        try {
            Files.writeString(f, script, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of("python3", f.toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            int code = p.exitValue();
            return code + "\n" + new String(code == 0 ? out : err, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
