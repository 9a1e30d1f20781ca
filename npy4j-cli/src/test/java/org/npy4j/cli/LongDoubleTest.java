package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.array.Storage;
import org.npy4j.dtype.Endianness;

/** x86 extended precision ({@code f16}) decodes to the double NumPy's {@code float(np.float64(x))} gives. */
class LongDoubleTest {
    @TempDir
    Path tmp;

    @Test
    void longdoubleToDoubleMatchesNumpy() throws Exception {
        Path le = tmp.resolve("le.bin");
        Path be = tmp.resolve("be.bin");
        String out = Py.run("import numpy as np, sys\n"
                + "x = np.array([1, -2.5, 0, -0.0, np.inf, -np.inf, np.nan], dtype=np.longdouble)\n"
                + "x = np.concatenate([x, np.longdouble(1) / np.arange(3, 40, dtype=np.longdouble),"
                + " np.array([1e-4940, 1e4000, 1e-310, 1.8e308], dtype=np.longdouble)])\n"
                + "open(sys.argv[1], 'wb').write(x.astype('<f16').tobytes())\n"
                + "open(sys.argv[2], 'wb').write(x.astype('>f16').tobytes())\n"
                + "import warnings; warnings.simplefilter('ignore')\n"
                + "print('\\n'.join(float(np.float64(v)).hex() for v in x))\n", le.toString(), be.toString());
        String[] want = out.strip().split("\n");
        Storage l = Storage.wrap(Files.readAllBytes(le));
        Storage b = Storage.wrap(Files.readAllBytes(be));
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            double expected = w.equals("nan") ? Double.NaN : w.equals("inf") ? Double.POSITIVE_INFINITY
                    : w.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(w);
            assertEquals(expected, Values.real(l, 16L * i, 16, Endianness.LITTLE), "little-endian element " + i);
            assertEquals(expected, Values.real(b, 16L * i, 16, Endianness.BIG), "big-endian element " + i);
        }
    }
}
