package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.testing.Python;

/** Factories from Java data, the typed getters/setters and their widening/refusal rules. */
class FactoryAndAccessorTest {

    private static byte[] data(NdArray a) {
        byte[] b = new byte[(int) a.byteSize()];
        a.storage().getBytes(a.offset(), b, 0, b.length);
        return b;
    }

    /** What np.array(...).tobytes() gives for the same Java data, and the dtype.str NumPy infers. */
    @Test
    void factoriesMatchNumpyBytes() {
        NdArray[] ours = {
            NdArray.of(new double[] {1.5, -0.0, Double.NaN}),
            NdArray.of(new float[] {1.5f, -2f}),
            NdArray.of(new long[] {Long.MIN_VALUE, 3}),
            NdArray.of(new int[] {-1, 7}),
            NdArray.of(new short[] {-300, 7}),
            NdArray.of(new byte[] {-1, 7}),
            NdArray.of(new boolean[] {true, false, true}),
            NdArray.of(new double[][] {{1, 2, 3}, {4, 5, 6}}),
            NdArray.of(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}}),
            NdArray.ofStrings("a", "\ud83d\ude00b", ""),
            NdArray.ofBytes("ab".getBytes(StandardCharsets.US_ASCII), new byte[0]),
            NdArray.scalar(2.5),
            NdArray.scalar(-4L),
            NdArray.of(DType.UINT16, new long[] {2, 2}, Order.F, new short[] {1, -1, 3, 4}),
            NdArray.of(DType.parse(">f8"), new long[] {2}, Order.C, new double[] {1.0, -2.0}),
            NdArray.of(DType.parse(">i4"), new long[] {3}, Order.C, new int[] {1, -2, 0x01020304}),
            NdArray.ofStrings(),
            NdArray.of(new boolean[][][] {{{true}, {false}}}),
        };
        String out = Python.run("import numpy as np\n"
                + "xs = [np.array([1.5, -0.0, np.nan]), np.array([1.5, -2], dtype=np.float32), np.array([-2**63, 3]),\n"
                + "      np.array([-1, 7], dtype=np.int32), np.array([-300, 7], dtype=np.int16), np.array([-1, 7], dtype=np.int8),\n"
                + "      np.array([True, False, True]), np.array([[1., 2, 3], [4, 5, 6]]),\n"
                + "      np.arange(1, 13, dtype=np.int32).reshape(3, 2, 2), np.array(['a', '\\U0001F600b', '']),\n"
                + "      np.array([b'ab', b'']), np.array(2.5), np.array(-4),\n"
                + "      np.array([1, 65535, 3, 4], dtype=np.uint16).reshape(2, 2, order='F'), np.array([1.0, -2.0], dtype='>f8'),\n"
                + "      np.array([1, -2, 0x01020304], dtype='>i4'), np.array([], dtype='<U1'), np.array([[[True], [False]]])]\n"
                + "for x in xs:\n"
                + "    print(x.dtype.str, '[' + ','.join(map(str, x.shape)) + ']', x.tobytes(order='A').hex() or '-', int(x.flags.f_contiguous and not x.flags.c_contiguous))\n");
        String[] lines = out.trim().split("\n");
        assertEquals(ours.length, lines.length);
        for (int i = 0; i < ours.length; i++) {
            String[] p = lines[i].split(" ", 3);
            assertEquals(4, lines[i].split(" ").length, lines[i]);
            NdArray a = ours[i];
            assertEquals(p[0], a.dtype().str(), "factory " + i);
            assertEquals(p[1], java.util.Arrays.toString(a.shape()).replace(" ", ""), "factory " + i);
            String[] rest = p[2].split(" ");
            String hex = rest[rest.length - 2];
            StringBuilder got = new StringBuilder();
            for (byte b : data(a)) {
                got.append(String.format("%02x", b));
            }
            assertEquals(hex.equals("-") ? "" : hex, got.toString(), "factory " + i + " bytes");
            assertEquals(rest[rest.length - 1].equals("1"), !a.isCContiguous(), "factory " + i + " order");
            assertTrue(a.isWritable());
        }
        assertEquals("\ud83d\ude00b", ours[9].getString(1));
        assertEquals(2, ((org.npy4j.dtype.ScalarDType) ours[9].dtype()).length());
        assertEquals(0xFFFF, ours[13].getInt(1, 0) & 0xFFFF);
        assertEquals(BigInteger.valueOf(65535), ours[13].getUnsigned(1, 0));
        assertEquals(-2.0, ours[14].getDouble(1));
        assertEquals(0x01020304, ours[15].getInt(2));
        assertEquals(2.5, ours[11].getDouble());
    }

    @Test
    void raggedInputIsRefusedNamingRowAndLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.of(new double[][] {{1, 2}, {3, 4}, {5}}));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("1") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new long[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7}}}));
        assertTrue(e.getMessage().contains("row [1][1]") && e.getMessage().contains("has length 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[][][] {{{1}}, {{1}, {2}}}));
        assertTrue(e.getMessage().contains("row 1 has length 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new short[][] {{1}, null}));
        assertArrayEquals(new long[] {0, 0}, NdArray.of(new double[0][]).shape().length == 2 ? new long[] {0, 0} : null);
        assertArrayEquals(new long[] {2, 0}, NdArray.of(new byte[][] {{}, {}}).shape());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.FLOAT32, new long[] {2}, Order.C, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.FLOAT64, new long[] {3}, Order.C, new double[2]));
    }

    @Test
    void everyPrimitiveFactoryRoundTrips() {
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, NdArray.of(new float[][] {{1, 2}, {3, 4}}).toFloatArray2D());
        assertArrayEquals(new long[][] {{1, 2}, {3, 4}}, NdArray.of(new long[][] {{1, 2}, {3, 4}}).toLongArray2D());
        assertArrayEquals(new int[][] {{1, 2}, {3, 4}}, NdArray.of(new int[][] {{1, 2}, {3, 4}}).toIntArray2D());
        assertArrayEquals(new short[] {1, 2, 3, 4}, NdArray.of(new short[][] {{1, 2}, {3, 4}}).toShortArray());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, NdArray.of(new byte[][] {{1, 2}, {3, 4}}).toByteArray());
        assertArrayEquals(new boolean[] {true, false}, NdArray.of(new boolean[][] {{true}, {false}}).toBooleanArray());
        double[][][] d3 = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        assertArrayEquals(d3, NdArray.of(d3).toDoubleArray3D());
        float[][][] f3 = {{{1, 2, 3}}, {{5, 6, 7}}};
        assertArrayEquals(f3, NdArray.of(f3).toFloatArray3D());
        assertArrayEquals(new long[] {1, 2, 3, 4}, NdArray.of(new long[][][] {{{1, 2}, {3, 4}}}).toLongArray());
        assertArrayEquals(new short[] {1, 2}, NdArray.of(new short[][][] {{{1, 2}}}).toShortArray());
        assertArrayEquals(new byte[] {1, 2}, NdArray.of(new byte[][][] {{{1}, {2}}}).toByteArray());
        assertArrayEquals(new double[] {1.5, 2.5}, NdArray.of(new double[] {1.5, 2.5}).toDoubleArray());
        assertArrayEquals(new int[] {-7}, NdArray.of(new int[] {-7}).toIntArray());
        // F order from flat data: element [i, j] is data[i + j * rows]
        NdArray f = NdArray.of(DType.INT32, new long[] {2, 3}, Order.F, new int[] {1, 2, 3, 4, 5, 6});
        assertEquals(3, f.getInt(0, 1));
        assertArrayEquals(new int[] {1, 3, 5, 2, 4, 6}, f.toIntArray());
        assertTrue(f.isFContiguous());
        // float16 bits through short[]
        NdArray h = NdArray.of(DType.FLOAT16, new long[] {2}, Order.C, new short[] {0x3C00, (short) 0xC000});
        assertArrayEquals(new float[] {1f, -2f}, h.toFloatArray());
        NdArray u = NdArray.of(DType.UINT64, new long[] {1}, Order.C, new long[] {-1});
        assertEquals("18446744073709551615", u.getUnsignedString(0));
        assertEquals(-1L, u.getLong(0));
        assertEquals(0x1p64, u.getDouble(0));
        assertEquals(255, NdArray.of(DType.UINT8, new long[] {1}, Order.C, new byte[] {-1}).getShort(0));
        assertEquals(0xFFFFFFFFL, NdArray.of(DType.UINT32, new long[] {1}, Order.C, new int[] {-1}).getLong(0));
    }

    @Test
    void wideningIsImplicitAndNarrowingPointsAtAstype() {
        NdArray i8 = NdArray.of(new byte[] {-5});
        assertEquals(-5, i8.getShort(0));
        assertEquals(-5, i8.getInt(0));
        assertEquals(-5L, i8.getLong(0));
        assertEquals(-5f, i8.getFloat(0));
        assertEquals(-5.0, i8.getDouble(0));
        assertEquals(Complex.of(-5, 0), i8.getComplex(0));
        NdArray b = NdArray.of(new boolean[] {true});
        assertEquals(1, b.getByte(0));
        assertEquals(1.0, b.getDouble(0));
        NdArray i64 = NdArray.of(new long[] {1L << 60});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> i64.getInt(0));
        assertTrue(e.getMessage().contains("astype") && e.getMessage().contains("getLong"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> i64.getFloat(0));
        assertEquals(0x1p60, i64.getDouble(0));
        NdArray f8 = NdArray.of(new double[] {1.5});
        assertThrows(IllegalStateException.class, () -> f8.getFloat(0));
        assertThrows(IllegalStateException.class, () -> f8.getLong(0));
        assertThrows(IllegalStateException.class, () -> f8.getBoolean(0));
        assertEquals(1, f8.astype(DType.INT32).getInt(0));
        NdArray f4 = NdArray.of(new float[] {0.1f});
        assertEquals((double) 0.1f, f4.getDouble(0));
        e = assertThrows(IllegalStateException.class, () -> f4.setDouble(0.1, 0));
        assertTrue(e.getMessage().contains("setFloat") && e.getMessage().contains("astype"), e.getMessage());
        f4.setFloat(2.5f, 0);
        f4.setShort((short) -3, 0);
        assertEquals(-3f, f4.getFloat(0));
        f8.setLong(1L << 53 | 1, 0); // int64 -> float64 is "safe" in NumPy: rounds
        assertEquals(0x1p53, f8.getDouble(0));
        NdArray h = NdArray.zeros(DType.FLOAT16, 1);
        h.setByte((byte) 100, 0);
        assertEquals(100f, h.getFloat(0));
        assertThrows(IllegalStateException.class, () -> h.setFloat(1f, 0));
        NdArray u8 = NdArray.zeros(DType.UINT8, 1);
        u8.setByte((byte) -1, 0);
        assertEquals(255, u8.getInt(0));
        assertThrows(IllegalStateException.class, () -> u8.setShort((short) 1, 0));
        NdArray u64 = NdArray.zeros(DType.UINT64, 1);
        u64.setLong(-2, 0);
        assertEquals(new BigInteger("18446744073709551614"), u64.getUnsigned(0));
        NdArray i16 = NdArray.zeros(DType.INT16, 1);
        i16.setBoolean(true, 0);
        assertEquals(1, i16.getShort(0));
        assertThrows(IllegalStateException.class, () -> i16.setInt(1, 0));
        assertThrows(IllegalStateException.class, () -> i16.getUnsigned(0));
        NdArray ld = NdArray.zeros(DType.LONGDOUBLE, 1);
        ld.setLong(Long.MAX_VALUE, 0); // exact in extended precision
        assertEquals(Long.MAX_VALUE, ld.astype(DType.INT64).getLong(0));
        NdArray rec = NdArray.zeros(DType.struct(java.util.List.of(org.npy4j.dtype.Field.of("x", DType.INT8))), 1);
        e = assertThrows(IllegalStateException.class, () -> rec.getDouble(0));
        assertTrue(e.getMessage().contains("field"), e.getMessage());
    }

    @Test
    void indexingRules() {
        NdArray a = NdArray.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(6, a.getInt(-1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(0, -4));
        assertThrows(IllegalArgumentException.class, () -> a.getInt(0));
        a.setInt(9, 1, 2);
        assertEquals(9, a.get(1).getInt(2));
    }

    @Test
    void readOnlyArraysRefuseEverySetter() {
        NdArray a = NdArray.of(new double[] {1}).asReadOnly();
        assertFalse(a.isWritable());
        for (Runnable r : new Runnable[] {() -> a.setDouble(1, 0), () -> a.setFloat(1, 0), () -> a.setLong(1, 0),
            () -> a.setInt(1, 0), () -> a.setShort((short) 1, 0), () -> a.setByte((byte) 1, 0), () -> a.setBoolean(true, 0),
            () -> a.setComplex(Complex.of(1, 0), 0), () -> a.setItemBytes(new byte[8], 0), () -> a.copyInto(a)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
        NdArray s = NdArray.ofStrings("x").asReadOnly();
        assertThrows(IllegalStateException.class, () -> s.setString("y", 0));
        NdArray overReadOnlyStorage = NdArray.contiguous(DType.INT32, new long[] {1}, Order.C,
                Storage.wrap(java.nio.ByteBuffer.allocate(4).asReadOnlyBuffer()), 0, true);
        assertFalse(overReadOnlyStorage.isWritable());
        assertThrows(IllegalStateException.class, () -> overReadOnlyStorage.setInt(1, 0));
    }

    @Test
    void complexValues() {
        NdArray z = NdArray.zeros(DType.COMPLEX128, 2);
        z.setComplex(Complex.of(1, -2), 0);
        assertEquals(Complex.of(1, -2), z.getComplex(0));
        assertEquals("(1.0-2.0j)", z.getComplex(0).toString());
        assertEquals(1.0, z.astype(DType.FLOAT64).getDouble(0));
        NdArray c8 = NdArray.zeros(DType.COMPLEX64.withEndianness(Endianness.BIG), 1);
        c8.setComplex(Complex.of(0.5, 3), 0);
        assertEquals(Complex.of(0.5, 3), c8.getComplex(0));
        assertThrows(IllegalArgumentException.class, () -> c8.setComplex(Complex.of(0.1, 0), 0));
        assertThrows(IllegalStateException.class, () -> c8.getDouble(0));
        assertEquals(Complex.of(0.5, 3), c8.astype(DType.COMPLEX128).getComplex(0));
        assertEquals(Complex.of(Double.NaN, 0), Complex.of(Double.NaN, 0));
        assertFalse(Complex.of(0.0, 0).equals(Complex.of(-0.0, 0)));
    }

    @Test
    void stringsAndBytes() {
        NdArray u = NdArray.ofStrings("h\u00e9llo", "\ud83d\ude00", "");
        assertEquals("<U5", u.dtype().str());
        assertArrayEquals(new String[] {"h\u00e9llo", "\ud83d\ude00", ""}, u.toStringArray());
        u.setString("\ud83d\ude00\ud83d\ude00ab\u0000", 2); // 5 code points: fits
        assertEquals("\ud83d\ude00\ud83d\ude00ab", u.getString(2)); // trailing NUL stripped, as NumPy does
        assertThrows(IllegalArgumentException.class, () -> u.setString("toolong", 0));
        NdArray be = u.astype(DType.unicode(5).withEndianness(Endianness.BIG));
        assertEquals("h\u00e9llo", be.getString(0));
        NdArray s = NdArray.ofBytes(new byte[] {'a', 0, 'b', 0}, new byte[] {(byte) 0xFF});
        assertEquals("|S4", s.dtype().str());
        assertArrayEquals(new byte[] {'a', 0, 'b'}, s.getBytes(0)); // only trailing NULs are stripped
        assertEquals("\u00ff", s.getString(1));
        s.setBytes(new byte[] {'x'}, 0);
        assertArrayEquals(new byte[] {'x', 0, 0, 0}, s.getItemBytes(0));
        assertThrows(IllegalArgumentException.class, () -> s.setBytes(new byte[5], 0));
        assertEquals("|U1".replace('|', '<'), NdArray.ofStrings().dtype().str());
        assertEquals("|S1", NdArray.ofBytes().dtype().str());
        assertThrows(IllegalStateException.class, () -> s.setString("a", 0));
        NdArray bad = NdArray.contiguous(DType.unicode(1), new long[] {1}, Order.C, Storage.wrap(new byte[] {0, 0, 0x11, 0}), 0, false);
        assertThrows(IllegalStateException.class, () -> bad.getString(0));
    }
}
