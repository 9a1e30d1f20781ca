package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.npy.AtomicWrite;

/**
 * Kills a child JVM with SIGKILL ({@link Process#destroyForcibly()} on Linux) at random moments while it saves a
 * 64 MiB array over an existing good file, 50 times. After every kill the target must load as a complete array of
 * one generation (the old one or a newer one, never a partial or mixed file), and the temporary files of killed saves
 * must not pile up: the next successful save cleans them.
 */
class AtomicSaveCrashTest {
    private static final int TRIALS = 50;

    @Test
    void killedSavesLeaveTheOldOrTheNewFileAndNoPileOfTemporaryFiles(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("big.npy");
        Npy.save(target, AtomicSaver.generation(0));
        Random random = new Random(8); // fixed seed: the same kill moments every run, up to scheduling
        long last = 0;
        int newer = 0;
        int killedMidSave = 0;
        int maxTemps = 0;
        for (int t = 0; t < TRIALS; t++) {
            long first = (t + 1) * 1_000_000L;
            Process p = ChildJvm.start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), AtomicSaver.class,
                    target.toString(), Long.toString(first));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "child did not start");
            // count "saved" lines as they come: destroyForcibly closes our end of the pipe
            AtomicInteger saves = new AtomicInteger();
            Thread counter = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("saved ")) {
                            saves.incrementAndGet(); // printed after Npy.save returned, its cleanup included
                        }
                    }
                } catch (IOException e) {
                    // the pipe closed under us by the kill
                }
            });
            counter.start();
            try {
                Thread.sleep(random.nextInt(500));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
                counter.join(10_000);
            }
            int temps = temps(dir);
            if (temps > 0) {
                killedMidSave++;
            }
            maxTemps = Math.max(maxTemps, temps);
            if (saves.get() > 0) {
                assertTrue(temps <= 1, "trial " + t + ": " + temps + " temporary files after a successful save (only"
                        + " the one of the save killed in progress may remain)");
            }
            long g = AtomicSaver.check(Npy.load(target));
            assertTrue(g == last || g >= first, "trial " + t + ": generation " + g + " after " + last);
            if (g != last) {
                newer++;
            }
            last = g;
        }
        Npy.save(target, AtomicSaver.generation(-1));
        assertEquals(-1, AtomicSaver.check(Npy.load(target)));
        System.out.println("atomic save crash test: " + TRIALS + " kills, " + newer + " after a completed save, "
                + killedMidSave + " with a save in progress, at most " + maxTemps + " temporary files at once");
        assertTrue(killedMidSave > 0, "no kill landed during a save: the test proves nothing");
        assertEquals(0, temps(dir), "a successful save leaves no temporary file of earlier killed saves");
    }

    private static int temps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(".big.npy.")
                    && p.getFileName().toString().endsWith(AtomicWrite.TEMP_SUFFIX)).count();
        }
    }
}
