package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.StructDType;
import org.npy4j.testing.Python;

/** Record field views over NumPy's own record bytes: nested records, subarrays, titles, padding, aligned layouts. */
class StructFieldTest {
    /** Aligned, as NumPy gives a packed nested record alignment 1 (StructDType.aligned does not model that yet). */
    private static final DType INNER = DType.alignedStruct(List.of(Field.of("a", DType.INT16), Field.of("b", DType.parse(">f8"))));

    private static byte[] unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    private static double[] doubles(String csv) {
        String[] p = csv.split(",");
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = Double.parseDouble(p[i]);
        }
        return d;
    }

    @Test
    void fieldsMatchNumpy() {
        String out = Python.run("import numpy as np\n"
                + "rng = np.random.default_rng(5)\n"
                + "inner = np.dtype([('a', '<i2'), ('b', '>f8')], align=True)\n"
                + "dts = [np.dtype([('x', 'u1'), ('pos', '<f4', (2, 3)), ('in', inner), ('tag', 'S3')], align=True),\n"
                + "       np.dtype([(('X title', 'x'), '<i4'), ('y', '<f8')]),\n"
                + "       np.dtype({'names': ['a', 'b'], 'formats': ['<i4', '<u2'], 'offsets': [8, 2], 'itemsize': 16})]\n"
                + "for dt in dts:\n"
                + "    a = np.zeros((2, 3), dtype=dt)\n"
                + "    for name in dt.names:\n"
                + "        f = a[name]\n"
                + "        if f.dtype.names:\n"
                + "            f['a'] = rng.integers(-999, 999, f.shape); f['b'] = rng.normal(size=f.shape)\n"
                + "        elif f.dtype.kind == 'S': f[...] = [[b'ab', b'c', b''], [b'xyz', b'q', b'zz']]\n"
                + "        else: f[...] = rng.integers(0, 200, f.shape)\n"
                + "    print(dt.itemsize, ','.join(str(dt.fields[n][1]) for n in dt.names), a.tobytes().hex())\n"
                + "    for name in dt.names:\n"
                + "        f = a[name]\n"
                + "        if f.dtype.names:\n"
                + "            print(','.join(map(str, f['a'].ravel().tolist())), ','.join(map(repr, f['b'].ravel().tolist())))\n"
                + "        elif f.dtype.kind == 'S': print(','.join(x.hex() or '-' for x in f.ravel().tolist()))\n"
                + "        else: print(','.join(map(repr, f.astype(float).ravel().tolist())), list(f.shape))\n");
        String[] lines = out.trim().split("\n");
        StructDType aligned = DType.alignedStruct(List.of(Field.of("x", DType.UINT8),
                Field.of("pos", DType.subarray(DType.FLOAT32, 2, 3)), Field.of("in", INNER), Field.of("tag", DType.bytes(3))));
        StructDType titled = DType.struct(List.of(Field.of("x", DType.INT32).withTitle("X title"), Field.of("y", DType.FLOAT64)));
        StructDType offsets = StructDType.withOffsets(List.of(Field.at("a", DType.INT32, 8), Field.at("b", DType.UINT16, 2)), 16);

        // aligned record: x, pos (2x3 subarray), in (nested record), tag
        String[] h = lines[0].split(" ");
        assertEquals(Integer.parseInt(h[0]), aligned.itemSize());
        assertEquals(h[1], offsetsOf(aligned));
        NdArray a = NdArray.contiguous(aligned, new long[] {2, 3}, Order.C, Storage.wrap(unhex(h[2])), 0, false);
        assertEquals(List.of("x", "pos", "in", "tag"), a.fieldNames());
        assertArrayEquals(doubles(lines[1].split(" ")[0]), a.field("x").toDoubleArray());
        NdArray pos = a.field("pos");
        assertArrayEquals(new long[] {2, 3, 2, 3}, pos.shape());
        assertArrayEquals(doubles(lines[2].split(" ")[0]), pos.toDoubleArray());
        NdArray in = a.field("in");
        assertEquals(List.of("a", "b"), in.fieldNames());
        String[] inner = lines[3].split(" ");
        assertArrayEquals(doubles(inner[0]), in.field("a").toDoubleArray());
        assertArrayEquals(doubles(inner[1]), in.field("b").toDoubleArray()); // big-endian inside the record
        String[] tags = lines[4].split(",");
        for (int i = 0; i < 6; i++) {
            byte[] want = tags[i].equals("-") ? new byte[0] : unhex(tags[i]);
            assertArrayEquals(want, a.field("tag").getBytes(i / 3, i % 3));
        }
        // a field of a transposed, sliced record array is still the right strided view
        NdArray t = a.transpose().slice(0, 2, -4, -1); // a.T[::-1]: t[0, 1] is a[1, 2]
        assertEquals(a.field("in").field("b").getDouble(1, 2), t.field("in").field("b").getDouble(0, 1));
        assertArrayEquals(new long[] {3, 2, 2, 3}, t.field("pos").shape());
        assertEquals(a.field("pos").getFloat(1, 0, 1, 2), t.field("pos").getFloat(2, 1, 1, 2));

        // titles: lookup by name or by title
        h = lines[5].split(" ");
        assertEquals(Integer.parseInt(h[0]), titled.itemSize());
        NdArray b = NdArray.contiguous(titled, new long[] {2, 3}, Order.C, Storage.wrap(unhex(h[2])), 0, false);
        assertArrayEquals(doubles(lines[6].split(" ")[0]), b.field("x").toDoubleArray());
        assertArrayEquals(doubles(lines[6].split(" ")[0]), b.field("X title").toDoubleArray());
        assertArrayEquals(doubles(lines[7].split(" ")[0]), b.field("y").toDoubleArray());

        // explicit offsets and padding: fields out of order, gaps, itemsize beyond the last field
        h = lines[8].split(" ");
        assertEquals(h[1], offsetsOf(offsets));
        NdArray c = NdArray.contiguous(offsets, new long[] {2, 3}, Order.C, Storage.wrap(unhex(h[2])), 0, false);
        assertArrayEquals(doubles(lines[9].split(" ")[0]), c.field("a").toDoubleArray());
        assertArrayEquals(doubles(lines[10].split(" ")[0]), c.field("b").toDoubleArray());
        // copies keep records intact, and fields of copies read the same
        NdArray cc = relocated(c);
        assertArrayEquals(c.field("b").toIntArray(), cc.field("b").toIntArray());

        assertThrows(IllegalArgumentException.class, () -> a.field("nope"));
        assertThrows(IllegalArgumentException.class, () -> a.field("x").field("y"));
        assertEquals(List.of(), a.field("x").fieldNames());
    }

    private static NdArray relocated(NdArray a) {
        return ArrayContractTest.relocate(a, 3, 5, Order.F);
    }

    private static String offsetsOf(StructDType t) {
        StringBuilder sb = new StringBuilder();
        for (Field f : t.fields()) {
            sb.append(sb.length() == 0 ? "" : ",").append(f.offset());
        }
        return sb.toString();
    }

    @Test
    void settingThroughAFieldViewWritesTheRecord() {
        NdArray a = NdArray.zeros(DType.struct(List.of(Field.of("x", DType.INT32), Field.of("v", DType.subarray(DType.FLOAT64, 2)))), 3);
        a.field("v").setDouble(2.5, 1, 1);
        a.field("x").setInt(-4, 2);
        assertEquals(2.5, a.get(1).field("v").getDouble(1));
        assertEquals(-4, a.field("x").getInt(2));
        byte[] rec = a.getItemBytes(1);
        assertEquals(20, rec.length);
        assertEquals(2.5, java.nio.ByteBuffer.wrap(rec).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble(12));
    }
}
