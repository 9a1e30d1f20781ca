package org.npy4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.npz.NpzFile;
import org.npy4j.npz.NpzWriter;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    static Map<String, NdArray> state(long step) {
        double[] w = new double[100];
        for (int i = 0; i < w.length; i++) {
            w[i] = step * 1000 + i;
        }
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("weights", NdArray.of(w));
        m.put("bias", NdArray.of(new long[] {step, -step}));
        return m;
    }

    static void assertState(long step, Checkpoint c) {
        assertEquals(step, c.step());
        assertArrayEquals(state(step).get("weights").toDoubleArray(), c.array("weights").toDoubleArray());
        assertArrayEquals(new long[] {step, -step}, c.array("bias").toLongArray());
    }

    @Test
    void saveAndLoadRoundTripWithMetricsAndEpochMember() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            Path p = s.save(3, state(3), Map.of("loss", 0.5));
            assertEquals(dir.resolve("checkpoint_epoch_3.npz"), p);
            Checkpoint c = s.load(3);
            assertState(3, c);
            assertEquals(Map.of("loss", 0.5), c.metrics());
            assertEquals(List.of("weights", "bias"), new ArrayList<>(c.arrays().keySet()));
            assertTrue(c.skipped().isEmpty());
            assertThrows(NoSuchElementException.class, () -> s.load(4));
        }
        try (NpzFile f = Npz.open(dir.resolve("checkpoint_epoch_3.npz"))) {
            assertEquals(List.of("epoch", "weights", "bias", "metrics", "metric_names"), f.files());
            NdArray e = f.get("epoch");
            assertEquals(org.npy4j.dtype.DType.INT64, e.dtype());
            assertArrayEquals(new long[] {1}, e.shape());
            assertArrayEquals(new long[] {3}, e.toLongArray());
            assertEquals("loss", f.get("metric_names").getString(0));
        }
    }

    @Test
    void reservedAndBadNamesAreRefusedBeforeAnyFileExists() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            for (String bad : new String[] {"epoch", "metrics", "metric_names", ""}) {
                assertThrows(IllegalArgumentException.class,
                        () -> s.save(1, Map.of(bad, NdArray.of(new double[] {1}))));
            }
            assertThrows(IllegalArgumentException.class, () -> s.save(-1, state(1)));
            assertEquals(List.of(), s.steps());
        }
    }

    @Test
    void orderingIsNumericPast9And99AndAnyPadding() throws IOException {
        CheckpointOptions padded = CheckpointOptions.builder().zeroPad(4).build();
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            for (long step : new long[] {1, 2, 9, 10, 11, 99, 100}) {
                s.save(step, state(step));
            }
            assertEquals(List.of(1L, 2L, 9L, 10L, 11L, 99L, 100L), s.steps());
            assertState(100, s.latest().orElseThrow());
        }
        try (CheckpointStore s = CheckpointStore.open(dir, padded)) {
            assertEquals("checkpoint_epoch_0101.npz", s.fileName(101));
            s.save(101, state(101));
            assertEquals(List.of(1L, 2L, 9L, 10L, 11L, 99L, 100L, 101L), s.steps());
            assertState(101, s.latest().orElseThrow());
            assertState(9, s.load(9)); // unpadded names are read under padded options
            s.save(9, state(9)); // re-saving a step under new padding replaces the old name
            assertFalse(Files.exists(dir.resolve("checkpoint_epoch_9.npz")));
            assertTrue(Files.exists(dir.resolve("checkpoint_epoch_0009.npz")));
        }
    }

    @Test
    void prefixOptionAndOtherPrefixesAreForeign() throws IOException {
        CheckpointOptions o = CheckpointOptions.builder().prefix("ckpt-").compressed(true).build();
        try (CheckpointStore s = CheckpointStore.open(dir, o)) {
            s.save(5, state(5));
            assertTrue(Files.exists(dir.resolve("ckpt-5.npz")));
            assertState(5, s.latest().orElseThrow());
        }
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            assertEquals(List.of(), s.steps());
            assertEquals(Optional.empty(), s.latest());
        }
    }

    @Test
    void foreignFilesAreIgnoredAndNeverDeleted() throws IOException {
        List<String> foreign = List.of("notes.txt", "checkpoint_epoch_x.npz", "checkpoint_epoch_5.npz.bak",
                "other_3.npz", "checkpoint_epoch_.npz", "checkpoint_epoch_-1.npz", ".hidden.tmp",
                ".checkpoint_epoch_5.npz.NOTOURS!.tmp", "checkpoint_epoch_7.NPZ");
        for (String f : foreign) {
            Files.writeString(dir.resolve(f), "keep me " + f);
        }
        Files.createDirectories(dir.resolve("checkpoint_epoch_8.npz")); // a directory with a checkpoint's name
        CheckpointOptions o = CheckpointOptions.builder().retention(Retention.builder().keepLast(1).build()).build();
        try (CheckpointStore s = CheckpointStore.open(dir, o)) {
            assertEquals(List.of(), s.leftovers());
            for (long step = 1; step <= 4; step++) {
                s.save(step, state(step));
            }
            assertEquals(List.of(4L), s.steps());
            assertState(4, s.latest().orElseThrow());
            CheckpointListing l = s.listing();
            assertEquals(1, l.steps().size());
            assertTrue(l.skipped().isEmpty(), l.skipped().toString());
            s.delete(4);
            assertEquals(List.of(), s.steps());
        }
        for (String f : foreign) {
            assertEquals("keep me " + f, Files.readString(dir.resolve(f)), f);
        }
        assertTrue(Files.isDirectory(dir.resolve("checkpoint_epoch_8.npz")));
    }

    private static void overwrite(Path p, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    @Test
    void damagedNewestFilesAreSkippedWithTheirReason() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            for (long step = 1; step <= 5; step++) {
                s.save(step, state(step));
            }
            Path p5 = dir.resolve("checkpoint_epoch_5.npz");
            Path p4 = dir.resolve("checkpoint_epoch_4.npz");
            Path p3 = dir.resolve("checkpoint_epoch_3.npz");
            // 5: truncated; 4: zero-filled; 3: one data byte flipped (wrong CRC)
            long size = Files.size(p5);
            try (FileChannel ch = FileChannel.open(p5, StandardOpenOption.WRITE)) {
                ch.truncate(size / 2);
            }
            overwrite(p4, 0, new byte[(int) Files.size(p4)]);
            byte[] b3 = Files.readAllBytes(p3);
            int at = indexOf(b3, "weights.npy".getBytes()) + 200; // inside the weights data of a stored member
            b3[at] ^= 0x55;
            Files.write(p3, b3);

            Checkpoint c = s.latest().orElseThrow();
            assertState(2, c);
            List<CheckpointListing.Skipped> sk = c.skipped();
            assertEquals(List.of(p5, p4, p3), sk.stream().map(CheckpointListing.Skipped::file).toList());
            for (CheckpointListing.Skipped k : sk) {
                assertFalse(k.problem().isBlank());
            }
            assertTrue(sk.get(2).problem().toLowerCase().contains("crc"), sk.get(2).problem());

            CheckpointListing l = s.listing();
            assertEquals(List.of(1L, 2L), l.steps().stream().map(CheckpointListing.StepInfo::step).toList());
            assertEquals(2L, l.latest().getAsLong());
            assertEquals(List.of(p5, p4, p3), l.skipped().stream().map(CheckpointListing.Skipped::file).toList());
            assertThrows(IOException.class, () -> s.load(3));
        }
    }

    @Test
    void aMemberWithGoodCrcButBadNpyHeaderIsSkipped() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            s.save(1, state(1));
            try (NpzWriter w = Npz.writer(dir.resolve("checkpoint_epoch_2.npz")).open()) {
                w.add("epoch", NdArray.of(new long[] {2}));
                w.addBytes("weights.npy", "\u0093NUMPY but not really a header".getBytes(StandardCharsets.UTF_8));
            }
            Checkpoint c = s.latest().orElseThrow();
            assertState(1, c);
            assertEquals(dir.resolve("checkpoint_epoch_2.npz"), c.skipped().get(0).file());
            assertTrue(c.skipped().get(0).problem().contains("weights.npy"), c.skipped().get(0).problem());
            assertEquals(c.skipped(), s.listing().skipped());
        }
    }

    @Test
    void allDamagedGivesEmptyNotAnException() throws IOException {
        Files.writeString(dir.resolve("checkpoint_epoch_1.npz"), "not a zip");
        Files.write(dir.resolve("checkpoint_epoch_2.npz"), new byte[0]);
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            assertEquals(Optional.empty(), s.latest());
            assertEquals(2, s.listing().skipped().size());
        }
    }

    @Test
    void epochMemberDisagreeingWithTheNameIsSkipped() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            s.save(1, state(1));
            s.save(2, state(2));
            Files.copy(dir.resolve("checkpoint_epoch_2.npz"), dir.resolve("checkpoint_epoch_3.npz"));
            Checkpoint c = s.latest().orElseThrow();
            assertState(2, c);
            assertTrue(c.skipped().get(0).problem().contains("'epoch' is 2"), c.skipped().toString());
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void openingRemovesAndReportsLeftoversReadOnlyOnlyReports() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            s.save(1, state(1));
        }
        Path npzTemp = dir.resolve(".checkpoint_epoch_2.npz.7f3a9c01d2e4b5a6.tmp"); // NpzWriter's naming
        Path atomicTemp = dir.resolve(".checkpoint_epoch_3.npz.3k9zq1x.tmp"); // AtomicWrite's naming
        Path foreignTemp = dir.resolve(".notes.txt.abc.tmp");
        for (Path p : List.of(npzTemp, atomicTemp, foreignTemp)) {
            Files.writeString(p, "half a save");
        }
        try (CheckpointStore ro = CheckpointStore.openReadOnly(dir, CheckpointOptions.defaults())) {
            assertTrue(ro.isReadOnly());
            assertEquals(List.of(npzTemp, atomicTemp), ro.leftovers());
            assertEquals(List.of(npzTemp, atomicTemp), ro.listing().leftovers());
            assertThrows(IllegalStateException.class, () -> ro.save(5, state(5)));
            assertThrows(IllegalStateException.class, () -> ro.delete(1));
            assertState(1, ro.latest().orElseThrow());
        }
        assertTrue(Files.exists(npzTemp) && Files.exists(atomicTemp));
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            assertEquals(List.of(npzTemp, atomicTemp), s.leftovers());
            assertFalse(Files.exists(npzTemp) || Files.exists(atomicTemp));
            assertTrue(Files.exists(foreignTemp));
        }
    }

    @Test
    void secondStoreInProcessFailsOrOpensReadOnly() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            s.save(1, state(1));
            CheckpointLockedException e = assertThrows(CheckpointLockedException.class, () -> CheckpointStore.open(dir));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            try (CheckpointStore ro = CheckpointStore.open(dir,
                    CheckpointOptions.builder().readOnlyWhenLocked(true).build())) {
                assertTrue(ro.isReadOnly());
                assertState(1, ro.latest().orElseThrow());
                IllegalStateException x = assertThrows(IllegalStateException.class, () -> ro.save(2, state(2)));
                assertTrue(x.getMessage().contains("locked"), x.getMessage());
            }
            s.save(2, state(2)); // the failed and read-only opens did not drop the first store's lock
            assertThrows(CheckpointLockedException.class, () -> CheckpointStore.open(dir));
        }
        try (CheckpointStore again = CheckpointStore.open(dir)) {
            assertFalse(again.isReadOnly());
            assertState(2, again.latest().orElseThrow());
        }
    }

    @Test
    void saveAsyncSnapshotsBeforeReturningAndKeepsOrder() throws Exception {
        try (CheckpointStore s = CheckpointStore.open(dir, CheckpointOptions.builder().maxInFlight(2).build())) {
            double[] w = new double[50_000];
            NdArray live = NdArray.of(w);
            List<CompletableFuture<Path>> fs = new ArrayList<>();
            for (int step = 1; step <= 5; step++) {
                for (int i = 0; i < w.length; i++) {
                    live.setDouble(step * 10.0 + i, i);
                }
                fs.add(s.saveAsync(step, Map.of("w", live), Map.of("loss", 1.0 / step)));
                live.setDouble(-1, 0); // training goes on mutating its buffer at once
            }
            for (int step = 1; step <= 5; step++) {
                assertEquals(dir.resolve("checkpoint_epoch_" + step + ".npz"), fs.get(step - 1).get());
            }
            s.awaitSaves();
            for (int step = 1; step <= 5; step++) {
                Checkpoint c = s.load(step);
                assertEquals(step * 10.0, c.array("w").getDouble(0));
                assertEquals(step * 10.0 + 49_999, c.array("w").getDouble(49_999));
                assertEquals(1.0 / step, c.metrics().get("loss"));
            }
        }
    }

    @Test
    void atMostOneSaveInFlightByDefaultAndTheBudgetIsHonoured() throws Exception {
        long bytes = state(1).values().stream().mapToLong(NdArray::byteSize).sum();
        for (CheckpointOptions o : new CheckpointOptions[] {CheckpointOptions.defaults(),
                CheckpointOptions.builder().maxInFlight(8).asyncMemoryBudget(bytes + bytes / 2).build()}) {
            try (CheckpointStore s = CheckpointStore.open(dir, o)) {
                for (long step = 1; step <= 6; step++) {
                    s.saveAsync(step, state(step), Map.of());
                    // saveAsync(step) may only return once the save of step - 1 has been written
                    if (step > 1) {
                        assertTrue(Files.exists(dir.resolve(s.fileName(step - 1))), "step " + (step - 1));
                    }
                }
                s.awaitSaves();
                assertState(6, s.latest().orElseThrow());
                for (long step = 1; step <= 6; step++) {
                    assertTrue(s.delete(step));
                }
            }
        }
    }

    @Test
    void closedStoreRefusesWrites() throws IOException {
        CheckpointStore s = CheckpointStore.open(dir);
        s.close();
        s.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> s.save(1, state(1)));
        try (CheckpointStore again = CheckpointStore.open(dir)) {
            assertFalse(again.isReadOnly()); // close released the lock
        }
    }

    @Test
    void saveAsyncSnapshotsViewsWhateverTheirLayout() throws Exception {
        NdArray base = NdArray.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}});
        Map<String, NdArray> views = new LinkedHashMap<>();
        views.put("t", base.transpose()); // Fortran-contiguous
        views.put("s", base.slice(0, 0, 4, 2).slice(1, 2, 0, -2)); // strided, negative step
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            CompletableFuture<Path> f = s.saveAsync(1, views, Map.of());
            base.setDouble(-100, 0, 0);
            f.get();
            Checkpoint c = s.load(1);
            assertArrayEquals(new long[] {3, 4}, c.array("t").shape());
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(j * 3 + i + 1, c.array("t").getDouble(i, j));
                }
            }
            assertArrayEquals(new double[] {3, 9}, c.array("s").toDoubleArray()); // a[0:4:2, 2:0:-2]
        }
    }

    @Test
    void saveAsyncOverTheBudgetWritesSynchronously() throws Exception {
        try (CheckpointStore s = CheckpointStore.open(dir, CheckpointOptions.builder().asyncMemoryBudget(100).build())) {
            CompletableFuture<Path> f = s.saveAsync(1, state(1), Map.of());
            assertTrue(f.isDone());
            assertState(1, s.load(1));
        }
    }

    @Test
    void asyncFailureSurfacesOnTheFutureAndOnTheNextCall() throws Exception {
        Path blocker = dir.resolve("checkpoint_epoch_7.npz");
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("x"), "the rename onto a non-empty directory fails");
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            CompletableFuture<Path> f = s.saveAsync(7, state(7), Map.of());
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
            IOException next = assertThrows(IOException.class, () -> s.save(8, state(8)));
            assertTrue(next.getMessage().contains("asynchronous save of step 7"), next.getMessage());
            s.save(8, state(8)); // reported once; the store goes on
            assertState(8, s.latest().orElseThrow());
            assertEquals(List.of(), s.leftovers());
        }
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            assertEquals(List.of(), s.leftovers()); // the failed save removed its temporary file
        }
    }

    /**
     * The README example: the lines between the markers are the README block verbatim (its first line is
     * {@code import org.npy4j.checkpoint.*;}) except that {@code folder} lies in the test's temporary directory.
     */
    @Test
    void readmeExample() throws IOException {
        Path folder = dir.resolve("checkpoints");
        // --- README (after its first line, Path folder = Path.of("checkpoints");) ---
        NdArray weights = NdArray.of(new double[] {0.1, 0.2, 0.3});
        Retention keep = Retention.builder().keepLast(3).keepBest(1, "loss", Retention.Mode.MIN).build();
        try (CheckpointStore store = CheckpointStore.open(folder, CheckpointOptions.builder().retention(keep).build())) {
            long start = store.latest().map(c -> c.step() + 1).orElse(1L);       // resume after a crash
            for (long epoch = start; epoch <= 10; epoch++) {
                double loss = Math.abs(epoch - 4) + 0.5;                           // ... train, update weights ...
                store.saveAsync(epoch, Map.of("weights", weights), Map.of("loss", loss)); // copies, writes behind
            }
        }                                                                        // close waits for the last save
        try (CheckpointStore store = CheckpointStore.open(folder)) {             // best (4) and the last three
            if (!store.steps().equals(List.of(4L, 8L, 9L, 10L))) throw new AssertionError(store.steps());
        }
        // --- end ---
        try (CheckpointStore s = CheckpointStore.open(folder)) {
            assertEquals(Map.of("loss", 0.5), s.load(4).metrics());
            assertArrayEquals(new double[] {0.1, 0.2, 0.3}, s.latest().orElseThrow().array("weights").toDoubleArray());
        }
    }
}
