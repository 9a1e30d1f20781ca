package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyText;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;

/**
 * {@code ./npy tour} through the launcher, as the README's first command: it must finish well within a minute, every
 * section must succeed, and a section may only be "skipped" while the library call it shows is still a stub in this
 * build (probed here in-process). With NumPy present, NumPy's verdict on the files must be positive.
 */
class TourIT {
    @TempDir
    Path tmp;

    /** True if {@code call} still throws the facades' {@code UnsupportedOperationException("TODO")}. */
    private interface Call {
        void run() throws Exception;
    }

    private static boolean stub(Call call) {
        try {
            call.run();
            return false;
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void launcherHandsJavaOptsToTheJvm() throws Exception {
        ProcessBuilder bad = new ProcessBuilder("bash", CliIT.ROOT.resolve("npy").toString(), "--version");
        bad.environment().put("JAVA_OPTS", "-XX:+NoSuchJvmFlagForNpy");
        CliIT.Run r = CliIT.exec(bad, 60);
        assertTrue(r.code() != 0 && r.err().contains("NoSuchJvmFlagForNpy"), r.err());
        ProcessBuilder good = new ProcessBuilder("bash", CliIT.ROOT.resolve("npy").toString(), "--version");
        good.environment().put("JAVA_OPTS", "-Xmx64m -Dfile.encoding=UTF-8");
        CliIT.Run ok = CliIT.exec(good, 60);
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("npy (npy4j) "), ok.out());
        assertEquals("", ok.err(), "no build notice: the jar is up to date after package");
    }

    @Test
    void tourRunsThroughTheLauncher() throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("bash", CliIT.ROOT.resolve("npy").toString(), "tour")
                .directory(CliIT.ROOT.toFile());
        pb.environment().remove("JAVA_OPTS");
        CliIT.Run r = CliIT.exec(pb, 120);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("FAILED"), r.out());
        assertTrue(seconds < 60, "tour took " + seconds + " s");

        NdArray z = NdArray.zeros(DType.FLOAT64, 2);
        Map<String, Boolean> stubs = new LinkedHashMap<>();
        stubs.put("1.", stub(() -> Npy.save(tmp.resolve("a.npy"), z)));
        boolean npz = stub(() -> Npz.savez(tmp.resolve("a.npz"), Map.of("a", z)));
        stubs.put("2.", npz);
        stubs.put("3.", npz);
        stubs.put("4.", npz || stub(() -> Npz.savezCompressed(tmp.resolve("b.npz"), Map.of("a", z))));
        stubs.put("5.", stub(() -> Npy.create(tmp.resolve("m.npy"), DType.FLOAT64, new long[] {2}, Order.C, true).close())
                || stub(() -> Npy.map(tmp.resolve("m.npy"), org.npy4j.npy.MapMode.READ_ONLY).close()));
        stubs.put("6.", stub(() -> NpyText.savetxt(tmp.resolve("a.txt"), z)));

        String[] sections = r.out().split("\n\n");
        for (Map.Entry<String, Boolean> e : stubs.entrySet()) {
            String body = List.of(sections).stream().filter(s -> s.startsWith(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no section " + e.getKey() + " in\n" + r.out()));
            if (!e.getValue()) {
                assertFalse(body.contains("skipped"), "section " + e.getKey() + " skipped although its API works:\n" + body);
            } else {
                assertTrue(body.contains("skipped: ") && body.contains("not implemented"), body);
            }
        }
        assertTrue(r.out().contains("identical"), r.out());
        if (Py.available()) {
            assertTrue(r.out().contains("found every value as expected"), r.out());
        }
        if (!stubs.get("2.")) {
            assertTrue(r.out().contains(".files -> ['features', 'labels', 'meta']"), r.out());
            assertTrue(r.out().contains("['arr_0', 'arr_1', 'arr_2']"), r.out());
        }
        if (!stubs.get("6.")) {
            assertTrue(r.out().contains("faster to write"), r.out());
        }
        // the temporary folder is gone afterwards
        String dir = r.out().lines().findFirst().orElseThrow().replaceAll(".* in ", "");
        assertFalse(Files.exists(Path.of(dir)), dir + " left behind");
    }
}
