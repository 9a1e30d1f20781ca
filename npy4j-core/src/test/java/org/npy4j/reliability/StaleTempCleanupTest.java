package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.npy.NpyAppender;

/**
 * How {@code AtomicWrite} cleans the temporary files of killed saves without harming saves in progress: a leftover
 * (no process holds its lock) is deleted by the next save of the same target; a temporary file locked by a live
 * process, files of other targets and look-alike names that {@code AtomicWrite} never makes are left alone; and
 * concurrent saves of one target in one JVM all succeed.
 */
class StaleTempCleanupTest {
    @Test
    void leftoverOfAKilledSaveIsDeletedButOthersAreLeftAlone(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        Path leftover = Files.write(dir.resolve(".a.npy.k3x9q2.save.tmp"), new byte[100]);
        Path otherTarget = Files.write(dir.resolve(".b.npy.k3x9q2.save.tmp"), new byte[1]);
        Path lookAlike = Files.write(dir.resolve(".a.npy.NOT-OURS.save.tmp"), new byte[1]);
        Path unlockedKind = Files.write(dir.resolve(".a.npy.k3x9q2.tmp"), new byte[1]);
        Npy.save(target, small(1));
        assertFalse(Files.exists(leftover), "leftover of a killed save survived the next save");
        assertTrue(Files.exists(otherTarget), "a temporary file of another target was deleted");
        assertTrue(Files.exists(lookAlike), "a file whose name AtomicWrite never makes was deleted");
        assertTrue(Files.exists(unlockedKind), "a temporary file of the kind AtomicWrite.tempFor names (never"
                + " locked, so its liveness is unknown) was deleted");
        assertEquals(1, Npy.load(target).getLong(0));
    }

    @Test
    void temporaryFileLockedByALiveProcessIsLeftAlone(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        Path live = dir.resolve(".a.npy.l1ve.save.tmp");
        Process p = ChildJvm.start(List.of("-Xmx32m"), TempLocker.class, live.toString());
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("locked", line);
            Npy.save(target, small(1));
            assertTrue(Files.exists(live), "the temporary file of a save in progress in another process was deleted");
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        Npy.save(target, small(2));
        assertFalse(Files.exists(live), "once its process died, its temporary file is a leftover");
    }

    /** An appender keeps its temporary file open until close; a save of the same target must not take it. */
    @Test
    void aSaveWhileAnAppenderIsOpenDoesNotDeleteTheAppendersFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        try (NpyAppender app = Npy.appender(target, DType.parse("<i8"), new long[] {2}, true)) {
            app.append(new long[] {1, 2});
            Npy.save(target, small(7));
            app.append(new long[] {3, 4});
        }
        NdArray a = Npy.load(target);
        assertEquals(List.of(2L, 2L), List.of(a.shape()[0], a.shape()[1]), "the appender closed last and wins");
        assertEquals(4, a.getLong(1, 1));
    }

    @Test
    void concurrentSavesOfOneTargetAllSucceed(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long v = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        Npy.save(target, small(v * 100 + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long v = Npy.load(target).getLong(0);
        assertTrue(v % 100 == 24, "the last save of some thread wins: " + v);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "only the target is left");
        }
    }

    private static NdArray small(long v) {
        NdArray a = NdArray.zeros(DType.parse("<i8"), 1000);
        a.storage().putLong(0, v);
        return a;
    }
}
