package org.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.npy4j.Npy;
import org.npy4j.ReadLimits;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;
import org.npy4j.testing.Corpus;

/**
 * Every corpus {@code .npy} loaded with {@code Npy.load}, its values read through this package's public accessors and
 * bulk exports (records through {@code field} views) and compared with NumPy's manifest; again after moving the array
 * to 8-byte chunks in Fortran order.
 */
class CorpusAccessorTest {

    static Stream<JsonNode> entries() {
        return Corpus.npyEntries().stream().filter(e -> e.has("values") || e.has("first_values"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void valuesThroughAccessors(JsonNode e) throws Exception {
        NdArray a = Npy.load(Corpus.file(e.get("file").asText()), ReadLimits.UNLIMITED);
        JsonNode values = e.has("values") ? e.get("values") : e.get("first_values");
        if (!e.has("values")) {
            a = a.slice(0, 10, 1);
        }
        List<JsonNode> flat = new ArrayList<>();
        values.forEach(flat::add);
        check(flat, a, e.get("file").asText());
        if (a.size() > 0 && a.dtype().itemSize() > 0) {
            check(flat, ArrayContractTest.relocate(a, 3, 3, Order.F), e.get("file").asText() + " on 8-byte chunks");
        }
    }

    private static void check(List<JsonNode> values, NdArray a, String where) {
        assertEquals(values.size(), a.size(), where + ": size");
        DType t = a.dtype();
        if (t instanceof StructDType) {
            for (String name : a.fieldNames()) {
                boolean sub = ((StructDType) t).field(name).dtype() instanceof SubarrayDType;
                List<JsonNode> fv = new ArrayList<>();
                for (JsonNode v : values) {
                    if (sub) {
                        v.get(name).forEach(fv::add);
                    } else {
                        fv.add(v.get(name));
                    }
                }
                check(fv, a.field(name), where + "." + name);
            }
            return;
        }
        long[][] idx = indices(a.shape());
        switch (t.kind()) {
            case BOOL: {
                boolean[] b = a.toBooleanArray();
                for (int i = 0; i < b.length; i++) {
                    assertEquals(values.get(i).asBoolean(), b[i], where + "[" + i + "]");
                    assertEquals(values.get(i).asBoolean(), a.getBoolean(idx[i]), where + "[" + i + "]");
                }
                break;
            }
            case INT:
            case UINT: {
                long[] l = a.toLongArray();
                double[] d = a.toDoubleArray();
                for (int i = 0; i < l.length; i++) {
                    BigInteger v = new BigInteger(values.get(i).asText());
                    assertEquals(v.longValue(), l[i], where + "[" + i + "]");
                    assertEquals(v.doubleValue(), d[i], where + "[" + i + "]");
                    if (t.kind() == org.npy4j.dtype.Kind.UINT) {
                        assertEquals(v, a.getUnsigned(idx[i]), where + "[" + i + "]");
                    } else {
                        assertEquals(v.longValue(), a.getLong(idx[i]), where + "[" + i + "]");
                    }
                }
                break;
            }
            case FLOAT: {
                double[] d = a.toDoubleArray();
                for (int i = 0; i < d.length; i++) {
                    assertEquals(parse(values.get(i)), d[i], where + "[" + i + "]");
                    assertEquals(parse(values.get(i)), a.getDouble(idx[i]), where + "[" + i + "]");
                }
                break;
            }
            case COMPLEX:
                for (int i = 0; i < idx.length; i++) {
                    JsonNode v = values.get(i);
                    assertEquals(Complex.of(parse(v.get(0)), parse(v.get(1))), a.getComplex(idx[i]), where + "[" + i + "]");
                }
                break;
            case BYTES:
                for (int i = 0; i < idx.length; i++) {
                    assertEquals(values.get(i).asText(), hex(a.getBytes(idx[i])), where + "[" + i + "]");
                }
                break;
            case UNICODE: {
                String[] s = a.toStringArray();
                for (int i = 0; i < s.length; i++) {
                    assertEquals(values.get(i).asText(), s[i], where + "[" + i + "]");
                    assertEquals(values.get(i).asText(), a.getString(idx[i]), where + "[" + i + "]");
                }
                break;
            }
            case VOID:
                for (int i = 0; i < idx.length; i++) {
                    assertEquals(values.get(i).asText(), hex(a.getItemBytes(idx[i])), where + "[" + i + "]");
                }
                break;
            default: { // datetime64 / timedelta64
                long[] l = a.toLongArray();
                for (int i = 0; i < l.length; i++) {
                    String v = values.get(i).asText();
                    assertEquals(v.equals("NaT"), a.isNaT(idx[i]), where + "[" + i + "]");
                    assertEquals(v.equals("NaT") ? Long.MIN_VALUE : Long.parseLong(v), l[i], where + "[" + i + "]");
                }
                break;
            }
        }
        assertArrayEquals(idx.length == 0 ? new long[0] : idx[idx.length - 1],
                idx.length == 0 ? new long[0] : lastIndex(a.shape()), where);
    }

    private static long[] lastIndex(long[] shape) {
        long[] l = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            l[k] = shape[k] - 1;
        }
        return l;
    }

    private static long[][] indices(long[] shape) {
        int n = (int) NdArray.sizeOf(shape);
        long[][] out = new long[n][];
        long[] idx = new long[shape.length];
        for (int i = 0; i < n; i++) {
            out[i] = idx.clone();
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    private static double parse(JsonNode v) {
        switch (v.asText()) {
            case "nan": return Double.NaN;
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(v.asText());
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
