package org.npy4j.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;

/**
 * Measures how long {@link CheckpointStore#saveAsync} blocks the caller against {@link CheckpointStore#save} for
 * 256 MB of state (not a test: run it by hand with {@code -Xmx2g}, optionally {@code compressed} as argument).
 */
public final class SaveAsyncTimingMain {
    private SaveAsyncTimingMain() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optionally {@code compressed}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        boolean compressed = args.length > 0 && args[0].equals("compressed");
        Path dir = Files.createTempDirectory("ckpt-timing");
        Map<String, NdArray> state = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) { // 4 x 64 MiB float64
            NdArray a = NdArray.zeros(DType.FLOAT64, 8L << 20);
            for (long j = 0; j < a.size(); j += 997) {
                a.setDouble(Math.sin(j + i), j);
            }
            state.put("layer" + i, a);
        }
        CheckpointOptions o = CheckpointOptions.builder().compressed(compressed)
                .asyncMemoryBudget(1L << 30).retention(Retention.builder().keepLast(2).build()).build();
        try (CheckpointStore s = CheckpointStore.open(dir, o)) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                s.save(2L * round, state);
                long t1 = System.nanoTime();
                CompletableFuture<Path> f = s.saveAsync(2L * round + 1, state, Map.of("loss", 1.0));
                long t2 = System.nanoTime();
                f.get();
                long t3 = System.nanoTime();
                System.out.printf("%s 256 MiB: save blocks %.0f ms; saveAsync blocks %.0f ms (its write took %.0f ms"
                        + " more)%n", compressed ? "deflated" : "stored", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                        (t3 - t2) / 1e6);
            }
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
