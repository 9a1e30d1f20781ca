package org.npy4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path dir;

    private CheckpointStore store(Retention r) throws IOException {
        return CheckpointStore.open(dir, CheckpointOptions.builder().retention(r).build());
    }

    @Test
    void keepAllIsTheDefault() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            for (long i = 1; i <= 12; i++) {
                s.save(i, CheckpointStoreTest.state(i));
            }
            assertEquals(12, s.steps().size());
        }
    }

    @Test
    void keepLastN() throws IOException {
        try (CheckpointStore s = store(Retention.builder().keepLast(3).build())) {
            for (long i = 1; i <= 12; i++) {
                s.save(i, CheckpointStoreTest.state(i));
                assertTrue(s.steps().size() <= 3);
            }
            assertEquals(List.of(10L, 11L, 12L), s.steps());
        }
    }

    @Test
    void keepBestKByMinAndMaxNewestAlwaysKept() throws IOException {
        double[] loss = {0, 5, 1, 4, 0.5, 3, 9, 8}; // steps 1..7; best (min) are 4 (0.5) and 2 (1)
        try (CheckpointStore s = store(Retention.builder().keepBest(2, "loss", Retention.Mode.MIN).build())) {
            for (int i = 1; i <= 7; i++) {
                s.save(i, CheckpointStoreTest.state(i), Map.of("loss", loss[i], "acc", -loss[i]));
            }
            assertEquals(List.of(2L, 4L, 7L), s.steps()); // 7 is the newest, worst, and still kept
            List<Path> gone = s.prune(Retention.builder().keepBest(1, "acc", Retention.Mode.MAX).build());
            assertEquals(List.of(dir.resolve("checkpoint_epoch_2.npz")), gone);
            assertEquals(List.of(4L, 7L), s.steps());
        }
    }

    @Test
    void checkpointsWithoutTheMetricNeverCountAsBest() throws IOException {
        try (CheckpointStore s = store(Retention.builder().keepBest(1, "loss", Retention.Mode.MIN).build())) {
            s.save(1, CheckpointStoreTest.state(1), Map.of("loss", 2.0));
            s.save(2, CheckpointStoreTest.state(2)); // no metric
            s.save(3, CheckpointStoreTest.state(3), Map.of("loss", Double.NaN));
            s.save(4, CheckpointStoreTest.state(4), Map.of("loss", 3.0));
            assertEquals(List.of(1L, 4L), s.steps());
        }
    }

    @Test
    void keepEveryKthStepForTheLongHistory() throws IOException {
        try (CheckpointStore s = store(Retention.builder().keepLast(2).keepEvery(5).build())) {
            for (long i = 1; i <= 17; i++) {
                s.save(i, CheckpointStoreTest.state(i));
            }
            assertEquals(List.of(5L, 10L, 15L, 16L, 17L), s.steps());
        }
    }

    @Test
    void keepOnePerTimeInterval() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            long t0 = 1_700_000_000_000L;
            long[] minutes = {0, 10, 59, 61, 62, 130, 140}; // steps 1..7
            for (int i = 0; i < minutes.length; i++) {
                Path p = s.save(i + 1, CheckpointStoreTest.state(i + 1));
                Files.setLastModifiedTime(p, FileTime.fromMillis(t0 + minutes[i] * 60_000));
            }
            List<Path> gone = s.prune(Retention.builder().keepEvery(Duration.ofHours(1)).build());
            assertEquals(List.of(2, 3, 5).stream().map(i -> dir.resolve("checkpoint_epoch_" + i + ".npz")).toList(), gone);
            // 1 (0 min), 4 (61 min), 6 (130 min) one per hour, and 7, the newest
            assertEquals(List.of(1L, 4L, 6L, 7L), s.steps());
        }
    }

    @Test
    void damagedAndForeignFilesUnderRetention() throws IOException {
        Files.writeString(dir.resolve("checkpoint_epoch_1.npz"), "damaged by someone else");
        Files.writeString(dir.resolve("checkpoint_epoch_1.npz.orig"), "foreign");
        try (CheckpointStore s = store(Retention.builder().keepLast(2).build())) {
            for (long i = 2; i <= 4; i++) {
                s.save(i, CheckpointStoreTest.state(i));
            }
            assertEquals(List.of(3L, 4L), s.steps());
        }
        assertEquals("foreign", Files.readString(dir.resolve("checkpoint_epoch_1.npz.orig")));
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Retention.builder().keepLast(0));
        assertThrows(IllegalArgumentException.class, () -> Retention.builder().keepBest(0, "x", Retention.Mode.MIN));
        assertThrows(IllegalArgumentException.class, () -> Retention.builder().keepEvery(0));
        assertThrows(IllegalArgumentException.class, () -> Retention.builder().keepEvery(Duration.ZERO));
        assertTrue(Retention.keepAll().keepsAll());
        assertTrue(Retention.builder().build().keepsAll());
    }

    @Test
    void readOnlyStoreCannotPrune() throws IOException {
        try (CheckpointStore s = CheckpointStore.openReadOnly(dir, CheckpointOptions.defaults())) {
            assertThrows(IllegalStateException.class, () -> s.prune(Retention.builder().keepLast(1).build()));
        }
    }
}
