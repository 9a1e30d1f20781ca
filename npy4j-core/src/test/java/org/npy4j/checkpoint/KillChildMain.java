package org.npy4j.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.npy4j.array.NdArray;

/**
 * The child of {@link CheckpointProcessTest}'s kill test: resumes from the folder's latest checkpoint (checking it is
 * the complete state of its step), prints {@code ready step}, then saves checkpoints in a loop until killed.
 */
public final class KillChildMain {
    static final int N = 200_000;

    private KillChildMain() {
    }

    /** The complete state of {@code step}: every value is a function of the step. */
    static Map<String, NdArray> state(long step) {
        double[] w = new double[N];
        long[] m = new long[N / 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = step * 1e6 + i;
        }
        for (int i = 0; i < m.length; i++) {
            m[i] = step ^ i;
        }
        Map<String, NdArray> s = new LinkedHashMap<>();
        s.put("weights", NdArray.of(w));
        s.put("moments", NdArray.of(m));
        return s;
    }

    /** Throws unless {@code c} is the complete state of its step. */
    static void check(Checkpoint c) {
        double[] w = c.array("weights").toDoubleArray();
        long[] m = c.array("moments").toLongArray();
        if (w.length != N || m.length != N / 4) {
            throw new AssertionError(c + ": wrong sizes");
        }
        for (int i = 0; i < w.length; i++) {
            if (w[i] != c.step() * 1e6 + i) {
                throw new AssertionError(c + ": weights[" + i + "] = " + w[i]);
            }
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] != (c.step() ^ i)) {
                throw new AssertionError(c + ": moments[" + i + "] = " + m[i]);
            }
        }
        if (c.metrics().get("loss") != 1.0 / (c.step() + 1)) {
            throw new AssertionError(c + ": metrics " + c.metrics());
        }
    }

    /**
     * Runs the child.
     *
     * @param args the folder, {@code compressed} or {@code stored}, then {@code async} or {@code sync}
     * @throws Exception on any failure (the parent sees the exit code)
     */
    public static void main(String[] args) throws Exception {
        CheckpointOptions o = CheckpointOptions.builder().compressed(args[1].equals("compressed")).threads(1)
                .retention(Retention.builder().keepLast(3).build()).build();
        boolean async = args.length > 2 && args[2].equals("async");
        try (CheckpointStore s = CheckpointStore.open(Path.of(args[0]), o)) {
            Optional<Checkpoint> last = s.latest();
            last.ifPresent(KillChildMain::check);
            long step = last.map(c -> c.step() + 1).orElse(0L);
            System.out.println("ready " + step);
            System.out.flush();
            while (true) {
                if (async) {
                    s.saveAsync(step, state(step), Map.of("loss", 1.0 / (step + 1)));
                } else {
                    s.save(step, state(step), Map.of("loss", 1.0 / (step + 1)));
                }
                step++;
            }
        }
    }
}
