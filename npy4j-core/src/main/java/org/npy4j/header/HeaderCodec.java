package org.npy4j.header;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyLimitException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * Formats and parses {@code .npy} headers exactly as NumPy does (see NUMPY_FORMAT.md §1-§3).
 *
 * <pre>
 *  0      6   7   8        10 / 12                                     data (multiple of 64)
 *  \x93NUMPY  maj min HEADER_LEN  {'descr': ..., 'fortran_order': ..., 'shape': (...), }  growth  pad  \n
 * </pre>
 */
final class HeaderCodec {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private HeaderCodec() {
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    static NpyHeader describe(DType dtype, long[] shape, boolean fortranOrder) {
        if (dtype instanceof SubarrayDType) {
            throw new IllegalArgumentException("an array's dtype cannot be a subarray " + dtype
                    + ": NumPy folds the subarray shape into the array's shape");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        String text = dictText(dtype, shape, fortranOrder);
        int version = chooseVersion(text);
        long dataOffset = prefixLength(version) + headerLength(text, version);
        return new NpyHeader(dtype, shape, fortranOrder, version, dataOffset);
    }

    static byte[] encode(NpyHeader h) {
        String text = dictText(h.dtype(), h.shape(), h.fortranOrder());
        int version = chooseVersion(text);
        byte[] enc = text.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = prefixLength(version);
        int hlen = enc.length + 1;
        int padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
        int headerLen = hlen + padlen;
        byte[] out = new byte[prefix + headerLen];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) version;
        out[7] = 0;
        if (version == 1) {
            out[8] = (byte) headerLen;
            out[9] = (byte) (headerLen >>> 8);
        } else {
            ByteBuffer.wrap(out, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(headerLen);
        }
        System.arraycopy(enc, 0, out, prefix, enc.length);
        Arrays.fill(out, prefix + enc.length, out.length - 1, (byte) ' ');
        out[out.length - 1] = '\n';
        return out;
    }

    /** The dict text with growth spaces, before encoding and padding. */
    static String dictText(DType dtype, long[] shape, boolean fortranOrder) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{'descr': ");
        descr(sb, dtype);
        sb.append(", 'fortran_order': ").append(fortranOrder ? "True" : "False").append(", 'shape': ");
        PyRepr.tuple(sb, shape);
        sb.append(", }");
        if (shape.length > 0) {
            long growth = shape[fortranOrder ? shape.length - 1 : 0];
            int digits = Long.toString(growth).length();
            for (int i = digits; i < GROWTH_AXIS_MAX_DIGITS; i++) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /** Picks the version as {@code np.save} does: 1.0, then 2.0 if the header is too long, then 3.0 if not latin-1. */
    private static int chooseVersion(String text) {
        if (!isLatin1(text)) {
            return 3;
        }
        return headerLength(text, 1) <= 0xFFFF ? 1 : 2;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static int prefixLength(int version) {
        return version == 1 ? 10 : 12;
    }

    private static int headerLength(String text, int version) {
        long bytes = version == 3 ? utf8Length(text) : text.length();
        long hlen = bytes + 1;
        long padlen = ARRAY_ALIGN - ((prefixLength(version) + hlen) % ARRAY_ALIGN);
        long total = hlen + padlen;
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("header of " + total + " bytes is too large to write");
        }
        return (int) total;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static String descr(DType dtype) {
        StringBuilder sb = new StringBuilder();
        descr(sb, dtype);
        return sb.toString();
    }

    /** Appends {@code repr(numpy.lib.format.dtype_to_descr(dtype))}. */
    private static void descr(StringBuilder sb, DType dtype) {
        if (dtype instanceof StructDType) {
            structDescr(sb, (StructDType) dtype);
        } else if (dtype instanceof SubarrayDType) {
            // only reached for a subarray nested in a subarray field: (base_descr, shape)
            SubarrayDType sub = (SubarrayDType) dtype;
            sb.append('(');
            descr(sb, sub.base());
            sb.append(", ");
            PyRepr.tuple(sb, sub.shape());
            sb.append(')');
        } else {
            PyRepr.string(sb, dtype.str());
        }
    }

    /** NumPy's {@code dtype.descr} of a record: fields in order, gaps as unnamed {@code |Vn} padding. */
    private static void structDescr(StringBuilder sb, StructDType t) {
        sb.append('[');
        long offset = 0;
        boolean first = true;
        for (Field f : t.fields()) {
            if (f.offset() > offset) {
                first = padding(sb, first, f.offset() - offset);
                offset = f.offset();
            } else if (f.offset() < offset) {
                throw new IllegalArgumentException(
                        "dtype.descr is not defined for types with overlapping or out-of-order fields");
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append('(');
            if (f.title() != null) {
                sb.append('(');
                PyRepr.string(sb, f.title());
                sb.append(", ");
                PyRepr.string(sb, f.name());
                sb.append(')');
            } else {
                PyRepr.string(sb, f.name());
            }
            sb.append(", ");
            if (f.dtype() instanceof SubarrayDType) {
                SubarrayDType sub = (SubarrayDType) f.dtype();
                descr(sb, sub.base());
                sb.append(", ");
                PyRepr.tuple(sb, sub.shape());
            } else {
                descr(sb, f.dtype());
            }
            sb.append(')');
            offset += f.dtype().itemSize();
        }
        if (t.itemSize() > offset) {
            padding(sb, first, t.itemSize() - offset);
        }
        sb.append(']');
    }

    private static boolean padding(StringBuilder sb, boolean first, long n) {
        if (!first) {
            sb.append(", ");
        }
        sb.append("('', '|V").append(n).append("')");
        return false;
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    static NpyHeader read(ReadableByteChannel ch, ReadLimits limits, String source) throws IOException {
        long available = -1;
        if (ch instanceof SeekableByteChannel) {
            SeekableByteChannel sc = (SeekableByteChannel) ch;
            available = sc.size() - sc.position();
        }
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        prefix.limit(8);
        int got = readFully(ch, prefix);
        if (got == 0) {
            throw new EOFException(source + ": no data left (empty input, not a .npy file)");
        }
        byte[] p = prefix.array();
        checkMagic(p, got, source);
        if (got < 8) {
            throw new NpyTruncatedException(source, got, "file ends inside the .npy magic and version (" + got
                    + " of 8 bytes)");
        }
        int major = p[6] & 0xFF;
        int minor = p[7] & 0xFF;
        if (!(minor == 0 && major >= 1 && major <= 3)) {
            throw new NpyUnsupportedException(source, "unsupported .npy format version " + major + "." + minor
                    + " (only 1.0, 2.0 and 3.0 exist)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        prefix.limit(8 + lenBytes);
        int lg = readFully(ch, prefix) - 8; // readFully counts the 8 bytes already in the buffer
        if (lg < lenBytes) {
            throw new NpyTruncatedException(source, 8 + lg, "file ends inside the header length field");
        }
        long headerLen = major == 1 ? (prefix.getShort(8) & 0xFFFFL) : (prefix.getInt(8) & 0xFFFFFFFFL);
        long prefixLen = 8 + lenBytes;
        // The limit counts decoded characters, as NumPy's max_header_size does; in latin-1 bytes == characters, in
        // UTF-8 a character takes 1..4 bytes, so this is decided before reading (never allocating) a hostile length.
        long maxBytes = major == 3 ? 4L * limits.maxHeaderSize() : limits.maxHeaderSize();
        if (headerLen > maxBytes) {
            throw new NpyLimitException(source, "maxHeaderSize", headerLen, limits.maxHeaderSize());
        }
        if (available >= 0 && headerLen > available - prefixLen) {
            throw new NpyTruncatedException(source, prefixLen, "header declares " + headerLen
                    + " bytes but the file ends after " + Math.max(0, available - prefixLen));
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        int hg = readFully(ch, hb);
        if (hg < headerLen) {
            throw new NpyTruncatedException(source, prefixLen + hg, "file ends inside the header (" + hg + " of "
                    + headerLen + " bytes)");
        }
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException(source, prefixLen, "format 3.0 header is not valid UTF-8", e);
            }
            if (text.length() > limits.maxHeaderSize()) {
                throw new NpyLimitException(source, "maxHeaderSize", text.length(), limits.maxHeaderSize());
            }
        } else {
            text = new String(hb.array(), 0, (int) headerLen, StandardCharsets.ISO_8859_1);
        }
        return parse(text, major, prefixLen + headerLen, limits, source);
    }

    private static void checkMagic(byte[] p, int got, String source) throws NpyFormatException {
        int n = Math.min(got, MAGIC.length);
        for (int i = 0; i < n; i++) {
            if (p[i] != MAGIC[i]) {
                if (got >= 4 && p[0] == 'P' && p[1] == 'K' && (p[2] == 3 && p[3] == 4 || p[2] == 5 && p[3] == 6)) {
                    throw new NpyFormatException(source, 0, "not a .npy file: it is a zip (.npz) archive");
                }
                throw new NpyFormatException(source, 0, "not a .npy file: it starts with " + hex(p, Math.min(got, 8))
                        + ", not the .npy magic 93 4e 55 4d 50 59 (\\x93NUMPY)");
            }
        }
        if (got < MAGIC.length) {
            throw new NpyTruncatedException(source, got, "file ends inside the .npy magic (" + got + " of 8 bytes)");
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Reads until {@code buf} is full or the channel ends; returns the total bytes now in the buffer. */
    private static int readFully(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                break;
            }
        }
        return buf.position();
    }

    /** Parses and validates header text; {@code dataOffset} is where the data starts. */
    static NpyHeader parse(String text, int major, long dataOffset, ReadLimits limits, String source)
            throws NpyFormatException {
        Object v;
        try {
            v = PyLiteral.parse(text, major < 3, limits.maxNestingDepth());
        } catch (PyLiteral.SyntaxError e) {
            throw new NpyFormatException(source, "cannot parse header: " + e.getMessage() + ": " + clip(text));
        } catch (PyLiteral.TooDeep e) {
            throw new NpyLimitException(source, "maxNestingDepth", e.depth + 1L, limits.maxNestingDepth());
        }
        if (!(v instanceof Map)) {
            throw new NpyFormatException(source, "header is not a dictionary: " + clip(PyLiteral.show(v)));
        }
        Map<?, ?> d = (Map<?, ?>) v;
        if (d.size() != 3 || !d.containsKey("descr") || !d.containsKey("fortran_order") || !d.containsKey("shape")) {
            List<String> keys = new ArrayList<>();
            for (Object k : d.keySet()) {
                keys.add(PyLiteral.show(k));
            }
            keys.sort(null);
            throw new NpyFormatException(source, "header does not contain the correct keys: " + keys
                    + " (expected exactly 'descr', 'fortran_order', 'shape')");
        }
        Object fo = d.get("fortran_order");
        if (!(fo instanceof Boolean)) {
            throw new NpyFormatException(source, "fortran_order is not a valid bool: " + clip(PyLiteral.show(fo)));
        }
        long[] shape = shape(d.get("shape"), limits, source);
        DType dtype;
        try {
            dtype = new DescrReader(limits, source).dtype(d.get("descr"), 0, true);
        } catch (DescrError e) {
            throw new NpyFormatException(source, "descr is not a valid dtype descriptor: "
                    + clip(PyLiteral.show(d.get("descr"))) + " (" + e.getMessage() + ")");
        }
        if (dtype.hasObject()) {
            throw new NpyUnsupportedException(source, "the array holds Python objects (dtype " + clip(PyLiteral.show(
                    d.get("descr"))) + "): its data is a pickle, which npy4j never loads (it could run code)");
        }
        long count = 1;
        for (long dim : shape) {
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new NpyFormatException(source, "shape " + showShape(shape) + " has more elements than fit in 64 bits");
            }
        }
        if (count > limits.maxElements()) {
            throw new NpyLimitException(source, "maxElements", count, limits.maxElements());
        }
        try {
            Math.multiplyExact(count, (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException(source, "shape " + showShape(shape) + " of " + dtype.itemSize()
                    + "-byte items is more bytes than fit in 64 bits");
        }
        if (dtype.itemSize() > 0) {
            // As NumPy ("array is too big"): even when a zero makes the array empty, the strides of the other axes,
            // item size times the product of the non-zero dimensions, must fit in 64 bits.
            long extent = dtype.itemSize();
            for (long dim : shape) {
                try {
                    extent = Math.multiplyExact(extent, Math.max(dim, 1));
                } catch (ArithmeticException e) {
                    throw new NpyFormatException(source, "shape " + showShape(shape) + " of " + dtype.itemSize()
                            + "-byte items is too big: the strides of its axes do not fit in 64 bits");
                }
            }
        }
        return new NpyHeader(dtype, shape, (Boolean) fo, major, dataOffset);
    }

    private static String showShape(long[] shape) {
        StringBuilder sb = new StringBuilder();
        PyRepr.tuple(sb, shape);
        return sb.toString();
    }

    private static long[] shape(Object s, ReadLimits limits, String source) throws NpyFormatException {
        if (!(s instanceof PyLiteral.Tuple)) {
            throw new NpyFormatException(source, "shape is not valid: " + clip(PyLiteral.show(s)) + " (expected a tuple)");
        }
        List<Object> items = ((PyLiteral.Tuple) s).items;
        if (items.size() > limits.maxNdim()) {
            throw new NpyLimitException(source, "maxNdim", items.size(), limits.maxNdim());
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            Object o = items.get(i);
            if (o instanceof BigInteger) {
                throw new NpyFormatException(source, "shape is not valid: " + clip(PyLiteral.show(s))
                        + " (dimension " + i + " does not fit in 64 bits)");
            }
            if (!(o instanceof Long)) {
                throw new NpyFormatException(source, "shape is not valid: " + clip(PyLiteral.show(s)) + " (dimension " + i
                        + " is " + (o instanceof Boolean ? "a bool" : "not an integer") + ")");
            }
            long dim = (Long) o;
            if (dim < 0) {
                throw new NpyFormatException(source, "shape is not valid: " + clip(PyLiteral.show(s))
                        + " (negative dimensions are not allowed)");
            }
            shape[i] = dim;
        }
        return shape;
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** A descr that {@code np.dtype} would refuse; the message says why. */
    private static final class DescrError extends Exception {
        private static final long serialVersionUID = 1L;

        DescrError(String message) {
            super(message);
        }
    }

    /** Turns a parsed {@code descr} into a {@link DType}, as {@code numpy.lib.format.descr_to_dtype} does. */
    private static final class DescrReader {
        private final ReadLimits limits;
        private final String source;
        private int fields;

        DescrReader(ReadLimits limits, String source) {
            this.limits = limits;
            this.source = source;
        }

        DType dtype(Object descr, int depth, boolean top) throws DescrError, NpyLimitException {
            if (depth > limits.maxNestingDepth()) {
                throw new NpyLimitException(source, "maxNestingDepth", depth, limits.maxNestingDepth());
            }
            if (descr instanceof String) {
                try {
                    return DType.parse((String) descr);
                } catch (IllegalArgumentException e) {
                    throw new DescrError(e.getMessage());
                }
            }
            if (descr instanceof PyLiteral.Tuple) {
                List<Object> t = ((PyLiteral.Tuple) descr).items;
                if (t.size() != 2) {
                    throw new DescrError("a (type, shape) tuple needs exactly 2 items");
                }
                DType base = dtype(t.get(0), depth + 1, false);
                DType sub = subarray(base, t.get(1));
                if (top && sub instanceof SubarrayDType) {
                    throw new DescrError("an array's descr cannot be a subarray type");
                }
                return sub;
            }
            if (descr instanceof List) {
                return struct((List<?>) descr, depth);
            }
            throw new DescrError("expected a type string, a list of fields or a (type, shape) tuple");
        }

        private DType subarray(DType base, Object shapeObj) throws DescrError {
            List<Object> dims;
            if (shapeObj instanceof Long) {
                dims = List.of(shapeObj);
            } else if (shapeObj instanceof PyLiteral.Tuple) {
                dims = ((PyLiteral.Tuple) shapeObj).items;
            } else {
                throw new DescrError("subarray shape must be an int or a tuple of ints");
            }
            if (dims.size() > limits.maxNdim()) {
                throw new DescrError("subarray has more than " + limits.maxNdim() + " dimensions");
            }
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                Object o = dims.get(i);
                if (!(o instanceof Long)) {
                    throw new DescrError("subarray dimensions must be integers");
                }
                long dim = (Long) o;
                if (dim < 0) {
                    throw new DescrError("invalid shape in fixed-type tuple: dimension smaller then zero");
                }
                if (dim > Integer.MAX_VALUE) {
                    throw new DescrError("subarray dimension too large");
                }
                shape[i] = (int) dim;
            }
            if (shape.length == 0) {
                return base; // np.dtype((t, ())) is t
            }
            if (base.itemSize() == 0 && base instanceof ScalarDType) {
                throw new DescrError("invalid itemsize in generic type tuple: a subarray of " + base.str());
            }
            try {
                return DType.subarray(base, shape);
            } catch (IllegalArgumentException e) {
                throw new DescrError(e.getMessage());
            }
        }

        private DType struct(List<?> items, int depth) throws DescrError, NpyLimitException {
            List<Field> out = new ArrayList<>(items.size());
            long offset = 0;
            for (Object item : items) {
                List<Object> parts;
                if (item instanceof PyLiteral.Tuple) {
                    parts = ((PyLiteral.Tuple) item).items;
                } else if (item instanceof List) {
                    @SuppressWarnings("unchecked")
                    List<Object> l = (List<Object>) item;
                    parts = l;
                } else {
                    throw new DescrError("a field must be a (name, type) or (name, type, shape) tuple");
                }
                if (parts.size() != 2 && parts.size() != 3) {
                    throw new DescrError("a field must be a (name, type) or (name, type, shape) tuple, not "
                            + parts.size() + " items");
                }
                DType t = dtype(parts.get(1), depth + 1, false);
                if (parts.size() == 3) {
                    t = subarray(t, parts.get(2));
                }
                Object nameObj = parts.get(0);
                String title = null;
                String name;
                if (nameObj instanceof PyLiteral.Tuple && ((PyLiteral.Tuple) nameObj).items.size() == 2) {
                    Object ti = ((PyLiteral.Tuple) nameObj).items.get(0);
                    Object na = ((PyLiteral.Tuple) nameObj).items.get(1);
                    if (!(ti instanceof String) || !(na instanceof String)) {
                        throw new DescrError("field titles and names must be strings");
                    }
                    title = (String) ti;
                    name = (String) na;
                } else if (nameObj instanceof String) {
                    name = (String) nameObj;
                } else {
                    throw new DescrError("field names must be strings");
                }
                boolean isPad = name.isEmpty() && title == null && isVoid(t);
                if (!isPad) {
                    if (++fields > limits.maxFields()) {
                        throw new NpyLimitException(source, "maxFields", fields, limits.maxFields());
                    }
                    Field f = Field.at(name, t, (int) offset);
                    out.add(title == null ? f : f.withTitle(title));
                }
                offset += t.itemSize();
                if (offset > Integer.MAX_VALUE) {
                    throw new DescrError("record larger than 2 GiB");
                }
            }
            try {
                return StructDType.withOffsets(out, (int) offset);
            } catch (IllegalArgumentException e) {
                throw new DescrError(e.getMessage());
            }
        }

        private static boolean isVoid(DType t) {
            while (t instanceof SubarrayDType) {
                t = ((SubarrayDType) t).base();
            }
            return t instanceof ScalarDType && t.kind() == Kind.VOID;
        }
    }
}
