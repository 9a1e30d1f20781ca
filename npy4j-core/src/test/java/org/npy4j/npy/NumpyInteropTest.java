package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;
import org.npy4j.testing.Python;

/**
 * Random arrays of random dtypes (records included), shapes and layouts, built in Java and in NumPy from the same
 * bytes: {@code np.save} of NumPy's array must equal our bytes exactly, NumPy must load our file to the same array,
 * and we must load NumPy's file to the same elements.
 */
class NumpyInteropTest {
    @TempDir
    Path tmp;

    private static final String SCRIPT = String.join("\n",
            "import ast, io, json, sys",
            "import numpy as np",
            "from numpy.lib import format as fmt",
            "d = sys.argv[1]",
            "cases = json.load(open(d + '/cases.json', encoding='utf-8'))",
            "bad = []",
            "for i, c in enumerate(cases):",
            "    dt = fmt.descr_to_dtype(ast.literal_eval(c['descr']))",
            "    shape = tuple(c['shape'])",
            "    raw = open('%s/%d.raw' % (d, i), 'rb').read()",
            "    lay = c['layout']",
            "    base = list(shape)",
            "    if lay == 'STEP': base[0] *= 2",
            "    if lay == 'F':",
            "        a = np.frombuffer(raw, dt).reshape(shape[::-1]).T",
            "    else:",
            "        a = np.frombuffer(raw, dt).reshape(base)",
            "    if lay == 'STEP': a = a[::2]",
            "    if lay == 'REVERSED': a = a[::-1]",
            "    b = io.BytesIO()",
            "    with __import__('warnings').catch_warnings():",
            "        __import__('warnings').simplefilter('ignore')",
            "        np.save(b, a)",
            "    open('%s/%d.numpy.npy' % (d, i), 'wb').write(b.getvalue())",
            "    ours = np.load('%s/%d.java.npy' % (d, i), max_header_size=10**9)",
            "    if ours.dtype != a.dtype or ours.shape != a.shape:",
            "        bad.append('%d: dtype/shape %r %r vs %r %r' % (i, ours.dtype, ours.shape, a.dtype, a.shape))",
            "print(json.dumps(bad))");

    @Test
    void randomArraysAreByteIdenticalToNumpyBothWays() throws IOException {
        Python.requireNumpy();
        RandomArrays gen = new RandomArrays(20261201L);
        int n = 400;
        StringBuilder json = new StringBuilder("[");
        List<NdArray> arrays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DType t = gen.dtype(2);
            long[] shape = gen.shape();
            RandomArrays.Layout layout = gen.layout(shape);
            byte[] raw = gen.bytes(t, RandomArrays.baseShape(shape, layout));
            Files.write(tmp.resolve(i + ".raw"), raw);
            NdArray a = RandomArrays.view(t, shape, layout, raw);
            arrays.add(a);
            Npy.save(tmp.resolve(i + ".java.npy"), a);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"descr\":").append(jsonString(NpyHeader.of(t, shape, false).descr()))
                    .append(",\"shape\":").append(java.util.Arrays.toString(shape))
                    .append(",\"layout\":\"").append(layout).append("\"}");
        }
        json.append(']');
        Files.writeString(tmp.resolve("cases.json"), json, StandardCharsets.UTF_8);
        String out = Python.run(SCRIPT, tmp.toString()).trim();
        assertEquals("[]", out, "cases NumPy did not load back equal to its own array");
        for (int i = 0; i < n; i++) {
            byte[] numpy = Files.readAllBytes(tmp.resolve(i + ".numpy.npy"));
            byte[] ours = Files.readAllBytes(tmp.resolve(i + ".java.npy"));
            NdArray a = arrays.get(i);
            String what = "case " + i + ": " + a + " descr " + NpyHeader.of(a.dtype(), a.shape(), false).descr();
            if (a.isCContiguous() || a.isFContiguous()) {
                assertArrayEquals(numpy, ours, what);
            } else {
                // NumPy copies a strided record array field by field through a reused buffer: the padding bytes it
                // writes are whatever that buffer held. Compare everything but those bytes.
                assertEquals(numpy.length, ours.length, what);
                boolean[] mask = itemMask(a.dtype());
                int start = numpy.length - (int) a.byteSize();
                for (int k = 0; k < numpy.length; k++) {
                    if (k < start || mask[(k - start) % mask.length]) {
                        assertEquals(numpy[k], ours[k], what + " at byte " + k);
                    }
                }
            }
            NdArray back = Npy.load(tmp.resolve(i + ".numpy.npy"), ReadLimits.UNLIMITED);
            assertArrayEquals(numpy, Npy.toBytes(back), "case " + i + " re-saved after loading NumPy's file");
        }
    }

    /** Which bytes of an item hold values (not record padding, not a longdouble's 6 unused bytes). */
    static boolean[] itemMask(DType t) {
        boolean[] m = new boolean[Math.max(1, t.itemSize())];
        mark(t, 0, m);
        return m;
    }

    private static void mark(DType t, int off, boolean[] m) {
        if (t instanceof org.npy4j.dtype.StructDType) {
            for (org.npy4j.dtype.Field f : ((org.npy4j.dtype.StructDType) t).fields()) {
                mark(f.dtype(), off + f.offset(), m);
            }
        } else if (t instanceof org.npy4j.dtype.SubarrayDType) {
            org.npy4j.dtype.SubarrayDType s = (org.npy4j.dtype.SubarrayDType) t;
            for (long k = 0; k < s.count(); k++) {
                mark(s.base(), off + (int) k * s.base().itemSize(), m);
            }
        } else if (t.kind() == org.npy4j.dtype.Kind.FLOAT && t.itemSize() == 16) {
            java.util.Arrays.fill(m, off, off + 10, true);
        } else if (t.kind() == org.npy4j.dtype.Kind.COMPLEX && t.itemSize() == 32) {
            java.util.Arrays.fill(m, off, off + 10, true);
            java.util.Arrays.fill(m, off + 16, off + 26, true);
        } else {
            java.util.Arrays.fill(m, off, off + t.itemSize(), true);
        }
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
