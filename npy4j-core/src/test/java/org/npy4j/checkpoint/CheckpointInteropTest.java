package org.npy4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/** Java and NumPy share one checkpoint folder, both ways. */
class CheckpointInteropTest {
    @TempDir
    Path dir;

    /** The common recipe, epochs 1..12: a glob-and-max resume would pick epoch 9. */
    static final String RECIPE = "import sys, numpy as np\n"
            + "d = sys.argv[1]\n"
            + "for epoch in range(1, 13):\n"
            + "    w = np.arange(12, dtype=np.float32).reshape(3, 4) * epoch\n"
            + "    b = np.full(4, -epoch, dtype=np.float64)\n"
            + "    np.savez_compressed(f'{d}/checkpoint_epoch_{epoch}.npz', epoch=np.array([epoch]), weights=w, bias=b)\n"
            + "import glob\n"
            + "print(max(glob.glob(f'{d}/checkpoint_epoch_*.npz')))\n";

    @Test
    void javaResumesFromNumpysNewestEpoch() throws IOException {
        String naive = Python.run(RECIPE, Python.arg(dir)).trim();
        assertTrue(naive.endsWith("checkpoint_epoch_9.npz"), naive); // the bug the store avoids
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            Checkpoint c = s.latest().orElseThrow();
            assertEquals(12, c.step());
            assertEquals(List.of("weights", "bias"), List.copyOf(c.arrays().keySet()));
            NdArray w = c.array("weights");
            assertEquals(DType.FLOAT32, w.dtype());
            assertArrayEquals(new long[] {3, 4}, w.shape());
            for (int i = 0; i < 12; i++) {
                assertEquals(i * 12.0, w.getDouble(i / 4, i % 4));
            }
            assertArrayEquals(new double[] {-12, -12, -12, -12}, c.array("bias").toDoubleArray());
            assertEquals(Map.of(), c.metrics());
            // and Java continues the run in the same folder
            s.save(13, c.arrays(), Map.of("loss", 0.125));
            assertEquals(13, s.latest().orElseThrow().step());
        }
    }

    static final String CHECK = "import sys, numpy as np\n"
            + "for path, epoch, compressed in [(sys.argv[1], 7, 0), (sys.argv[2], 1000, 1)]:\n"
            + "    f = np.load(path)\n"
            + "    assert f.files == ['epoch', 'weights', 'step_count', 'names', 'metrics', 'metric_names'], f.files\n"
            + "    assert f['epoch'].dtype == np.int64 and f['epoch'].shape == (1,) and int(f['epoch'][0]) == epoch\n"
            + "    w = f['weights']\n"
            + "    assert w.dtype == np.float64 and w.shape == (2, 3), (w.dtype, w.shape)\n"
            + "    assert (w == np.arange(6.0).reshape(2, 3) + epoch).all(), w\n"
            + "    assert f['step_count'].dtype == np.int32 and list(f['step_count']) == [epoch, 2 * epoch]\n"
            + "    assert list(f['names']) == ['a', 'bé'], f['names']\n"
            + "    m = dict(zip(f['metric_names'].tolist(), f['metrics'].tolist()))\n"
            + "    assert m == {'loss': 0.25 / epoch, 'val_accuracy': 0.75}, m\n"
            + "    assert f['metrics'].dtype == np.float64 and f['metric_names'].dtype.kind == 'U'\n"
            + "    import zipfile\n"
            + "    methods = {i.compress_type for i in zipfile.ZipFile(path).infolist()}\n"
            + "    assert methods == ({zipfile.ZIP_DEFLATED} if compressed else {zipfile.ZIP_STORED}), methods\n"
            + "print('ok')\n";

    private static Map<String, NdArray> javaState(long epoch) {
        Map<String, NdArray> m = new LinkedHashMap<>();
        double[][] w = new double[2][3];
        for (int i = 0; i < 6; i++) {
            w[i / 3][i % 3] = i + epoch;
        }
        m.put("weights", NdArray.of(w));
        m.put("step_count", NdArray.of(new int[] {(int) epoch, (int) (2 * epoch)}));
        m.put("names", NdArray.ofStrings("a", "bé"));
        return m;
    }

    private static Map<String, Double> metrics(long epoch) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.25 / epoch);
        m.put("val_accuracy", 0.75);
        return m;
    }

    @Test
    void numpyLoadsWhatJavaSaves() throws IOException {
        Path stored;
        Path deflated;
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            stored = s.save(7, javaState(7), metrics(7));
        }
        try (CheckpointStore s = CheckpointStore.open(dir,
                CheckpointOptions.builder().compressed(true).zeroPad(5).build())) {
            deflated = s.save(1000, javaState(1000), metrics(1000));
            assertEquals("checkpoint_epoch_01000.npz", deflated.getFileName().toString());
        }
        assertEquals("ok", Python.run(CHECK, Python.arg(stored), Python.arg(deflated)).trim());
    }

    /** The NumPy side of resuming: the recipe's loader finds Java's newest epoch by number. */
    @Test
    void numpyResumesFromJavasNewestEpoch() throws IOException {
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            for (long e = 8; e <= 11; e++) {
                s.save(e, javaState(e), metrics(e));
            }
        }
        String out = Python.run("import sys, re, glob, numpy as np\n"
                + "files = glob.glob(sys.argv[1] + '/checkpoint_epoch_*.npz')\n"
                + "newest = max(files, key=lambda p: int(re.search(r'_(\\d+)\\.npz$', p).group(1)))\n"
                + "f = np.load(newest)\n"
                + "print(int(f['epoch'][0]), f['weights'][1, 2])\n", Python.arg(dir));
        assertEquals("11 16.0", out.trim());
    }
}
