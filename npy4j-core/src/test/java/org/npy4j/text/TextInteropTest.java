package org.npy4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.testing.Python;

/**
 * Text interop with real NumPy over a grid of dtypes, shapes, special values and arguments:
 * <ul>
 *   <li>our {@code savetxt} bytes equal {@code np.savetxt}'s;</li>
 *   <li>our {@code loadtxt} of NumPy's text equals {@code np.loadtxt} of our text (compared as {@code .npy} bytes, so
 *       dtype, shape and every bit agree), and gives back the saved values;</li>
 *   <li>hand-written texts (comments, quotes, usecols, ndmin, unpack, skiprows, max_rows, CRLF, complex syntax, ints,
 *       bools, strings, records) load as NumPy loads them, and what NumPy rejects we reject.</li>
 * </ul>
 */
class TextInteropTest {
    @TempDir
    Path dir;

    // ---- arrays ----------------------------------------------------------------------------------------------

    private static final String[] DTYPES = {"|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8",
        ">f8", ">i4", "<c8", "<c16", "|b1"};
    private static final long[][] SHAPES = {{7}, {3, 4}, {1, 5}, {5, 1}, {1}, {0}, {0, 3}, {2, 0}};

    /** Random bytes, with floats drawn from all magnitudes and specials. */
    static NdArray randomArray(ScalarDType t, long[] shape, long seed) {
        NdArray a = NdArray.zeros(t, shape);
        SplittableRandom r = new SplittableRandom(seed);
        long n = a.size();
        boolean big = t.endianness() == org.npy4j.dtype.Endianness.BIG;
        double[] ds = PrintfNumpyTest.randomDoubles((int) n * 2 + 1, seed);
        for (long i = 0; i < n; i++) {
            switch (t.kind()) {
                case BOOL:
                    a.storage().putByte(i, (byte) r.nextInt(2));
                    break;
                case INT:
                case UINT: {
                    long v = r.nextLong() >> r.nextInt(64);
                    putScalar(a, i * t.itemSize(), t.itemSize(), v, big);
                    break;
                }
                case FLOAT:
                    putFloat(a, i * t.itemSize(), t.itemSize(), ds[(int) i], big);
                    break;
                case COMPLEX: {
                    int h = t.itemSize() / 2;
                    putFloat(a, i * t.itemSize(), h, ds[(int) (2 * i)], big);
                    putFloat(a, i * t.itemSize() + h, h, ds[(int) (2 * i + 1)], big);
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
        }
        return a;
    }

    private static void putScalar(NdArray a, long off, int size, long v, boolean big) {
        switch (size) {
            case 1:
                a.storage().putByte(off, (byte) v);
                break;
            case 2:
                a.storage().putShort(off, big ? Short.reverseBytes((short) v) : (short) v);
                break;
            case 4:
                a.storage().putInt(off, big ? Integer.reverseBytes((int) v) : (int) v);
                break;
            default:
                a.storage().putLong(off, big ? Long.reverseBytes(v) : v);
        }
    }

    private static void putFloat(NdArray a, long off, int size, double v, boolean big) {
        switch (size) {
            case 2:
                putScalar(a, off, 2, TextReader.doubleToHalf(v), big);
                break;
            case 4:
                putScalar(a, off, 4, Float.floatToRawIntBits((float) v), big);
                break;
            default:
                putScalar(a, off, 8, Double.doubleToRawLongBits(v), big);
        }
    }

    // ---- savetxt bytes ---------------------------------------------------------------------------------------

    /** A savetxt argument set: NumPy keyword arguments and the same as our options. */
    private static final class Args {
        final String python;
        final SaveTxtOptions ours;

        Args(String python, SaveTxtOptions ours) {
            this.python = python;
            this.ours = ours;
        }
    }

    private static SaveTxtOptions.Builder b() {
        return SaveTxtOptions.builder();
    }

    private static List<Args> argsFor(Kind kind) {
        List<Args> l = new ArrayList<>();
        l.add(new Args("{}", SaveTxtOptions.DEFAULT));
        l.add(new Args("dict(delimiter=',', header='a,b\\nsecond line', footer='end', comments='// ', newline='\\r\\n')",
                b().delimiter(",").header("a,b\nsecond line").footer("end").comments("// ").newline("\r\n").build()));
        switch (kind) {
            case INT:
            case UINT:
                l.add(new Args("dict(fmt='%d')", b().fmt("%d").build()));
                l.add(new Args("dict(fmt='%x', delimiter='\\t')", b().fmt("%x").delimiter("\t").build()));
                l.add(new Args("dict(fmt='%.6f')", b().fmt("%.6f").build()));
                l.add(new Args("dict(fmt='%+8d')", b().fmt("%+8d").build()));
                break;
            case FLOAT:
                l.add(new Args("dict(fmt='%.6f')", b().fmt("%.6f").build()));
                l.add(new Args("dict(fmt='%g', delimiter=';')", b().fmt("%g").delimiter(";").build()));
                l.add(new Args("dict(fmt='%10.5f')", b().fmt("%10.5f").build()));
                l.add(new Args("dict(fmt='%+.3e')", b().fmt("%+.3e").build()));
                l.add(new Args("dict(fmt='%.10g')", b().fmt("%.10g").build()));
                l.add(new Args("dict(fmt='%s')", b().fmt("%s").build()));
                break;
            case COMPLEX:
                l.add(new Args("dict(fmt='%s')", b().fmt("%s").build()));
                l.add(new Args("dict(fmt='%.3f')", b().fmt("%.3f").build()));
                l.add(new Args("dict(fmt='%g', delimiter=',')", b().fmt("%g").delimiter(",").build()));
                break;
            case BOOL:
                l.add(new Args("dict(fmt='%d')", b().fmt("%d").build()));
                l.add(new Args("dict(fmt='%s')", b().fmt("%s").build()));
                l.add(new Args("dict(fmt='%.2f')", b().fmt("%.2f").build()));
                break;
            default:
                break;
        }
        return l;
    }

    @Test
    void savetxtBytesEqualNumpysOverTheGrid() throws IOException {
        Python.requireNumpy();
        List<String> script = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        int k = 0;
        for (String ds : DTYPES) {
            ScalarDType t = DType.parse(ds);
            for (long[] shape : SHAPES) {
                NdArray a = randomArray(t, shape, 1000L * k + shape.length);
                Path npy = dir.resolve("a" + k + ".npy");
                Npy.save(npy, a);
                int ai = 0;
                for (Args args : argsFor(t.kind())) {
                    String name = "s" + k + "_" + ai++;
                    script.add("np.savetxt(d + '/" + name + ".np.txt', np.load(d + '/a" + k + ".npy'), **" + args.python + ")");
                    Path ours = dir.resolve(name + ".ours.txt");
                    NpyText.savetxt(ours, a, args.ours);
                    String what = ds + " " + Arrays.toString(shape) + " " + args.python;
                    checks.add(() -> assertSameFile(dir.resolve(name + ".np.txt"), ours, what));
                }
                k++;
            }
        }
        // multi-format strings, per-column lists, complex multi-format, structured records, strings
        NdArray two = randomArray(DType.FLOAT64, new long[] {4, 2}, 5);
        Npy.save(dir.resolve("two.npy"), two);
        extra(script, checks, "two", two, "dict(fmt='%d,%.3f')", b().fmt("%d,%.3f").build(), true);
        extra(script, checks, "two", two, "dict(fmt=['%.2e', '%10.4f'], delimiter=' | ')",
                b().fmt(List.of("%.2e", "%10.4f")).delimiter(" | ").build(), false);
        // longdouble and clongdouble: NumPy formats float() of each value, the 80-bit value rounded to a double
        double[] ld = PrintfNumpyTest.randomDoubles(12, 44);
        NdArray wide = NdArray.zeros(DType.LONGDOUBLE, 4, 3);
        NdArray cwide = NdArray.zeros(DType.CLONGDOUBLE, 6);
        for (int i = 0; i < 12; i++) {
            wide.setDouble(ld[i], i / 3, i % 3);
        }
        for (int i = 0; i < 6; i++) {
            cwide.setComplex(org.npy4j.array.Complex.of(ld[2 * i], ld[2 * i + 1]), i);
        }
        Npy.save(dir.resolve("wide.npy"), wide);
        Npy.save(dir.resolve("cwide.npy"), cwide);
        extra(script, checks, "wide", wide, "{}", SaveTxtOptions.DEFAULT, false);
        extra(script, checks, "wide", wide, "dict(fmt='%.3g')", b().fmt("%.3g").build(), false);
        extra(script, checks, "cwide", cwide, "{}", SaveTxtOptions.DEFAULT, false);
        // a strided view: the transpose, written row by row as NumPy writes a.T
        NdArray tall = randomArray(DType.FLOAT32, new long[] {3, 5}, 8);
        Npy.save(dir.resolve("tall.npy"), tall);
        String tname = "x" + checks.size();
        script.add("np.savetxt(d + '/" + tname + ".np.txt', np.load(d + '/tall.npy').T[::2], fmt='%.5g')");
        NpyText.savetxt(dir.resolve(tname + ".ours.txt"), tall.transpose().slice(0, 5, 2), b().fmt("%.5g").build());
        checks.add(() -> assertSameFile(dir.resolve(tname + ".np.txt"), dir.resolve(tname + ".ours.txt"), "transposed view"));
        NdArray cx = randomArray(DType.COMPLEX128, new long[] {3, 2}, 6);
        Npy.save(dir.resolve("cx.npy"), cx);
        extra(script, checks, "cx", cx, "dict(fmt='%.2f %.2fj | %.1e %+.1ej')", b().fmt("%.2f %.2fj | %.1e %+.1ej").build(),
                false);
        NdArray rec = NdArray.zeros(DType.struct(List.of(Field.of("a", DType.INT32), Field.of("b", DType.FLOAT64),
                Field.of("c", DType.bytes(3)), Field.of("d", DType.unicode(4)), Field.of("e", DType.BOOL))), 3);
        for (int i = 0; i < 3; i++) {
            long base = i * rec.dtype().itemSize();
            rec.storage().putInt(base, -i * 7);
            rec.storage().putLong(base + 4, Double.doubleToRawLongBits(i / 3.0));
            rec.storage().putBytes(base + 12, ("x'" + i).getBytes(StandardCharsets.ISO_8859_1), 0, i + 1);
            rec.storage().putInt(base + 15, "\u00e9\u20ac\u6f22\ud83d\ude00".codePointAt(i));
            rec.storage().putByte(base + 31, (byte) (i % 2));
        }
        Npy.save(dir.resolve("rec.npy"), rec);
        extra(script, checks, "rec", rec, "dict(fmt=['%d', '%.4f', '%s', '%s', '%s'], header='h\u00e9ader')",
                b().fmt(List.of("%d", "%.4f", "%s", "%s", "%s")).header("h\u00e9ader").build(), false);
        NdArray str = NdArray.zeros(DType.unicode(3), 2, 2);
        for (int i = 0; i < 4; i++) {
            str.storage().putInt(12L * i, 'a' + i);
            str.storage().putInt(12L * i + 4, 'z');
        }
        Npy.save(dir.resolve("str.npy"), str);
        extra(script, checks, "str", str, "dict(fmt='%s', delimiter=',')", b().fmt("%s").delimiter(",").build(), false);

        Python.run("import numpy as np, sys\nd = sys.argv[1]\n" + String.join("\n", script) + "\n", Python.arg(dir));
        for (Runnable c : checks) {
            c.run();
        }
        assertTrue(checks.size() > 400, "cases: " + checks.size());
    }

    private void extra(List<String> script, List<Runnable> checks, String array, NdArray a, String py, SaveTxtOptions o,
            boolean finiteOnlyDoubles) throws IOException {
        String name = "x" + checks.size();
        NdArray use = a;
        String load = "np.load(d + '/" + array + ".npy')";
        if (finiteOnlyDoubles) {
            // %d of nan/inf raises in NumPy: use a copy with the specials replaced by 1.5
            use = a.copy();
            for (long i = 0; i < use.size(); i++) {
                double v = use.getDouble(i / a.shape(1), i % a.shape(1));
                if (!Double.isFinite(v)) {
                    use.storage().putLong(8 * i, Double.doubleToRawLongBits(1.5));
                }
            }
            Npy.save(dir.resolve(name + ".npy"), use);
            load = "np.load(d + '/" + name + ".npy')";
        }
        script.add("np.savetxt(d + '/" + name + ".np.txt', " + load + ", **" + py + ")");
        Path ours = dir.resolve(name + ".ours.txt");
        NpyText.savetxt(ours, use, o);
        checks.add(() -> assertSameFile(dir.resolve(name + ".np.txt"), ours, array + " " + py));
    }

    private static void assertSameFile(Path numpy, Path ours, String what) {
        try {
            byte[] t = Files.readAllBytes(numpy);
            byte[] o = Files.readAllBytes(ours);
            if (!Arrays.equals(t, o)) {
                fail(what + ":\nNumPy: " + new String(t, StandardCharsets.UTF_8) + "\nours:  " + new String(o, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void longdoubleWithBitsBeyondDoubleFormatsAsNumpy() throws IOException {
        Python.requireNumpy();
        Python.run("import numpy as np, sys\nd = sys.argv[1]\n"
                + "a = (np.arange(1, 13, dtype=np.longdouble) / 7).reshape(4, 3)\n"
                + "a[0, 0] = np.longdouble(1) + np.finfo(np.longdouble).eps\n"
                + "np.save(d + '/ld.npy', a)\nnp.savetxt(d + '/ld.np.txt', a)\n"
                + "c = (np.arange(1, 5, dtype=np.clongdouble) / 3) * (1 - 2j)\n"
                + "np.save(d + '/cld.npy', c)\nnp.savetxt(d + '/cld.np.txt', c, fmt='%.10e')\n", Python.arg(dir));
        NpyText.savetxt(dir.resolve("ld.ours.txt"), Npy.load(dir.resolve("ld.npy")));
        NpyText.savetxt(dir.resolve("cld.ours.txt"), Npy.load(dir.resolve("cld.npy")), b().fmt("%.10e").build());
        assertSameFile(dir.resolve("ld.np.txt"), dir.resolve("ld.ours.txt"), "longdouble");
        assertSameFile(dir.resolve("cld.np.txt"), dir.resolve("cld.ours.txt"), "clongdouble");
    }

    @Test
    void savetxtRefusesWhatNumpyRefuses() {
        NdArray zeroD = NdArray.zeros(DType.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyText.savetxt(dir.resolve("z.txt"), zeroD));
        assertEquals("Expected 1D or 2D array, got 0D array instead", e.getMessage());
        NdArray threeD = NdArray.zeros(DType.FLOAT64, 2, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> NpyText.savetxt(dir.resolve("z.txt"), threeD));
        assertEquals("Expected 1D or 2D array, got 3D array instead", e.getMessage());
        NdArray f = NdArray.zeros(DType.FLOAT64, 2, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> NpyText.savetxt(dir.resolve("z.txt"), f, b().fmt("%d %d").build()));
        assertEquals("fmt has wrong number of % formats:  %d %d", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NpyText.savetxt(dir.resolve("z.txt"), f, b().fmt("%x").build()));
        assertThrows(IllegalArgumentException.class,
                () -> NpyText.savetxt(dir.resolve("z.txt"), f, b().fmt(List.of("%d", "%d")).build()));
        assertTrue(!Files.exists(dir.resolve("z.txt")));
    }

    @Test
    void failedSaveLeavesTheOldFileAndNoTemporary() throws IOException {
        Path p = dir.resolve("keep.txt");
        Files.writeString(p, "old");
        NdArray a = NdArray.zeros(DType.FLOAT64, 3);
        a.storage().putLong(16, Double.doubleToRawLongBits(Double.NaN));
        // %d of NaN fails at the third row, after two rows were formatted
        assertThrows(IllegalArgumentException.class, () -> NpyText.savetxt(p, a, b().fmt("%d").build()));
        assertEquals("old", Files.readString(p));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList());
        }
    }

    @Test
    void gzipOutputDecompressesToNumpysText() throws IOException {
        Python.requireNumpy();
        NdArray a = randomArray(DType.FLOAT64, new long[] {20, 3}, 77);
        Npy.save(dir.resolve("g.npy"), a);
        NpyText.savetxt(dir.resolve("g.txt.gz"), a);
        String same = Python.run("import numpy as np, sys, gzip\nd = sys.argv[1]\n"
                + "np.savetxt(d + '/n.txt.gz', np.load(d + '/g.npy'))\n"
                + "print(gzip.open(d + '/n.txt.gz').read() == gzip.open(d + '/g.txt.gz').read())\n", Python.arg(dir));
        assertEquals("True", same.trim());
        NdArray back = NpyText.loadtxt(dir.resolve("g.txt.gz"));
        assertArrayEquals(Npy.toBytes(a), Npy.toBytes(back));
    }

    // ---- loadtxt ---------------------------------------------------------------------------------------------

    @Test
    void loadtxtOfNumpysTextEqualsNumpysLoadtxtOfOurs() throws IOException {
        Python.requireNumpy();
        List<String> script = new ArrayList<>();
        List<Consumer<Path>> checks = new ArrayList<>();
        int k = 0;
        for (String ds : DTYPES) {
            ScalarDType t = DType.parse(ds);
            for (long[] shape : SHAPES) {
                NdArray a = randomArray(t, shape, 31L * k);
                Npy.save(dir.resolve("l" + k + ".npy"), a);
                // ints, bools: '%d' (NumPy's loadtxt refuses '1.000e+00' for ints); floats: the default '%.18e'
                boolean exactText = t.kind() == Kind.FLOAT || t.kind() == Kind.COMPLEX;
                SaveTxtOptions so = exactText ? SaveTxtOptions.DEFAULT : b().fmt("%d").build();
                String fmt = exactText ? "" : ", fmt='%d'";
                String dt = t.kind() == Kind.BOOL ? "'?'" : "'" + ds + "'";
                Path ours = dir.resolve("l" + k + ".ours.txt");
                NpyText.savetxt(ours, a, so);
                String name = "l" + k;
                script.add("np.savetxt(d + '/" + name + ".np.txt', np.load(d + '/" + name + ".npy')" + fmt + ")");
                script.add("np.save(d + '/" + name + ".np.npy', np.array(np.loadtxt(d + '/" + name
                        + ".ours.txt', dtype=" + dt + "), order='C'))");
                final int kk = k;
                LoadTxtOptions lo = LoadTxtOptions.builder().dtype(t).build();
                checks.add(d -> {
                    try {
                        NdArray ourLoad = NpyText.loadtxt(d.resolve("l" + kk + ".np.txt"), lo);
                        byte[] theirs = Files.readAllBytes(d.resolve("l" + kk + ".np.npy"));
                        assertArrayEquals(theirs, Npy.toBytes(ourLoad.copy(Order.C)), ds + " " + Arrays.toString(shape));
                        // and the values round-trip: squeezed shape aside, the same bytes as the saved array
                        if (a.size() > 0) {
                            byte[] orig = new byte[(int) a.byteSize()];
                            a.storage().getBytes(0, orig, 0, orig.length);
                            byte[] got = new byte[(int) ourLoad.byteSize()];
                            ourLoad.storage().getBytes(0, got, 0, got.length);
                            assertArrayEquals(canonicalNaN(orig, t), canonicalNaN(got, t), ds + " values");
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                k++;
            }
        }
        Python.run("import numpy as np, sys, warnings\nwarnings.simplefilter('ignore')\nd = sys.argv[1]\n"
                + String.join("\n", script) + "\n", Python.arg(dir));
        for (Consumer<Path> c : checks) {
            c.accept(dir);
        }
    }

    /** NaN payloads do not survive text ('nan'): compare NaNs as NaN. */
    private static byte[] canonicalNaN(byte[] b, ScalarDType t) {
        if (t.kind() != Kind.FLOAT && t.kind() != Kind.COMPLEX) {
            return b;
        }
        int size = t.kind() == Kind.COMPLEX ? t.itemSize() / 2 : t.itemSize();
        boolean big = t.endianness() == org.npy4j.dtype.Endianness.BIG;
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b.clone()).order(big ? java.nio.ByteOrder.BIG_ENDIAN
                : java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + size <= b.length; i += size) {
            if (size == 8 && Double.isNaN(bb.getDouble(i))) {
                bb.putDouble(i, Double.NaN);
            } else if (size == 4 && Float.isNaN(bb.getFloat(i))) {
                bb.putFloat(i, Float.NaN);
            } else if (size == 2 && ((bb.getShort(i) & 0x7c00) == 0x7c00) && (bb.getShort(i) & 0x3ff) != 0) {
                bb.putShort(i, (short) 0x7e00);
            }
        }
        return bb.array();
    }

    /** A hand-written text case: the text, NumPy's loadtxt keywords, and the same as our options. */
    private static final class Case {
        final String text;
        final String python;
        final LoadTxtOptions ours;

        Case(String text, String python, LoadTxtOptions ours) {
            this.text = text;
            this.python = python;
            this.ours = ours;
        }
    }

    private static LoadTxtOptions.Builder l() {
        return LoadTxtOptions.builder();
    }

    private static List<Case> textCases() {
        DType rec = DType.struct(List.of(Field.of("a", DType.INT64), Field.of("b", DType.FLOAT64)));
        DType sub = DType.struct(List.of(Field.of("a", DType.INT32), Field.of("b", DType.subarray(DType.FLOAT32, 2))));
        List<Case> c = new ArrayList<>();
        c.add(new Case("1 2 3\n4 5 6\n", "{}", l().build()));
        c.add(new Case("# header\n1 2 # trailing\n\n   \n3 4\n", "{}", l().build()));
        c.add(new Case("1,2,3\r\n4,5,6\r\n", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("1,2\r3,4\r", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case(" 1.5 , 2 \n3,4", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("a,b\n1,2\n3,4\n", "dict(delimiter=',', skiprows=1)", l().delimiter(",").skiprows(1).build()));
        c.add(new Case("1 2 3\n4 5 6\n7 8 9", "dict(usecols=(0, 2))", l().usecols(0, 2).build()));
        c.add(new Case("1 2 3\n4 5 6\n7 8 9", "dict(usecols=(-1, 0, -1))", l().usecols(-1, 0, -1).build()));
        c.add(new Case("1 2 3\n4 5\n7 8 9", "dict(usecols=1)", l().usecols(1).build()));
        c.add(new Case("1 2\n3 4\n5 6\n7 8", "dict(max_rows=2, skiprows=1)", l().maxRows(2).skiprows(1).build()));
        c.add(new Case("#c\n1 2\n#c\n\n3 4\n5 6", "dict(max_rows=2)", l().maxRows(2).build()));
        c.add(new Case("5", "{}", l().build()));
        c.add(new Case("5", "dict(ndmin=1)", l().ndmin(1).build()));
        c.add(new Case("5", "dict(ndmin=2)", l().ndmin(2).build()));
        c.add(new Case("1 2 3", "{}", l().build()));
        c.add(new Case("1 2 3", "dict(ndmin=2)", l().ndmin(2).build()));
        c.add(new Case("1\n2\n3", "dict(ndmin=2)", l().ndmin(2).build()));
        c.add(new Case("1\n2\n3", "dict(ndmin=2, unpack=True)", l().ndmin(2).unpack(true).build()));
        c.add(new Case("1 2\n3 4\n5 6", "dict(unpack=True)", l().unpack(true).build()));
        c.add(new Case("", "{}", l().build()));
        c.add(new Case("# only\n\n", "dict(ndmin=2)", l().ndmin(2).build()));
        c.add(new Case("", "dict(usecols=(0, 2))", l().usecols(0, 2).build()));
        c.add(new Case("1 2\n3 4", "dict(skiprows=9)", l().skiprows(9).build()));
        c.add(new Case("1 2\n3 4", "dict(max_rows=0)", l().maxRows(0).build()));
        c.add(new Case(".5 -.5 5. 1e+3 1E-3 +inf -Infinity iNf nAn -nan +1.5 1e400 -1e-400 4.9e-324 2.5e-324",
                "{}", l().build()));
        c.add(new Case("0.1 0.2 3.4028235e38 3.4028236e38 1e-46 1.00000005960464477539", "dict(dtype='<f4')",
                l().dtype(DType.FLOAT32).build()));
        c.add(new Case("0.1 65504 65520 1e-8 3.0000000000000004 2049 2051", "dict(dtype='<f2')",
                l().dtype(DType.FLOAT16).build()));
        c.add(new Case(" +7  -3 127 -128", "dict(dtype='i1')", l().dtype(DType.INT8).build()));
        c.add(new Case("18446744073709551615 0 +5", "dict(dtype='<u8')", l().dtype(DType.UINT64).build()));
        c.add(new Case("-9223372036854775808 9223372036854775807", "dict(dtype='<i8')", l().dtype(DType.INT64).build()));
        c.add(new Case("1 0 2 -1", "dict(dtype='?')", l().dtype(DType.BOOL).build()));
        c.add(new Case("1+2j (3-4j) 5 -1.5e3j nan+infj 1e5+1.5e-3j +2j", "dict(dtype='<c16')",
                l().dtype(DType.COMPLEX128).build()));
        c.add(new Case("1+2j (3-4j)", "dict(dtype='<c8')", l().dtype(DType.COMPLEX64).build()));
        c.add(new Case("abc de f\nxy z pqrs", "dict(dtype='U')", l().dtype(DType.unicode(0)).build()));
        c.add(new Case("abc d\u00e9f\n\u6f22 \ud83d\ude00x", "dict(dtype='<U2', encoding='utf-8')",
                l().dtype(DType.unicode(2)).build()));
        c.add(new Case("abc def\ng h", "dict(dtype='S')", l().dtype(DType.bytes(0)).build()));
        c.add(new Case("abc def\ng h", "dict(dtype='S2')", l().dtype(DType.bytes(2)).build()));
        c.add(new Case("a,\"b,c\",d\n\"x\"\"y\",\"#\",z # c\n", "dict(delimiter=',', quotechar='\"', dtype='U')",
                l().delimiter(",").quotechar('"').dtype(DType.unicode(0)).build()));
        c.add(new Case("1 \"2 3\" 4\n\"a\"b \"\" c", "dict(quotechar='\"', dtype='U5')",
                l().quotechar('"').dtype(DType.unicode(5)).build()));
        c.add(new Case(" \"a\",b\n\"c\" ,d\ne\"f,\"g\"\"\"\n\"h,i\n", "dict(delimiter=',', quotechar='\"', dtype='U')",
                l().delimiter(",").quotechar('"').dtype(DType.unicode(0)).build()));
        c.add(new Case("\"a b\"c d\n\"\" \"x\"\"\"\n", "dict(quotechar='\"', dtype='U')",
                l().quotechar('"').dtype(DType.unicode(0)).build()));
        // line breaks inside quoted fields belong to the field (universal newlines: each becomes '\n')
        c.add(new Case("\"a\nb\",c\nd,e\n\"x\r\n\r\ny\",\"1\"\n", "dict(delimiter=',', quotechar='\"', dtype='U')",
                l().delimiter(",").quotechar('"').dtype(DType.unicode(0)).build()));
        c.add(new Case("\"p q\n r\" 2\n3 \"4\n\"\n", "dict(quotechar='\"', dtype='U')",
                l().quotechar('"').dtype(DType.unicode(0)).build()));
        c.add(new Case("1,\"2\n", "dict(delimiter=',', quotechar='\"', dtype='U')",
                l().delimiter(",").quotechar('"').dtype(DType.unicode(0)).build()));
        c.add(new Case("1,2\n\"3\n4\",5\n6,x\n", "dict(delimiter=',', quotechar='\"')",
                l().delimiter(",").quotechar('"').build()));
        c.add(new Case("1 2 // c\n3 4 ; d\n", "dict(comments=['//', ';'])", l().comments("//", ";").build()));
        c.add(new Case("1 2 % c\n3 4 #no\n", "dict(comments='%', usecols=(0, 1))", l().comments("%").usecols(0, 1).build()));
        c.add(new Case("1;2#3\n#x;y\n4;5", "dict(delimiter=';', comments=None, usecols=0, dtype='U')",
                l().delimiter(";").comments().usecols(0).dtype(DType.unicode(0)).build()));
        c.add(new Case("1 2\n3 4\n", "dict(dtype=[('a', '<i8'), ('b', '<f8')])", l().dtype(rec).build()));
        c.add(new Case("1 2\n", "dict(dtype=[('a', '<i8'), ('b', '<f8')])", l().dtype(rec).build()));
        c.add(new Case("1 2\n3 4\n", "dict(dtype=[('a', '<i8'), ('b', '<f8')], ndmin=2)", l().dtype(rec).ndmin(2).build()));
        c.add(new Case("", "dict(dtype=[('a', '<i8'), ('b', '<f8')])", l().dtype(rec).build()));
        c.add(new Case("1 2 3\n4 5 6\n", "dict(dtype=[('a', '<i4'), ('b', '<f4', (2,))])", l().dtype(sub).build()));
        c.add(new Case("1\t2\u000b3\u000c4\u00a05\u20036\u00857", "{}", l().build()));
        c.add(new Case("1 2\n3 4", "dict(dtype='>f8')", l().dtype(DType.parse(">f8")).build()));
        c.add(new Case("1 2\n3 4", "dict(dtype='>i2')", l().dtype(DType.parse(">i2")).build()));
        c.add(new Case("caf\u00e9 1\n", "dict(dtype='U', encoding='latin1')",
                l().dtype(DType.unicode(0)).encoding(StandardCharsets.ISO_8859_1).build()));
        // later rows take the all-float fast path: blank lines, comments, specials, whitespace around delimiters
        c.add(new Case("1 2\n3 4#c\n5 6 # c\n\n  \n#x\n7 8\ninf -nan\n", "{}", l().build()));
        c.add(new Case("1,2\n 3 , 4 \n#c\n5,6#c\n\n7,8", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("1\t2\n3\t\t4\n", "dict(delimiter='\t')", l().delimiter("\t").build()));
        c.add(new Case("1 2\n3.5e-3 4e+38\n1e-50 -0\n", "dict(dtype='<f4')", l().dtype(DType.FLOAT32).build()));
        // rejected by NumPy
        c.add(new Case("1,2\n3,,4", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("1,2\n3,4,\n", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("1,2\n3,4 5\n", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("1 2\n3 4 5\n", "{}", l().build()));
        c.add(new Case("1 2\n3 4x\n", "{}", l().build()));
        c.add(new Case("1 2\n  #c\n3 4\n", "dict(delimiter=' ')", l().delimiter(" ").build()));
        c.add(new Case("1 2\n3\n", "{}", l().build()));
        c.add(new Case("1 abc 3", "{}", l().build()));
        c.add(new Case("1.0 2", "dict(dtype='<i8')", l().dtype(DType.INT64).build()));
        c.add(new Case("300", "dict(dtype='i1')", l().dtype(DType.INT8).build()));
        c.add(new Case("-1", "dict(dtype='<u8')", l().dtype(DType.UINT64).build()));
        c.add(new Case("-0", "dict(dtype='u1')", l().dtype(DType.UINT8).build()));
        c.add(new Case("9223372036854775808", "dict(dtype='<i8')", l().dtype(DType.INT64).build()));
        c.add(new Case("0x1p3", "{}", l().build()));
        c.add(new Case("1_000", "{}", l().build()));
        c.add(new Case("1.5d3", "{}", l().build()));
        c.add(new Case("-nan(123)", "{}", l().build()));
        c.add(new Case("1,,2", "dict(delimiter=',')", l().delimiter(",").build()));
        c.add(new Case("True", "dict(dtype='?')", l().dtype(DType.BOOL).build()));
        c.add(new Case("1+2J", "dict(dtype='<c16')", l().dtype(DType.COMPLEX128).build()));
        c.add(new Case("(1+2j", "dict(dtype='<c16')", l().dtype(DType.COMPLEX128).build()));
        c.add(new Case("1 2\n3 4", "dict(usecols=(5,))", l().usecols(5).build()));
        c.add(new Case("1 2 3\n", "dict(dtype=[('a', '<i8'), ('b', '<f8')])", l().dtype(rec).build()));
        c.add(new Case("1 2\n3 4\n5 6\n7 8 9\n", "{}", l().build()));
        return c;
    }

    @Test
    void handWrittenTextsLoadAsNumpyLoadsThem() throws IOException {
        Python.requireNumpy();
        List<Case> cases = textCases();
        StringBuilder script = new StringBuilder("import numpy as np, sys, warnings\nwarnings.simplefilter('ignore')\n"
                + "d = sys.argv[1]\n");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            java.nio.charset.Charset cs = c.ours.encoding();
            Files.write(dir.resolve("t" + i + ".txt"), c.text.getBytes(cs));
            String kw = c.python.equals("{}") ? "dict()" : c.python;
            script.append("kw = ").append(kw).append("\nkw.setdefault('encoding', 'utf-8')\n")
                    .append("try:\n    r = np.loadtxt(d + '/t").append(i).append(".txt', **kw)\n")
                    .append("    np.save(d + '/t").append(i).append(".npy', np.array(r, order='C'))\n")
                    .append("except Exception as e:\n    open(d + '/t").append(i).append(".err', 'w').write(str(e))\n");
        }
        Python.run(script.toString(), Python.arg(dir));
        int rejected = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String what = "case " + i + " " + c.python + " on " + c.text.replace("\n", "\\n");
            Path npy = dir.resolve("t" + i + ".npy");
            if (Files.exists(npy)) {
                NdArray ours;
                try {
                    ours = NpyText.loadtxt(dir.resolve("t" + i + ".txt"), c.ours);
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError(what + ": we failed: " + e, e);
                }
                assertArrayEquals(Files.readAllBytes(npy), Npy.toBytes(ours.copy(Order.C)), what + " ours: " + ours);
            } else {
                String err = Files.readString(dir.resolve("t" + i + ".err"));
                Path txt = dir.resolve("t" + i + ".txt");
                NpyFormatException e = assertThrows(NpyFormatException.class,
                        () -> NpyText.loadtxt(txt, c.ours), what + " (NumPy: " + err + ")");
                assertTrue(e.getMessage().startsWith(txt + ": line "), e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected >= 15, "rejected " + rejected);
    }

    @Test
    void errorsNameFileLineColumnAndBothLengths() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyText.loadtxt(
                new StringReader("# c\n1 2 3\n4 5 abc\n"), LoadTxtOptions.DEFAULT, "data.txt"));
        assertEquals("data.txt: line 3, column 3: could not convert 'abc' to float64", e.getMessage());
        assertEquals("data.txt", e.source());
        e = assertThrows(NpyFormatException.class, () -> NpyText.loadtxt(
                new StringReader("1 2 3 4\n1 2 3 4\n\n1 2 3\n"), LoadTxtOptions.DEFAULT, "data.txt"));
        assertEquals("data.txt: line 4 has 3 columns, expected 4 (use usecols to select a subset)", e.getMessage());
        e = assertThrows(NpyFormatException.class, () -> NpyText.loadtxt(
                new StringReader("1,2\n3,x"), l().delimiter(",").dtype(DType.INT16).build(), "in.csv"));
        assertEquals("in.csv: line 2, column 2: could not convert 'x' to int16", e.getMessage());
    }

    @Test
    void compressionOtherThanGzipIsRefusedByName() throws IOException {
        Path bz = dir.resolve("a.txt.bz2");
        Files.write(bz, new byte[] {'B', 'Z', 'h'});
        org.npy4j.NpyUnsupportedException e = assertThrows(org.npy4j.NpyUnsupportedException.class,
                () -> NpyText.loadtxt(bz));
        assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
        Path xz = dir.resolve("a.txt.xz");
        Files.write(xz, new byte[] {1});
        e = assertThrows(org.npy4j.NpyUnsupportedException.class, () -> NpyText.loadtxt(xz));
        assertTrue(e.getMessage().contains("xz"), e.getMessage());
    }

    @Test
    void badEncodingIsAFormatError() throws IOException {
        Path p = dir.resolve("bad.txt");
        Files.write(p, new byte[] {'1', ' ', (byte) 0xff, '\n'});
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyText.loadtxt(p));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void namesRowBecomesRecordFields() throws IOException {
        Python.requireNumpy();
        String text = "# x,y z,x\n1,2,3\n4,5,6\n";
        Path p = dir.resolve("n.csv");
        Files.writeString(p, text);
        NdArray ours = NpyText.loadtxt(p, l().delimiter(",").names(true).build());
        Python.run("import numpy as np, sys\n"
                + "r = np.genfromtxt(sys.argv[1], delimiter=',', names=True)\n"
                + "np.save(sys.argv[2], r)\n", Python.arg(p), Python.arg(dir.resolve("n.npy")));
        NdArray theirs = Npy.load(dir.resolve("n.npy"));
        assertEquals(theirs.dtype(), ours.dtype());
        assertArrayEquals(Npy.toBytes(theirs), Npy.toBytes(ours));
    }

    @Test
    void documentedBuilderChainsMatchNumpy() throws IOException {
        Python.requireNumpy();
        NdArray a = randomArray(DType.FLOAT64, new long[] {5, 3}, 12);
        Npy.save(dir.resolve("b.npy"), a);
        Path csv = dir.resolve("b.csv");
        NpyText.savetxt(csv, a, SaveTxtOptions.builder().fmt("%.6f").delimiter(",").header("a,b,c").build());
        LoadTxtOptions o = LoadTxtOptions.builder().dtype(DType.FLOAT32).delimiter(",").skiprows(1).usecols(0, 2)
                .maxRows(3).ndmin(2).unpack(true).comments("#").quotechar('"').build();
        NdArray ours = NpyText.loadtxt(csv, o);
        Python.run("import numpy as np, sys\nd = sys.argv[1]\n"
                + "np.savetxt(d + '/n.csv', np.load(d + '/b.npy'), fmt='%.6f', delimiter=',', header='a,b,c')\n"
                + "r = np.loadtxt(d + '/n.csv', dtype='<f4', delimiter=',', skiprows=1, usecols=(0, 2), max_rows=3, ndmin=2,"
                + " unpack=True, comments='#', quotechar='\"')\n"
                + "np.save(d + '/n.npy', np.array(r, order='C'))\n", Python.arg(dir));
        assertArrayEquals(Files.readAllBytes(dir.resolve("n.csv")), Files.readAllBytes(csv));
        assertArrayEquals(Files.readAllBytes(dir.resolve("n.npy")), Npy.toBytes(ours.copy(Order.C)));
        assertArrayEquals(new long[] {2, 3}, ours.shape());
    }

    @Test
    void quotedRecordsOverManyLinesReadOneCharAtATime() throws IOException {
        Python.requireNumpy();
        SplittableRandom r = new SplittableRandom(9);
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < 400; row++) {
            for (int col = 0; col < 3; col++) {
                if (col > 0) {
                    sb.append(',');
                }
                if (r.nextInt(3) == 0) {
                    sb.append('"');
                    int n = r.nextInt(0, 6);
                    for (int k = 0; k < n; k++) {
                        String[] pieces = {"a", "b", ",", "#", "\"\"", "\n", "\r\n", " "}; // a quote inside is doubled
                        sb.append(pieces[r.nextInt(pieces.length)]);
                    }
                    sb.append('"');
                } else {
                    sb.append((char) ('a' + r.nextInt(26))).append(r.nextInt(100));
                }
            }
            sb.append(r.nextBoolean() ? "\n" : "\r\n");
        }
        Path p = dir.resolve("q.csv");
        Files.writeString(p, sb.toString());
        Python.run("import numpy as np, sys\n"
                + "r = np.loadtxt(sys.argv[1], delimiter=',', quotechar='\"', dtype='U', encoding='utf-8')\n"
                + "np.save(sys.argv[2], r)\n", Python.arg(p), Python.arg(dir.resolve("q.npy")));
        LoadTxtOptions o = l().delimiter(",").quotechar('"').dtype(DType.unicode(0)).build();
        java.io.Reader slow = new java.io.Reader() {
            private final StringReader in = new StringReader(sb.toString());

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return in.read(cbuf, off, Math.min(len, 1));
            }

            @Override
            public void close() {
            }
        };
        byte[] theirs = Files.readAllBytes(dir.resolve("q.npy"));
        assertArrayEquals(theirs, Npy.toBytes(NpyText.loadtxt(slow, o, "slow")));
        assertArrayEquals(theirs, Npy.toBytes(NpyText.loadtxt(p, o)));
    }

    @Test
    void streamsRoundTrip() throws IOException {
        NdArray a = randomArray(DType.FLOAT64, new long[] {6, 3}, 3);
        java.io.StringWriter w = new java.io.StringWriter();
        NpyText.savetxt(w, a, SaveTxtOptions.DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NpyText.savetxt(bytes, a, SaveTxtOptions.DEFAULT);
        assertEquals(w.toString(), bytes.toString(StandardCharsets.UTF_8));
        NdArray back = NpyText.loadtxt(new StringReader(w.toString()), LoadTxtOptions.DEFAULT, "string");
        assertArrayEquals(Npy.toBytes(a), Npy.toBytes(back));
        // one char at a time: no assumption about how much a read returns
        java.io.Reader slow = new java.io.Reader() {
            private final StringReader in = new StringReader(w.toString().replace("\n", "\r\n"));

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return in.read(cbuf, off, Math.min(len, 1));
            }

            @Override
            public void close() {
            }
        };
        NdArray back2 = NpyText.loadtxt(slow, LoadTxtOptions.DEFAULT, "slow");
        assertArrayEquals(Npy.toBytes(a), Npy.toBytes(back2));
    }
}
