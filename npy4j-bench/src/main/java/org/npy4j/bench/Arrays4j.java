package org.npy4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Kind;

/**
 * Conversions between {@link NdArray} and Java arrays for the benchmarks. The library's own exports
 * ({@code NdArray.toDoubleArray()}, {@code NdArray.of(double[])}, ...) are used when the core has them — they are the
 * normal API a user would call, so that is what must be measured; on an older core a plain bulk copy through the
 * storage's chunks stands in, and {@link #usesLibraryExport()} says which one ran.
 *
 * <pre>{@code
 * double[] d = Arrays4j.toDoubles(Npy.load(path));
 * NdArray a = Arrays4j.ofDoubles(d);
 * }</pre>
 */
public final class Arrays4j {
    private static final MethodHandle TO_DOUBLES = find("toDoubleArray", double[].class);
    private static final MethodHandle TO_FLOATS = find("toFloatArray", float[].class);
    private static final MethodHandle TO_INTS = find("toIntArray", int[].class);
    private static final MethodHandle TO_LONGS = find("toLongArray", long[].class);
    private static final MethodHandle OF_DOUBLES = findOf(double[].class);
    private static final MethodHandle OF_FLOATS = findOf(float[].class);
    private static final MethodHandle OF_INTS = findOf(int[].class);
    private static final MethodHandle OF_LONGS = findOf(long[].class);

    private static final java.util.Map<Class<?>, MethodHandle> SAVE_JAVA = findSaves();

    private Arrays4j() {
    }

    private static java.util.Map<Class<?>, MethodHandle> findSaves() {
        java.util.Map<Class<?>, MethodHandle> m = new java.util.HashMap<>();
        for (Class<?> c : new Class<?>[] {double[].class, float[].class, int[].class, long[].class}) {
            try {
                m.put(c, MethodHandles.publicLookup().findStatic(org.npy4j.Npy.class, "save",
                        MethodType.methodType(java.nio.file.Path.class, java.nio.file.Path.class, c, long[].class)));
            } catch (ReflectiveOperationException e) {
                // this core has no direct Java-array save: saveJava goes through NdArray.of
            }
        }
        return m;
    }

    /** True if the core has {@code Npy.save(Path, double[], long...)} and friends, which {@link #saveJava} then uses. */
    public static boolean hasDirectJavaSave() {
        return !SAVE_JAVA.isEmpty();
    }

    /**
     * Saves a Java array the way a user of this core would: {@code Npy.save(path, data, shape)} when the core has it,
     * else {@code Npy.save(path, NdArray.of(data) reshaped)}.
     */
    public static java.nio.file.Path saveJava(java.nio.file.Path path, Object data, long[] shape) throws java.io.IOException {
        MethodHandle h = SAVE_JAVA.get(data.getClass());
        if (h != null) {
            try {
                return (java.nio.file.Path) h.invoke(path, data, shape);
            } catch (java.io.IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return org.npy4j.Npy.save(path, ofJava(data, shape));
    }

    private static MethodHandle find(String name, Class<?> ret) {
        try {
            return MethodHandles.publicLookup().findVirtual(NdArray.class, name, MethodType.methodType(ret));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static MethodHandle findOf(Class<?> arg) {
        try {
            return MethodHandles.publicLookup().findStatic(NdArray.class, "of", MethodType.methodType(NdArray.class, arg));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** True if the core's own {@code toDoubleArray()} / {@code of(double[])} are used, false if the stand-in is. */
    public static boolean usesLibraryExport() {
        return TO_DOUBLES != null && OF_DOUBLES != null;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    /** {@code a.toDoubleArray()}. */
    public static double[] toDoubles(NdArray a) {
        if (TO_DOUBLES != null) {
            try {
                return (double[]) TO_DOUBLES.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        requireContiguous(a, Kind.FLOAT, 8);
        double[] out = new double[Math.toIntExact(a.size())];
        int p = 0;
        for (int c = 0; c < a.storage().chunkCount(); c++) {
            ByteBuffer b = chunk(a, c);
            int n = Math.min(b.remaining() / 8, out.length - p);
            b.asDoubleBuffer().get(out, p, n);
            p += n;
        }
        return out;
    }

    /** {@code a.toFloatArray()}. */
    public static float[] toFloats(NdArray a) {
        if (TO_FLOATS != null) {
            try {
                return (float[]) TO_FLOATS.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        requireContiguous(a, Kind.FLOAT, 4);
        float[] out = new float[Math.toIntExact(a.size())];
        int p = 0;
        for (int c = 0; c < a.storage().chunkCount(); c++) {
            ByteBuffer b = chunk(a, c);
            int n = Math.min(b.remaining() / 4, out.length - p);
            b.asFloatBuffer().get(out, p, n);
            p += n;
        }
        return out;
    }

    /** {@code a.toIntArray()}. */
    public static int[] toInts(NdArray a) {
        if (TO_INTS != null) {
            try {
                return (int[]) TO_INTS.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        requireContiguous(a, Kind.INT, 4);
        int[] out = new int[Math.toIntExact(a.size())];
        int p = 0;
        for (int c = 0; c < a.storage().chunkCount(); c++) {
            ByteBuffer b = chunk(a, c);
            int n = Math.min(b.remaining() / 4, out.length - p);
            b.asIntBuffer().get(out, p, n);
            p += n;
        }
        return out;
    }

    /** {@code a.toLongArray()}. */
    public static long[] toLongs(NdArray a) {
        if (TO_LONGS != null) {
            try {
                return (long[]) TO_LONGS.invokeExact(a);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        requireContiguous(a, Kind.INT, 8);
        long[] out = new long[Math.toIntExact(a.size())];
        int p = 0;
        for (int c = 0; c < a.storage().chunkCount(); c++) {
            ByteBuffer b = chunk(a, c);
            int n = Math.min(b.remaining() / 8, out.length - p);
            b.asLongBuffer().get(out, p, n);
            p += n;
        }
        return out;
    }

    /**
     * Loads {@code path} straight into the Java array of {@code type} with the library's
     * {@code Npy.loadDoubleArray} (and float/int/long) — what a user who wants a Java array calls.
     */
    public static Object loadJava(java.nio.file.Path path, Class<?> type) throws java.io.IOException {
        if (type == double.class) {
            return org.npy4j.Npy.loadDoubleArray(path);
        } else if (type == float.class) {
            return org.npy4j.Npy.loadFloatArray(path);
        } else if (type == int.class) {
            return org.npy4j.Npy.loadIntArray(path);
        }
        return org.npy4j.Npy.loadLongArray(path);
    }

    /** The Java component type {@link #toJava} gives for {@code t}. */
    public static Class<?> javaType(DType t) {
        if (t.kind() == Kind.FLOAT) {
            return t.itemSize() == 8 ? double.class : float.class;
        }
        return t.itemSize() == 8 ? long.class : int.class;
    }

    /** The data of {@code a} as the Java array matching its dtype: double[], float[], int[] or long[]. */
    public static Object toJava(NdArray a) {
        DType t = a.dtype();
        if (t.kind() == Kind.FLOAT && t.itemSize() == 8) {
            return toDoubles(a);
        } else if (t.kind() == Kind.FLOAT && t.itemSize() == 4) {
            return toFloats(a);
        } else if (t.kind() == Kind.INT && t.itemSize() == 4) {
            return toInts(a);
        } else if (t.kind() == Kind.INT && t.itemSize() == 8) {
            return toLongs(a);
        }
        throw new IllegalArgumentException("no Java array type for dtype " + t.str());
    }

    /** {@code NdArray.of(data)} reshaped to {@code shape}: a new native-order array holding a copy of {@code data}. */
    public static NdArray ofJava(Object data, long[] shape) {
        NdArray flat;
        if (data instanceof double[]) {
            flat = of(OF_DOUBLES, data, DType.FLOAT64, ((double[]) data).length);
        } else if (data instanceof float[]) {
            flat = of(OF_FLOATS, data, DType.FLOAT32, ((float[]) data).length);
        } else if (data instanceof int[]) {
            flat = of(OF_INTS, data, DType.INT32, ((int[]) data).length);
        } else if (data instanceof long[]) {
            flat = of(OF_LONGS, data, DType.INT64, ((long[]) data).length);
        } else {
            throw new IllegalArgumentException("unsupported Java array " + data.getClass());
        }
        return NdArray.contiguous(flat.dtype(), shape, Order.C, flat.storage(), flat.offset(), true);
    }

    /** {@code NdArray.of(double[])}. */
    public static NdArray ofDoubles(double[] data) {
        return ofJava(data, new long[] {data.length});
    }

    private static NdArray of(MethodHandle libraryOf, Object data, DType dtype, int length) {
        if (libraryOf != null) {
            try {
                return (NdArray) libraryOf.invoke(data);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        NdArray a = NdArray.zeros(dtype, length);
        int p = 0;
        for (int c = 0; c < a.storage().chunkCount(); c++) {
            ByteBuffer b = chunk(a, c);
            int n = b.remaining() / dtype.itemSize();
            if (data instanceof double[]) {
                b.asDoubleBuffer().put((double[]) data, p, n);
            } else if (data instanceof float[]) {
                b.asFloatBuffer().put((float[]) data, p, n);
            } else if (data instanceof int[]) {
                b.asIntBuffer().put((int[]) data, p, n);
            } else {
                b.asLongBuffer().put((long[]) data, p, n);
            }
            p += n;
        }
        return a;
    }

    private static ByteBuffer chunk(NdArray a, int c) {
        return a.storage().chunk(c).order(a.dtype().str().startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireContiguous(NdArray a, Kind kind, int size) {
        if (!a.isCContiguous() || a.offset() != 0 || a.dtype().kind() != kind || a.dtype().itemSize() != size
                || a.dtype().str().startsWith("|")) {
            throw new UnsupportedOperationException("this core has no Java-array export for " + a.dtype().str()
                    + " (stand-in handles only contiguous arrays)");
        }
    }

    /**
     * A new C-ordered array of {@code dtype} and {@code shape} filled with pseudo-random values from {@code seed}
     * (uniform in [0, 1) for floats, full-range for integers) or, when {@code sparse}, 95 % zeros.
     */
    public static NdArray random(DType dtype, long[] shape, long seed, boolean sparse) {
        NdArray a = NdArray.zeros(dtype, shape);
        SplittableRandom r = new SplittableRandom(seed);
        Storage s = a.storage();
        int item = dtype.itemSize();
        boolean big = dtype.str().startsWith(">");
        for (long off = 0; off < s.byteSize(); off += item) {
            if (sparse && r.nextInt(20) != 0) {
                continue;
            }
            long bits;
            if (dtype.kind() == Kind.FLOAT) {
                double v = r.nextDouble();
                bits = item == 8 ? Double.doubleToRawLongBits(v) : Float.floatToRawIntBits((float) v) & 0xFFFFFFFFL;
            } else {
                bits = r.nextLong();
            }
            if (item == 8) {
                s.putLong(off, big ? Long.reverseBytes(bits) : bits);
            } else if (item == 4) {
                s.putInt(off, big ? Integer.reverseBytes((int) bits) : (int) bits);
            } else if (item == 2) {
                s.putShort(off, big ? Short.reverseBytes((short) bits) : (short) bits);
            } else {
                s.putByte(off, (byte) bits);
            }
        }
        return a;
    }
}
