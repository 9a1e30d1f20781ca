package org.npy4j.cli;

import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/** Writes an array's values as {@code a.tolist()} would give them, in JSON (see {@link DumpCommand}). */
final class JsonDump {
    private JsonDump() {
    }

    static void write(NdArray a, Json j) {
        walk(a.storage(), a.offset(), a.shape(), a.strides(), 0, a.dtype(), j);
    }

    private static void walk(Storage s, long off, long[] shape, long[] strides, int axis, DType t, Json j) {
        if (axis == shape.length) {
            element(s, off, t, j);
            return;
        }
        j.beginArray();
        for (long i = 0; i < shape[axis]; i++) {
            walk(s, off + i * strides[axis], shape, strides, axis + 1, t, j);
        }
        j.endArray();
    }

    static void element(Storage s, long off, DType t, Json j) {
        if (t instanceof StructDType) {
            j.beginObject();
            for (Field f : ((StructDType) t).fields()) {
                if (f.name().isEmpty()) {
                    continue; // padding
                }
                j.name(f.name());
                element(s, off + f.offset(), f.dtype(), j);
            }
            j.endObject();
            return;
        }
        if (t instanceof SubarrayDType) {
            SubarrayDType sub = (SubarrayDType) t;
            int[] is = sub.shape();
            long[] shape = new long[is.length];
            for (int i = 0; i < is.length; i++) {
                shape[i] = is[i];
            }
            walk(s, off, shape, NdArray.contiguousStrides(shape, sub.base().itemSize(), Order.C), 0, sub.base(), j);
            return;
        }
        ScalarDType st = (ScalarDType) t;
        switch (st.kind()) {
            case BOOL:
                j.value(Values.bool(s, off));
                break;
            case INT:
            case UINT:
                j.number(Values.integerText(s, off, st));
                break;
            case FLOAT:
                real(Values.real(s, off, st.itemSize(), st.endianness()), j);
                break;
            case COMPLEX: {
                int half = st.itemSize() / 2;
                j.beginArray();
                real(Values.real(s, off, half, st.endianness()), j);
                real(Values.real(s, off + half, half, st.endianness()), j);
                j.endArray();
                break;
            }
            case BYTES:
                j.value(Values.bytesText(s, off, st.itemSize()));
                break;
            case UNICODE:
                j.value(Values.unicodeText(s, off, st));
                break;
            case VOID:
                j.value(Values.hex(Values.raw(s, off, st.itemSize())));
                break;
            case DATETIME:
                j.value(DateTimes.format(Values.signed(s, off, st), st));
                break;
            case TIMEDELTA: {
                long v = Values.signed(s, off, st);
                if (Values.isNat(v)) {
                    j.value("NaT");
                } else {
                    j.value(v);
                }
                break;
            }
            default:
                throw new IllegalStateException("no JSON form for dtype " + st);
        }
    }

    /** tolist() gives Python floats (doubles) for every float width: the double's repr, specials as strings. */
    private static void real(double d, Json j) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            j.value(FloatRepr.pythonRepr(d, FloatRepr.Width.DOUBLE));
        } else {
            j.number(FloatRepr.pythonRepr(d, FloatRepr.Width.DOUBLE));
        }
    }
}
