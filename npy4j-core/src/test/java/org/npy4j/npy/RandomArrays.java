package org.npy4j.npy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.StructDType;

/** Random dtypes (plain, records with nesting, subarrays, titles, padding, alignment), shapes, layouts and bytes. */
final class RandomArrays {
    private static final String[] PLAIN = {"|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4",
        "<i8", ">i8", "<u8", ">u8", "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<f16", "<c8", ">c8", "<c16", ">c16", "<c32"};
    private static final String[] NAME_PIECES = {"x", "y", "pos", "it's", "say \"hi\"", "both ' and \"", "back\\slash",
        "tab\t", "nl\n", "nul\u0000", "é", "größe", "π", "温度", "\u00a0nbsp", "\u2028sep", "emoji\ud83d\ude00", "del\u007f",
        "a_rather_long_field_name_of_32ch", "soft\u00adhyphen", "ctl\u0001"};

    private final Random rnd;
    private int names;

    RandomArrays(long seed) {
        rnd = new Random(seed);
    }

    /** A random dtype; records nest at most {@code depth} levels. */
    DType dtype(int depth) {
        int r = rnd.nextInt(10);
        if (depth > 0 && r < 3) {
            return struct(depth - 1);
        }
        return scalar();
    }

    DType scalar() {
        int r = rnd.nextInt(8);
        switch (r) {
            case 0:
                return DType.parse("|S" + (1 + rnd.nextInt(8)));
            case 1:
                return DType.parse((rnd.nextBoolean() ? "<" : ">") + "U" + (1 + rnd.nextInt(5)));
            case 2:
                return DType.parse("|V" + (1 + rnd.nextInt(6)));
            case 3: {
                DateTimeUnit[] units = DateTimeUnit.values();
                DateTimeUnit u = units[rnd.nextInt(units.length)];
                String kind = rnd.nextBoolean() ? "M8" : "m8";
                String order = rnd.nextBoolean() ? "<" : ">";
                if (u == DateTimeUnit.GENERIC) {
                    return DType.parse(order + kind);
                }
                String mult = rnd.nextInt(4) == 0 ? String.valueOf(2 + rnd.nextInt(3600)) : "";
                return DType.parse(order + kind + "[" + mult + u.symbol() + "]");
            }
            default:
                return DType.parse(PLAIN[rnd.nextInt(PLAIN.length)]);
        }
    }

    private String name(Set<String> used) {
        while (true) {
            String n = rnd.nextInt(3) == 0 ? NAME_PIECES[rnd.nextInt(NAME_PIECES.length)] + (names++)
                    : "f" + (names++);
            if (used.add(n)) {
                return n;
            }
        }
    }

    StructDType struct(int depth) {
        int n = 1 + rnd.nextInt(4);
        Set<String> used = new HashSet<>();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DType t = rnd.nextInt(12) == 0 ? DType.parse(new String[] {"|S0", "<U0", "|V0"}[rnd.nextInt(3)]) : dtype(depth);
            if (rnd.nextInt(5) == 0 && t.itemSize() > 0) {
                int[] sub = new int[1 + rnd.nextInt(2)];
                for (int k = 0; k < sub.length; k++) {
                    sub[k] = 1 + rnd.nextInt(3);
                }
                t = DType.subarray(t, sub);
                if (rnd.nextInt(4) == 0) {
                    t = DType.subarray(t, 2); // a subarray of a subarray, kept nested as NumPy keeps it
                }
            }
            Field f = Field.of(name(used), t);
            if (rnd.nextInt(6) == 0) {
                String title = "T" + name(used);
                f = f.withTitle(title);
            }
            fields.add(f);
        }
        switch (rnd.nextInt(4)) {
            case 0:
                return DType.alignedStruct(fields);
            case 1: {
                // explicit offsets with gaps before, between and after the fields
                List<Field> placed = new ArrayList<>();
                int off = rnd.nextInt(3);
                for (Field f : fields) {
                    Field p = Field.at(f.name(), f.dtype(), off);
                    placed.add(f.title() == null ? p : p.withTitle(f.title()));
                    off += f.dtype().itemSize() + rnd.nextInt(3);
                }
                return StructDType.withOffsets(placed, off + rnd.nextInt(3));
            }
            default:
                return DType.struct(fields);
        }
    }

    long[] shape() {
        int nd = rnd.nextInt(5);
        long[] s = new long[nd];
        for (int k = 0; k < nd; k++) {
            s[k] = rnd.nextInt(12) == 0 ? 0 : 1 + rnd.nextInt(4);
        }
        if (nd >= 2 && rnd.nextInt(15) == 0) {
            s[0] = 0;
            s[nd - 1] = 1_000_000_000_000_000L; // empty, but with a long dimension in the header
        }
        return s;
    }

    /** The layouts a case can take: C, Fortran, or a non-contiguous view (every second row, or reversed). */
    enum Layout { C, F, STEP, REVERSED }

    Layout layout(long[] shape) {
        Layout[] all = Layout.values();
        Layout l = all[rnd.nextInt(all.length)];
        if ((l == Layout.STEP || l == Layout.REVERSED) && shape.length == 0) {
            return Layout.C;
        }
        return l;
    }

    /** Random bytes for {@code shape} (doubled along axis 0 for {@link Layout#STEP}). */
    byte[] bytes(DType t, long[] baseShape) {
        byte[] b = new byte[(int) (NdArray.sizeOf(baseShape) * t.itemSize())];
        rnd.nextBytes(b);
        return b;
    }

    static long[] baseShape(long[] shape, Layout l) {
        long[] s = shape.clone();
        if (l == Layout.STEP) {
            s[0] = 2 * s[0];
        }
        return s;
    }

    /** The array over {@code raw} laid out as the case says (Python builds the same view from the same bytes). */
    static NdArray view(DType t, long[] shape, Layout l, byte[] raw) {
        Storage st = Storage.wrap(raw.clone());
        switch (l) {
            case F:
                return NdArray.contiguous(t, shape, Order.F, st, 0, false);
            case STEP:
                return NdArray.contiguous(t, baseShape(shape, l), Order.C, st, 0, false).slice(0, 0, Long.MAX_VALUE, 2);
            case REVERSED:
                return NdArray.contiguous(t, shape, Order.C, st, 0, false).slice(0, -1, Long.MIN_VALUE, -1);
            default:
                return NdArray.contiguous(t, shape, Order.C, st, 0, false);
        }
    }
}
