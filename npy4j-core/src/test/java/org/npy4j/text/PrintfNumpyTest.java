package org.npy4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.testing.Python;

/**
 * Our printf-style formatting against NumPy itself, on about two million values: random doubles of every magnitude
 * (specials, subnormals, ties, huge and tiny exponents) and random int64s, saved by {@code np.savetxt} and by
 * {@link NpyText#savetxt} with the same formats, compared byte for byte. A second test fuzzes random conversion specs
 * (flags, width, precision, conversion) against Python's {@code %} on NumPy scalars.
 */
class PrintfNumpyTest {
    private static final int DOUBLES = 250_000;
    private static final int INTS = 200_000;
    private static final String[] FLOAT_FORMATS = {"%.18e", "%.6f", "%g", "%.10g", "%10.5f", "%+.3e", "%d"};
    private static final String[] INT_FORMATS = {"%d", "%x", "%.6f", "%g"};

    @TempDir
    Path dir;

    static double[] randomDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.5, 1.5, 2.5, -2.5, 0.125, 1e22, 1e23,
            9.5, 99.5, 0.05, 1e-5, 1e16, 123456789012345678.0, 5e-324, 2.2250738585072009e-308};
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            if (i < specials.length) {
                a[i] = specials[i];
                continue;
            }
            double v = ExactArithmeticTest.randomDouble(r);
            a[i] = r.nextBoolean() ? -v : v;
        }
        return a;
    }

    private static NdArray array(double[] v) {
        NdArray a = NdArray.zeros(DType.FLOAT64, v.length);
        for (int i = 0; i < v.length; i++) {
            a.storage().putLong(8L * i, Double.doubleToRawLongBits(v[i]));
        }
        return a;
    }

    private static NdArray array(long[] v) {
        NdArray a = NdArray.zeros(DType.INT64, v.length);
        for (int i = 0; i < v.length; i++) {
            a.storage().putLong(8L * i, v[i]);
        }
        return a;
    }

    private static void writeRaw(Path p, NdArray a) throws IOException {
        byte[] b = new byte[(int) a.byteSize()];
        a.storage().getBytes(0, b, 0, b.length);
        Files.write(p, b);
    }

    @Test
    void savetxtFormatsMatchNumpyOnTwoMillionValues() throws IOException {
        Python.requireNumpy();
        double[] doubles = randomDoubles(DOUBLES, 20240601L);
        // %d on floats: NumPy raises on nan/inf, so that format gets the finite values only
        double[] finite = java.util.Arrays.stream(doubles).filter(Double::isFinite).toArray();
        SplittableRandom r = new SplittableRandom(99);
        long[] ints = new long[INTS];
        for (int i = 0; i < INTS; i++) {
            ints[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : r.nextLong() >> r.nextInt(64);
        }
        NdArray da = array(doubles);
        NdArray fa = array(finite);
        NdArray ia = array(ints);
        writeRaw(dir.resolve("d.bin"), da);
        writeRaw(dir.resolve("f.bin"), fa);
        writeRaw(dir.resolve("i.bin"), ia);
        Python.run("import numpy as np, sys\n"
                + "d = sys.argv[1]\n"
                + "x = np.fromfile(d + '/d.bin', dtype='<f8')\n"
                + "f = np.fromfile(d + '/f.bin', dtype='<f8')\n"
                + "i = np.fromfile(d + '/i.bin', dtype='<i8')\n"
                + "for k, fmt in enumerate(sys.argv[2].split('|')):\n"
                + "    np.savetxt(d + '/np_d%d.txt' % k, f if fmt == '%d' else x, fmt=fmt)\n"
                + "for k, fmt in enumerate(sys.argv[3].split('|')):\n"
                + "    np.savetxt(d + '/np_i%d.txt' % k, i, fmt=fmt)\n",
                Python.arg(dir), String.join("|", FLOAT_FORMATS), String.join("|", INT_FORMATS));
        long values = 0;
        for (int k = 0; k < FLOAT_FORMATS.length; k++) {
            NdArray a = FLOAT_FORMATS[k].equals("%d") ? fa : da;
            compare(a, FLOAT_FORMATS[k], dir.resolve("np_d" + k + ".txt"));
            values += a.size();
        }
        for (int k = 0; k < INT_FORMATS.length; k++) {
            compare(ia, INT_FORMATS[k], dir.resolve("np_i" + k + ".txt"));
            values += ia.size();
        }
        assertTrue(values > 2_000_000, "values compared: " + values);
    }

    @Test
    void percentSOfNarrowFloatsIsNumpysStr() throws IOException {
        Python.requireNumpy();
        double[] d = randomDoubles(60_000, 77);
        NdArray f4 = NdArray.zeros(DType.FLOAT32, d.length);
        NdArray f2 = NdArray.zeros(DType.FLOAT16, d.length);
        NdArray f8 = array(d);
        for (int i = 0; i < d.length; i++) {
            // rescale so that float32/float16 see every magnitude they hold, not just overflow
            double v = d[i] * (i % 3 == 0 ? 1e-290 : i % 3 == 1 ? 1e-300 : 1);
            f4.storage().putInt(4L * i, Float.floatToRawIntBits((float) v));
            f2.storage().putShort(2L * i, TextReader.doubleToHalf(i % 2 == 0 ? (float) v : v * 1e-10));
        }
        writeRaw(dir.resolve("f4.bin"), f4);
        writeRaw(dir.resolve("f2.bin"), f2);
        writeRaw(dir.resolve("f8.bin"), f8);
        Python.run("import numpy as np, sys\nd = sys.argv[1]\n"
                + "for t in ('f4', 'f2', 'f8'):\n"
                + "    np.savetxt(d + '/np_s_' + t + '.txt', np.fromfile(d + '/' + t + '.bin', dtype='<' + t), fmt='%s')\n",
                Python.arg(dir));
        compare(f4, "%s", dir.resolve("np_s_f4.txt"));
        compare(f2, "%s", dir.resolve("np_s_f2.txt"));
        compare(f8, "%s", dir.resolve("np_s_f8.txt"));
    }

    private static void compare(NdArray a, String fmt, Path numpyFile) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyText.savetxt(out, a, SaveTxtOptions.builder().fmt(fmt).build());
        byte[] ours = out.toByteArray();
        byte[] theirs = Files.readAllBytes(numpyFile);
        if (!java.util.Arrays.equals(ours, theirs)) {
            String[] o = new String(ours, StandardCharsets.UTF_8).split("\n", -1);
            String[] t = new String(theirs, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < Math.min(o.length, t.length); i++) {
                if (!o[i].equals(t[i])) {
                    double v = a.dtype().kind() == org.npy4j.dtype.Kind.FLOAT ? a.getDouble(i) : a.getLong(i);
                    fail(fmt + " of " + v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + ", line " + (i + 1)
                            + "): ours '" + o[i] + "', NumPy '" + t[i] + "'");
                }
            }
            fail(fmt + ": " + o.length + " lines vs NumPy's " + t.length);
        }
    }

    @Test
    void randomConversionSpecsMatchPython() throws IOException {
        Python.requireNumpy();
        SplittableRandom r = new SplittableRandom(123);
        String convs = "diueEfFgGxXos";
        List<String> lines = new ArrayList<>();
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            StringBuilder f = new StringBuilder("%");
            for (char flag : new char[] {'-', '+', ' ', '0', '#'}) {
                if (r.nextInt(5) == 0) {
                    f.append(flag);
                }
            }
            if (r.nextBoolean()) {
                f.append(r.nextInt(0, 30));
            }
            if (r.nextBoolean()) {
                f.append('.').append(r.nextInt(0, 25));
            }
            f.append(convs.charAt(r.nextInt(convs.length())));
            String kind;
            String value;
            switch (r.nextInt(4)) {
                case 0:
                    kind = "f8";
                    value = Long.toHexString(Double.doubleToRawLongBits(randomDoubles(30, r.nextLong())[r.nextInt(30)]));
                    break;
                case 1:
                    kind = "i8";
                    value = Long.toString(r.nextLong() >> r.nextInt(64));
                    break;
                case 2:
                    kind = "u8";
                    value = Long.toUnsignedString(r.nextLong() >>> r.nextInt(64));
                    break;
                default:
                    kind = "b1";
                    value = r.nextBoolean() ? "1" : "0";
            }
            cases.add(new String[] {f.toString(), kind, value});
            lines.add(f + "\t" + kind + "\t" + value);
        }
        Path in = dir.resolve("specs.txt");
        Files.write(in, lines, StandardCharsets.UTF_8);
        String out = Python.run("import numpy as np, sys, struct, warnings\n"
                + "warnings.simplefilter('ignore')\n"
                + "res = []\n"
                + "for line in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n"
                + "    if not line: continue\n"
                + "    fmt, kind, v = line.split('\\t')\n"
                + "    if kind == 'f8': x = np.float64(struct.unpack('<d', bytes.fromhex(v.zfill(16))[::-1])[0])\n"
                + "    elif kind == 'i8': x = np.int64(int(v))\n"
                + "    elif kind == 'u8': x = np.uint64(int(v))\n"
                + "    else: x = np.bool_(v == '1')\n"
                + "    try: res.append(repr(fmt % x))\n"
                + "    except Exception as e: res.append('ERR')\n"
                + "sys.stdout.write('\\n'.join(res))\n", Python.arg(in));
        String[] expected = out.split("\n");
        assertEquals(cases.size(), expected.length);
        int errors = 0;
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            PrintfFormat pf = PrintfFormat.parse(c[0]);
            PrintfFormat.Spec s = pf.specs[0];
            CharBuf b = new CharBuf(16);
            String got;
            try {
                switch (c[1]) {
                    case "f8":
                        pf.formatDouble(b, s, Double.longBitsToDouble(Long.parseUnsignedLong(c[2], 16)));
                        break;
                    case "i8":
                        pf.formatLong(b, s, Long.parseLong(c[2]), false);
                        break;
                    case "u8":
                        pf.formatLong(b, s, Long.parseUnsignedLong(c[2]), true);
                        break;
                    default:
                        pf.formatBool(b, s, c[2].equals("1"));
                }
                got = pyRepr(b.toString());
            } catch (IllegalArgumentException e) {
                got = "ERR";
            }
            if (!expected[i].equals(got)) {
                errors++;
                if (errors < 10) {
                    System.err.println(c[0] + " " + c[1] + " " + c[2] + ": ours " + got + ", Python " + expected[i]);
                }
            }
        }
        assertEquals(0, errors, "mismatches with Python's % formatting (first ones on stderr)");
    }

    /** Python's repr of an ASCII string without quotes or backslashes (all formatted numbers are). */
    private static String pyRepr(String s) {
        return "'" + s + "'";
    }
}
