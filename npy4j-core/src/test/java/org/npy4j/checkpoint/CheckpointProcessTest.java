package org.npy4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other processes: a saver killed by SIGKILL at random moments, and the lock across processes. */
class CheckpointProcessTest {
    @TempDir
    Path dir;

    private static Process child(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null) {
            throw new AssertionError("child ended without output, exit " + waitExit(p));
        }
        return line;
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }

    @Test
    void killedSaverAlwaysLeavesACompleteLatestAndOnlyReportedLeftovers() throws Exception {
        Random rnd = new Random(11);
        long previous = -1;
        int sawLeftovers = 0;
        long start = System.nanoTime();
        for (int trial = 0; trial < 30; trial++) {
            Process p = child(KillChildMain.class, dir.toString(), rnd.nextBoolean() ? "compressed" : "stored",
                    rnd.nextBoolean() ? "async" : "sync");
            String ready = firstLine(p);
            assertTrue(ready.startsWith("ready "), ready);
            assertEquals(previous + 1, Long.parseLong(ready.substring(6)), "the child resumed from the latest step");
            Thread.sleep(rnd.nextInt(150));
            p.destroyForcibly(); // SIGKILL
            p.waitFor(20, TimeUnit.SECONDS);

            List<Path> before = temps();
            try (CheckpointStore s = CheckpointStore.open(dir)) {
                assertEquals(before, s.leftovers(), "every leftover is reported");
                assertEquals(List.of(), temps(), "and removed");
                Checkpoint c = s.latest().orElse(null);
                if (c == null) {
                    assertEquals(-1, previous, "a checkpoint once saved never disappears");
                    assertEquals(List.of(), s.steps());
                } else {
                    KillChildMain.check(c);
                    assertTrue(c.skipped().isEmpty(), "a kill never leaves a damaged file: " + c.skipped());
                    assertTrue(c.step() >= previous);
                    // every checkpoint file in the folder is complete, not only the latest
                    CheckpointListing l = s.listing();
                    assertEquals(List.of(), l.skipped());
                    assertEquals(c.step(), l.latest().getAsLong());
                    // a kill between the rename and retention leaves one file too many: retention catches up
                    s.prune(Retention.builder().keepLast(3).build());
                    assertTrue(s.steps().size() <= 3, s.steps().toString());
                    previous = c.step();
                }
                sawLeftovers += before.isEmpty() ? 0 : 1;
            }
        }
        System.out.printf("kill test: 30 trials in %.1f s, last step %d, %d trials left a temporary file%n",
                (System.nanoTime() - start) / 1e9, previous, sawLeftovers);
        assertTrue(previous >= 0, "no child ever completed a save");
    }

    @Test
    void lockHeldByAnotherProcess() throws Exception {
        Process holder = child(LockHolderMain.class, "hold", dir.toString());
        try {
            assertEquals("locked", firstLine(holder));
            CheckpointLockedException e = assertThrows(CheckpointLockedException.class, () -> CheckpointStore.open(dir));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
            try (CheckpointStore ro = CheckpointStore.open(dir,
                    CheckpointOptions.builder().readOnlyWhenLocked(true).build())) {
                assertTrue(ro.isReadOnly());
                assertThrows(IllegalStateException.class, () -> ro.save(1, Map.of()));
            }
        } finally {
            holder.getOutputStream().close(); // the holder closes its store and exits
            assertEquals(0, waitExit(holder));
        }
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            assertFalse(s.isReadOnly());
            s.save(1, CheckpointStoreTest.state(1));
            Process other = child(LockHolderMain.class, "try", dir.toString());
            String line = firstLine(other);
            assertEquals(0, waitExit(other));
            assertTrue(line.startsWith("refused: ") && line.contains("pid " + ProcessHandle.current().pid()), line);
        }
        Process after = child(LockHolderMain.class, "try", dir.toString());
        assertEquals("opened", firstLine(after));
        assertEquals(0, waitExit(after));
    }
}
