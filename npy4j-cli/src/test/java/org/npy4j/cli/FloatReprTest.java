package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shortest round-trip digits against Python's repr(float) and NumPy's str(np.float32 / np.float16). */
class FloatReprTest {
    private static List<Double> samples(Random r, int n) {
        List<Double> v = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.5, 0.1, 0.2, 0.3, 1e16, 1e15, 123456789012345678.0,
                1e-4, 1e-5, 9.999999999999999e-5, 5e-324, Double.MIN_NORMAL, Double.MAX_VALUE, 2e-3, 4.35, 1.0 / 3,
                2.0 / 3, 100.0, 1e22, 1e23, 5e-5, 0.001953125));
        while (v.size() < n) {
            switch (v.size() % 3) {
                case 0:
                    double d = Double.longBitsToDouble(r.nextLong());
                    if (Double.isFinite(d)) {
                        v.add(d);
                    }
                    break;
                case 1:
                    v.add(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
                    break;
                default:
                    v.add((double) Math.round(r.nextGaussian() * 1e6) / 1000.0);
            }
        }
        return v;
    }

    @Test
    void doublesMatchPythonRepr() {
        List<Double> v = samples(new Random(1), 3000);
        StringBuilder hex = new StringBuilder();
        for (double d : v) {
            hex.append(Double.toHexString(d)).append('\n');
        }
        String py = Py.run("import sys\nfor l in sys.stdin.read().split():\n    print(repr(float.fromhex(l)))\n"
                .replace("sys.stdin.read()", "open(sys.argv[1]).read()"), write(hex));
        String[] expected = py.split("\n");
        for (int i = 0; i < v.size(); i++) {
            assertEquals(expected[i], FloatRepr.pythonRepr(v.get(i), FloatRepr.Width.DOUBLE), "repr of " + v.get(i));
        }
    }

    @Test
    void floatsAndHalvesMatchNumpyScalarStr() {
        Random r = new Random(2);
        List<Float> v = new ArrayList<>(List.of(0.1f, 1.0f, 3.4028235e38f, 1.4e-45f, 1.1754944e-38f, 16777216f, 1e-5f));
        while (v.size() < 2000) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isFinite(f)) {
                v.add(f);
            }
        }
        StringBuilder hex = new StringBuilder();
        for (float f : v) {
            hex.append(Double.toHexString(f)).append('\n');
        }
        String py = Py.run("import sys, numpy as np\nfor l in open(sys.argv[1]).read().split():\n"
                + "    x = float.fromhex(l)\n    print(str(np.float32(x)), str(np.float16(x)))\n", write(hex));
        String[] lines = py.split("\n");
        for (int i = 0; i < v.size(); i++) {
            String[] p = lines[i].split(" ");
            assertEquals(p[0], FloatRepr.pythonRepr(v.get(i), FloatRepr.Width.SINGLE), "float32 " + v.get(i));
            float h = org.npy4j.array.Float16.toFloat(org.npy4j.array.Float16.fromFloat(v.get(i)));
            if (Float.isFinite(h)) {
                assertEquals(p[1], FloatRepr.pythonRepr(h, FloatRepr.Width.HALF), "float16 of " + v.get(i));
            }
        }
    }

    static String write(CharSequence s) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("npy-cli", ".txt");
            f.toFile().deleteOnExit();
            java.nio.file.Files.writeString(f, s);
            return f.toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
