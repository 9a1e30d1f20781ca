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
 * {@code ./npy tour} through the launcher, as the README's first command: it must finish well within a minute and
 * every section must run and say what it showed. With NumPy present, NumPy's verdict on the files must be positive.
 */
class TourIT {
    @TempDir
    Path tmp;

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

        String[] sections = r.out().split("\n\n");
        for (String key : List.of("1.", "2.", "3.", "4.", "5.", "6.", "7.")) {
            String body = List.of(sections).stream().filter(x -> x.startsWith(key)).findFirst()
                    .orElseThrow(() -> new AssertionError("no section " + key + " in\n" + r.out()));
            assertFalse(body.contains("skipped:"), "section " + key + " skipped:\n" + body);
        }
        assertFalse(r.out().contains("section(s) skipped"), r.out());
        assertTrue(r.out().contains("identical"), r.out());
        if (Py.available()) {
            assertTrue(r.out().contains("found every value as expected"), r.out());
        }
        assertTrue(r.out().contains(".files -> ['features', 'labels', 'meta']"), r.out());
        assertTrue(r.out().contains("['arr_0', 'arr_1', 'arr_2']"), r.out());
        assertTrue(r.out().contains("faster to write"), r.out());
        assertTrue(r.out().contains("kept: [3, 4, 5]"), r.out());
        assertTrue(r.out().contains("resumes from epoch 5 (weights[0,0] = 5.0)"), r.out());
        // the temporary folder is gone afterwards
        String dir = r.out().lines().findFirst().orElseThrow().replaceAll(".* in ", "");
        assertFalse(Files.exists(Path.of(dir)), dir + " left behind");
    }
}
