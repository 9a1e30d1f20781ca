package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Kind;
import org.npy4j.testing.Python;

/**
 * One contract over every accessor and export, run for many dtypes (little- and big-endian) on NumPy's own bytes and
 * values, then again after moving the array to other layouts (F order, transposes, negative-step slices, odd offsets)
 * and other storages: the default single chunk and chunks of 8, 16, 32 and 64 bytes, where elements straddle chunks.
 */
class ArrayContractTest {
    private static final String[] DTYPES = {"|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4",
        "<f8", "<c8", "<c16", ">i2", ">u4", ">i8", ">u8", ">f2", ">f4", ">f8", ">c16", "<U3", ">U2", "|S4", "<M8[s]", ">m8[ms]"};
    private static final long[] SHAPE = {3, 4, 5};

    /** NumPy's bytes (C order) and element texts, by type string. */
    private static final Map<String, byte[]> BYTES = new LinkedHashMap<>();
    private static final Map<String, String[]> VALUES = new LinkedHashMap<>();

    @BeforeAll
    static void generate(@TempDir Path dir) throws Exception {
        String out = Python.run("import numpy as np, sys, os\n"
                + "rng = np.random.default_rng(7)\n"
                + "def txt(x, k):\n"
                + "    if k == 'b': return str(int(x))\n"
                + "    if k in 'iu': return str(int(x))\n"
                + "    if k == 'f': return float(x).hex()\n"
                + "    if k == 'c': return float(x.real).hex() + ',' + float(x.imag).hex()\n"
                + "    if k == 'U': return ''.join('%06x' % ord(c) for c in str(x)) or '-'\n"
                + "    if k == 'S': return bytes(x).hex() or '-'\n"
                + "    if k in 'Mm': return str(x.astype(np.int64))\n"
                + "for i, t in enumerate(sys.argv[2:]):\n"
                + "    dt = np.dtype(t)\n"
                + "    n = 60\n"
                + "    raw = rng.integers(0, 256, n * dt.itemsize, dtype=np.uint8).tobytes()\n"
                + "    a = np.frombuffer(raw, dtype=dt).copy()\n"
                + "    if dt.kind == 'b': a = rng.integers(0, 2, n).astype(dt)\n"
                + "    if dt.kind in 'fc': a[:4] = [np.nan, np.inf, -0.0, 1e-40 if dt.itemsize >= 4 else 1e-6][:4]\n"
                + "    if dt.kind == 'U': a = np.array([''.join(chr(c) for c in rng.choice([0x41, 0x7A, 0xE9, 0x1F600, 0x10FFFF, 0x4E2D], rng.integers(0, dt.itemsize // 4 + 1))) for _ in range(n)], dtype=dt)\n"
                + "    if dt.kind == 'S': a = np.array([bytes(rng.integers(1, 256, rng.integers(0, dt.itemsize + 1), dtype=np.uint8)) for _ in range(n)], dtype=dt)\n"
                + "    if dt.kind in 'Mm': a[0] = np.array('NaT', dtype=dt)\n"
                + "    a = a.reshape(3, 4, 5)\n"
                + "    open(os.path.join(sys.argv[1], '%d.bin' % i), 'wb').write(a.tobytes())\n"
                + "    print(' '.join(txt(x, dt.kind) for x in a.ravel()))\n",
                withDir(dir));
        String[] lines = out.split("\n");
        for (int i = 0; i < DTYPES.length; i++) {
            BYTES.put(DTYPES[i], Files.readAllBytes(dir.resolve(i + ".bin")));
            VALUES.put(DTYPES[i], lines[i].split(" "));
        }
    }

    private static String[] withDir(Path dir) {
        String[] a = new String[DTYPES.length + 1];
        a[0] = Python.arg(dir);
        System.arraycopy(DTYPES, 0, a, 1, DTYPES.length);
        return a;
    }

    /** The array as NumPy wrote it: C order over a wrapped byte array, read-only. */
    private static NdArray base(String t) {
        DType dtype = DType.parse(t);
        return NdArray.contiguous(dtype, SHAPE, Order.C, Storage.wrap(BYTES.get(t).clone()), 0, false);
    }

    /** Copies {@code a} into new storage with chunk shift {@code shift} (0: default), at byte {@code pad}, in {@code order}. */
    static NdArray relocate(NdArray a, int shift, long pad, Order order) {
        long bytes = a.byteSize() + pad + 5;
        Storage s = shift == 0 ? Storage.allocate(bytes) : Storage.allocate(bytes, shift);
        NdArray out = NdArray.contiguous(a.dtype(), a.shape(), order, s, pad, true);
        a.copyInto(out);
        return out;
    }

    /** Layout variants that all present the same logical array. Each entry: description, array. */
    private static List<Object[]> variants(NdArray c) {
        List<Object[]> v = new ArrayList<>();
        v.add(new Object[] {"numpy bytes", c});
        for (int shift : new int[] {0, 3, 4, 5, 6}) {
            for (long pad : new long[] {0, 3}) {
                v.add(new Object[] {"C shift " + shift + " pad " + pad, relocate(c, shift, pad, Order.C)});
                v.add(new Object[] {"F shift " + shift + " pad " + pad, relocate(c, shift, pad, Order.F)});
            }
            // the transpose of an F copy of the transpose: a C-ordered view with F memory
            NdArray tt = relocate(c.transpose(), shift, 1, Order.C).transpose().transpose().transpose();
            v.add(new Object[] {"transposed C copy shift " + shift, tt});
            // a strided view: every other row of a twice-as-big array, reversed twice
            NdArray big = NdArray.zeros(c.dtype(), 6, 4, 5);
            NdArray bigOnChunks = relocate(big, shift, 7, Order.F);
            NdArray every2 = bigOnChunks.slice(0, 5, -7, -2).slice(0, 2, -4, -1).slice(2, 4, -6, -1).slice(2, 4, -6, -1);
            c.copyInto(every2);
            v.add(new Object[] {"strided view shift " + shift, every2});
        }
        return v;
    }

    @Test
    void everyAccessorAndExportOverEveryLayoutAndStorage() {
        for (String t : DTYPES) {
            NdArray c = base(t);
            String[] expected = VALUES.get(t);
            for (Object[] variant : variants(c)) {
                NdArray a = (NdArray) variant[1];
                String what = t + " / " + variant[0];
                assertTrue(a.contentEquals(c), what + ": contentEquals");
                checkElements(a, expected, what);
                checkExports(a, expected, what);
            }
        }
    }

    private static void checkElements(NdArray a, String[] expected, String what) {
        Kind k = a.dtype().kind();
        int n = 0;
        for (long i = 0; i < SHAPE[0]; i++) {
            for (long j = 0; j < SHAPE[1]; j++) {
                for (long l = 0; l < SHAPE[2]; l++, n++) {
                    String e = expected[n];
                    String at = what + " [" + i + "," + j + "," + l + "]";
                    switch (k) {
                        case BOOL:
                            assertEquals(e.equals("1"), a.getBoolean(i, j, l), at);
                            break;
                        case INT:
                            assertEquals(Long.parseLong(e), a.getLong(i, j, l), at);
                            assertEquals(Double.parseDouble(e), a.getDouble(i, j, l), at);
                            break;
                        case UINT:
                            assertEquals(new BigInteger(e), a.getUnsigned(i, j, l), at);
                            assertEquals(new BigInteger(e).longValue(), a.getLong(i, j, l), at);
                            assertEquals(new BigInteger(e).doubleValue(), a.getDouble(i, j, l), at);
                            break;
                        case FLOAT:
                            assertEquals(Double.parseDouble(hex(e)), a.getDouble(i, j, l), at);
                            break;
                        case COMPLEX: {
                            String[] p = e.split(",");
                            assertEquals(Complex.of(Double.parseDouble(hex(p[0])), Double.parseDouble(hex(p[1]))),
                                    a.getComplex(i, j, l), at);
                            break;
                        }
                        case UNICODE:
                            assertEquals(unicode(e), a.getString(i, j, l), at);
                            break;
                        case BYTES:
                            assertArrayEquals(bytes(e), a.getBytes(i, j, l), at);
                            break;
                        default: // datetime / timedelta counts
                            assertEquals(Long.parseLong(e), a.getLong(i, j, l), at);
                            assertEquals(Long.parseLong(e) == Long.MIN_VALUE, a.isNaT(i, j, l), at);
                            break;
                    }
                }
            }
        }
    }

    private static void checkExports(NdArray a, String[] expected, String what) {
        int code = Elem.code(a.dtype());
        int n = expected.length;
        switch (a.dtype().kind()) {
            case BOOL: {
                boolean[] b = a.toBooleanArray();
                byte[] y = a.toByteArray();
                int[] in = a.toIntArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i].equals("1"), b[i], what);
                    assertEquals(Byte.parseByte(expected[i]), y[i], what);
                    assertEquals(Integer.parseInt(expected[i]), in[i], what);
                }
                assertEquals(1.0 * in[5], a.toDoubleArray()[5], what);
                break;
            }
            case INT:
            case UINT:
            case DATETIME:
            case TIMEDELTA: {
                long[] l = a.toLongArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(new BigInteger(expected[i]).longValue(), l[i], what + " toLongArray " + i);
                }
                if (code != Elem.TIME) {
                    double[] d = a.toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals(new BigInteger(expected[i]).doubleValue(), d[i], what + " toDoubleArray " + i);
                    }
                    long[][] l2 = a.reshape(12, 5).toLongArray2D();
                    assertEquals(l[11 * 5 + 3], l2[11][3], what);
                }
                int item = a.dtype().itemSize();
                if (item <= 4) {
                    int[] in = a.toIntArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals((int) l[i], in[i], what + " toIntArray");
                    }
                    assertEquals((int) l[7], a.reshape(3, 20).toIntArray2D()[0][7], what);
                }
                if (item <= 2) {
                    short[] s = a.toShortArray();
                    float[] f = a.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals((short) l[i], s[i], what + " toShortArray");
                        assertEquals((float) l[i], f[i], what + " toFloatArray");
                    }
                }
                if (item == 1) {
                    byte[] b = a.toByteArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals((byte) l[i], b[i], what + " toByteArray");
                    }
                } else {
                    assertThrows(IllegalStateException.class, a::toByteArray, what);
                }
                if (item == 8) {
                    assertThrows(IllegalStateException.class, a::toIntArray, what);
                }
                break;
            }
            case FLOAT: {
                double[] d = a.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.parseDouble(hex(expected[i])), d[i], what + " toDoubleArray " + i);
                }
                double[][][] d3 = a.toDoubleArray3D();
                assertEquals(d[2 * 20 + 3 * 5 + 4], d3[2][3][4], what);
                assertEquals(d[25], a.reshape(6, 10).toDoubleArray2D()[2][5], what);
                if (a.dtype().itemSize() <= 4) {
                    float[] f = a.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals((float) d[i], f[i], what + " toFloatArray " + i);
                    }
                    assertEquals(f[13], a.toFloatArray3D()[0][2][3], what);
                    assertEquals(f[13], a.reshape(2, 30).toFloatArray2D()[0][13], what);
                } else {
                    assertThrows(IllegalStateException.class, a::toFloatArray, what);
                }
                assertThrows(IllegalStateException.class, a::toLongArray, what);
                break;
            }
            case UNICODE:
            case BYTES: {
                String[] s = a.toStringArray();
                for (int i = 0; i < n; i++) {
                    String want = a.dtype().kind() == Kind.UNICODE ? unicode(expected[i])
                            : new String(bytes(expected[i]), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertEquals(want, s[i], what + " toStringArray " + i);
                }
                break;
            }
            default:
                assertThrows(IllegalStateException.class, a::toDoubleArray, what);
                break;
        }
    }

    private static String hex(String pythonHex) {
        switch (pythonHex) {
            case "nan": return "NaN";
            case "inf": return "Infinity";
            case "-inf": return "-Infinity";
            default: return pythonHex;
        }
    }

    private static String unicode(String hex6) {
        if (hex6.equals("-")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex6.length(); i += 6) {
            sb.appendCodePoint(Integer.parseInt(hex6.substring(i, i + 6), 16));
        }
        return sb.toString();
    }

    private static byte[] bytes(String hex) {
        if (hex.equals("-")) {
            return new byte[0];
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static double value(String t, int i, int j) {
        double v = (i - 3) * 1.5 + j / 4.0;
        return t.contains("u") ? Math.abs(v) : v;
    }

    /** Setters then getters over tiny chunks, odd offsets and every byte order: values survive exactly. */
    @Test
    void settersRoundTripOnTinyChunks() {
        for (int shift : new int[] {0, 3, 4, 5, 6}) {
            for (String t : new String[] {"<f8", ">f8", "<i8", ">i8", "<u8", "<f4", ">f4", "<c16", ">c8", "<f16", ">f16", "<c32"}) {
                NdArray z = relocate(NdArray.zeros(DType.parse(t), 7, 3), shift, 5, Order.F);
                for (int i = 0; i < 7; i++) {
                    for (int j = 0; j < 3; j++) {
                        double v = value(t, i, j);
                        switch (z.dtype().kind()) {
                            case COMPLEX: z.setComplex(Complex.of(v, -v), i, j); break;
                            case FLOAT:
                                if (z.dtype().itemSize() == 4) {
                                    z.setFloat((float) v, i, j);
                                } else {
                                    z.setDouble(v, i, j);
                                }
                                break;
                            default: z.setLong((long) (v * 4), i, j); break;
                        }
                    }
                }
                double[] d = z.dtype().kind() == Kind.COMPLEX ? null : z.toDoubleArray();
                for (int i = 0; i < 7; i++) {
                    for (int j = 0; j < 3; j++) {
                        double v = value(t, i, j);
                        String at = t + " shift " + shift + " [" + i + "," + j + "]";
                        if (z.dtype().kind() == Kind.COMPLEX) {
                            assertEquals(Complex.of(v, -v), z.getComplex(i, j), at);
                        } else if (z.dtype().kind() == Kind.FLOAT) {
                            assertEquals(v, z.getDouble(i, j), at);
                            assertEquals(v, d[i * 3 + j], at);
                        } else {
                            assertEquals((long) (v * 4), z.getLong(i, j), at);
                            assertEquals((double) (long) (v * 4), d[i * 3 + j], at);
                        }
                    }
                }
                assertTrue(z.contentEquals(z.copy()), t);
            }
        }
    }
}
