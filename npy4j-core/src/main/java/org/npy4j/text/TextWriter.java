package org.npy4j.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.npy4j.array.Float16;
import org.npy4j.array.NdArray;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;

/**
 * The engine of {@code savetxt}: resolves the format against the array once (as NumPy's {@code savetxt} builds one
 * {@code format} string), then formats row by row into one reused line buffer.
 */
final class TextWriter {

    /** Where formatted lines go: chars to a Writer, or chars encoded to bytes. */
    interface Sink {
        void write(char[] buf, int off, int len) throws IOException;

        void flush() throws IOException;
    }

    /** One column of the array as NumPy's {@code tuple(row)} sees it: where it is and how to read it. */
    private static final class Column {
        final ScalarDType type;
        final long fieldOffset;
        /** For longdouble/clongdouble: a 2-D (rows, 1) view read through NdArray's exact 80-bit conversion. */
        NdArray wide;

        Column(ScalarDType type, long fieldOffset) {
            this.type = type;
            this.fieldOffset = fieldOffset;
        }

        boolean isWide() {
            return wide != null;
        }
    }

    private final NdArray array;
    private final SaveTxtOptions options;
    private final PrintfFormat format;
    private final List<Column> columns;
    private final boolean complex;
    private final long rows;
    private final long rowStride;
    private final long colStride;
    private final Storage storage;

    TextWriter(NdArray array, SaveTxtOptions options) {
        this.array = array;
        this.options = options;
        int ndim = array.ndim();
        if (ndim == 0 || ndim > 2) {
            throw new IllegalArgumentException("Expected 1D or 2D array, got " + ndim + "D array instead");
        }
        DType dt = array.dtype();
        List<Column> cols = new ArrayList<>();
        if (dt instanceof StructDType) {
            if (ndim != 1) {
                throw new IllegalArgumentException("savetxt of a 2-D structured array is not supported (NumPy formats its "
                        + "records as strings); save a 1-D structured array");
            }
            for (Field f : ((StructDType) dt).fields()) {
                if (!(f.dtype() instanceof ScalarDType)) {
                    throw new IllegalArgumentException("field '" + f.name() + "' has dtype " + f.dtype()
                            + ": only plain scalar fields can be written as text");
                }
                if (f.dtype().kind() == Kind.COMPLEX) {
                    throw new IllegalArgumentException("field '" + f.name() + "' is complex: NumPy's savetxt cannot format "
                            + "complex fields of a structured array (must be real number, not complex)");
                }
                Column c = new Column(checkWritable((ScalarDType) f.dtype()), f.offset());
                if (isWide(c.type)) {
                    NdArray v = array.field(f.name());
                    c.wide = NdArray.view(v.dtype(), new long[] {v.shape(0), 1}, new long[] {v.strides()[0], 0}, v.offset(),
                            v.storage(), false);
                }
                cols.add(c);
            }
            rows = array.shape(0);
            rowStride = array.strides()[0];
            colStride = 0;
        } else {
            ScalarDType t = checkWritable((ScalarDType) dt);
            long ncol = ndim == 1 ? 1 : array.shape(1);
            if (ncol > 10_000_000) {
                throw new IllegalArgumentException("too many columns for one text line: " + ncol);
            }
            for (int j = 0; j < ncol; j++) {
                Column c = new Column(t, 0);
                if (isWide(t)) {
                    c.wide = ndim == 1
                            ? NdArray.view(t, new long[] {array.shape(0), 1}, new long[] {array.strides()[0], 0}, array.offset(),
                                    array.storage(), false)
                            : array.slice(1, j, j + 1, 1);
                }
                cols.add(c);
            }
            rows = array.shape(0);
            rowStride = array.strides()[0];
            colStride = ndim == 1 ? 0 : array.strides()[1];
        }
        this.columns = Collections.unmodifiableList(cols);
        this.complex = dt.kind() == Kind.COMPLEX;
        this.storage = array.storage();
        this.format = PrintfFormat.parse(buildFormat(options, cols.size(), complex));
        int expected = cols.size() * (complex ? 2 : 1);
        if (format.specs.length != expected) {
            throw new IllegalArgumentException((format.specs.length < expected ? "not enough arguments for format string"
                    : "not all arguments converted during string formatting") + ": '" + format.source + "' has "
                    + format.specs.length + " conversions for " + expected + " values per row");
        }
        // refuse dtype/conversion mismatches before writing anything (NumPy fails at the first row)
        for (int j = 0; j < cols.size(); j++) {
            ScalarDType t = cols.get(j).type;
            for (int k = 0; k < (complex ? 2 : 1); k++) {
                PrintfFormat.Spec s = format.specs[complex ? 2 * j + k : j];
                boolean floaty = t.kind() == Kind.FLOAT || t.kind() == Kind.COMPLEX;
                boolean stringy = t.kind() == Kind.BYTES || t.kind() == Kind.UNICODE;
                if (isWide(t) && (s.conv == 'd' || s.conv == 'i' || s.conv == 'u' || s.conv == 's')) {
                    // Python's int()/str() of a longdouble see all 64 mantissa bits, which a double cannot carry
                    throw new IllegalArgumentException("%" + s.conv + " of " + t.name() + " values is not supported; use a "
                            + "float format such as %.18e (NumPy formats those from the value rounded to a double)");
                }
                if (floaty && s.isIntegerOnly() || stringy && s.conv != 's') {
                    throw new IllegalArgumentException("Mismatch between array dtype ('" + dtypeName(dt) + "') and format "
                            + "specifier ('" + format.source + "'): %" + s.conv + " cannot format " + t.name());
                }
            }
        }
    }

    private static String dtypeName(DType dt) {
        return dt instanceof ScalarDType ? dt.name() : dt.toString();
    }

    private static ScalarDType checkWritable(ScalarDType t) {
        switch (t.kind()) {
            case BOOL:
            case INT:
            case UINT:
            case BYTES:
            case UNICODE:
                return t;
            case FLOAT:
            case COMPLEX:
                return t;
            default:
                throw new IllegalArgumentException("savetxt of dtype " + t.name() + " is not supported");
        }
    }

    private static boolean isWide(ScalarDType t) {
        return t.kind() == Kind.FLOAT && t.itemSize() == 16 || t.kind() == Kind.COMPLEX && t.itemSize() == 32;
    }

    /** NumPy's rules for turning {@code fmt} into one row format. */
    static String buildFormat(SaveTxtOptions o, int ncol, boolean complex) {
        String delimiter = o.delimiter();
        if (o.fmtList() != null) {
            if (o.fmtList().size() != ncol) {
                throw new IllegalArgumentException("fmt has wrong shape.  " + o.fmtList() + " (" + o.fmtList().size()
                        + " formats for " + ncol + " columns)");
            }
            return String.join(delimiter, o.fmtList());
        }
        String fmt = o.fmt();
        int n = PrintfFormat.percentCount(fmt);
        if (n == 1) {
            String one = complex ? " (" + fmt + "+" + fmt + "j)" : fmt;
            return String.join(delimiter, Collections.nCopies(ncol, one));
        }
        if (complex ? n != 2 * ncol : n != ncol) {
            throw new IllegalArgumentException("fmt has wrong number of % formats:  " + fmt);
        }
        return fmt;
    }

    void write(Sink sink) throws IOException {
        CharBuf line = new CharBuf(256);
        String comments = options.comments();
        String newline = options.newline();
        if (!options.header().isEmpty()) {
            line.append(comments).append(options.header().replace("\n", "\n" + comments)).append(newline);
            sink.write(line.buf, 0, line.len);
        }
        long base = array.offset();
        int ncol = columns.size();
        String[] lits = format.literals;
        PrintfFormat.Spec[] specs = format.specs;
        for (long i = 0; i < rows; i++) {
            line.clear();
            long rowOff = base + i * rowStride;
            for (int j = 0; j < ncol; j++) {
                Column c = columns.get(j);
                long off = rowOff + j * colStride + c.fieldOffset;
                if (c.isWide()) {
                    // Python's float() of np.longdouble: the value rounded once to a double
                    if (complex) {
                        org.npy4j.array.Complex z = c.wide.getComplex(i, 0);
                        line.append(lits[2 * j]);
                        format.formatDouble(line, specs[2 * j], z.re());
                        line.append(lits[2 * j + 1]);
                        format.formatDouble(line, specs[2 * j + 1], z.im());
                    } else {
                        line.append(lits[j]);
                        format.formatDouble(line, specs[j], c.wide.getDouble(i, 0));
                    }
                } else if (complex) {
                    int half = c.type.itemSize() / 2;
                    line.append(lits[2 * j]);
                    format.formatFloat(line, specs[2 * j], readFloat(c.type, half, off), half);
                    line.append(lits[2 * j + 1]);
                    format.formatFloat(line, specs[2 * j + 1], readFloat(c.type, half, off + half), half);
                } else {
                    line.append(lits[j]);
                    formatValue(line, specs[j], c.type, off);
                }
            }
            line.append(lits[lits.length - 1]);
            line.append(newline);
            if (complex) {
                replacePlusMinus(line);
            }
            sink.write(line.buf, 0, line.len);
        }
        if (!options.footer().isEmpty()) {
            line.clear();
            line.append(comments).append(options.footer().replace("\n", "\n" + comments)).append(newline);
            sink.write(line.buf, 0, line.len);
        }
        sink.flush();
    }

    /** NumPy's {@code s.replace('+-', '-')} on each complex row: left to right, non-overlapping. */
    static void replacePlusMinus(CharBuf line) {
        char[] b = line.buf;
        int w = 0;
        int n = line.len;
        for (int r = 0; r < n; r++) {
            if (b[r] == '+' && r + 1 < n && b[r + 1] == '-') {
                b[w++] = '-';
                r++;
            } else {
                b[w++] = b[r];
            }
        }
        line.len = w;
    }

    private double readFloat(ScalarDType t, int size, long off) {
        boolean big = t.endianness() == Endianness.BIG;
        switch (size) {
            case 8: {
                long v = storage.getLong(off);
                return Double.longBitsToDouble(big ? Long.reverseBytes(v) : v);
            }
            case 4: {
                int v = storage.getInt(off);
                return Float.intBitsToFloat(big ? Integer.reverseBytes(v) : v);
            }
            default: {
                short v = storage.getShort(off);
                return Float16.toFloat(big ? Short.reverseBytes(v) : v);
            }
        }
    }

    private long readInt(ScalarDType t, long off) {
        boolean big = t.endianness() == Endianness.BIG;
        boolean signed = t.kind() == Kind.INT;
        switch (t.itemSize()) {
            case 1: {
                byte v = storage.getByte(off);
                return signed ? v : v & 0xFFL;
            }
            case 2: {
                short v = storage.getShort(off);
                v = big ? Short.reverseBytes(v) : v;
                return signed ? v : v & 0xFFFFL;
            }
            case 4: {
                int v = storage.getInt(off);
                v = big ? Integer.reverseBytes(v) : v;
                return signed ? v : v & 0xFFFFFFFFL;
            }
            default: {
                long v = storage.getLong(off);
                return big ? Long.reverseBytes(v) : v;
            }
        }
    }

    private void formatValue(CharBuf line, PrintfFormat.Spec spec, ScalarDType t, long off) {
        switch (t.kind()) {
            case FLOAT:
                format.formatFloat(line, spec, readFloat(t, t.itemSize(), off), t.itemSize());
                return;
            case INT:
                format.formatLong(line, spec, readInt(t, off), false);
                return;
            case UINT:
                format.formatLong(line, spec, readInt(t, off), t.itemSize() == 8);
                return;
            case BOOL:
                format.formatBool(line, spec, storage.getByte(off) != 0);
                return;
            case BYTES:
                format.formatString(line, spec, bytesRepr(readBytes(off, t.itemSize())));
                return;
            case UNICODE:
                format.formatString(line, spec, readUnicode(t, off));
                return;
            default:
                throw new IllegalStateException("unexpected dtype " + t);
        }
    }

    private byte[] readBytes(long off, int size) {
        byte[] b = new byte[size];
        storage.getBytes(off, b, 0, size);
        int n = size;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == size ? b : java.util.Arrays.copyOf(b, n);
    }

    private String readUnicode(ScalarDType t, long off) {
        int n = t.itemSize() / 4;
        StringBuilder sb = new StringBuilder(n);
        boolean big = t.endianness() == Endianness.BIG;
        int end = 0;
        for (int k = 0; k < n; k++) {
            int cp = storage.getInt(off + 4L * k);
            cp = big ? Integer.reverseBytes(cp) : cp;
            sb.appendCodePoint(cp);
            if (cp != 0) {
                end = sb.length();
            }
        }
        sb.setLength(end);
        return sb.toString();
    }

    /** Python's {@code str(bytes)}: {@code b'...'} with Python's escapes and quote choice. */
    static String bytesRepr(byte[] b) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte x : b) {
            hasSingle |= x == '\'';
            hasDouble |= x == '"';
        }
        char q = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(b.length + 3).append('b').append(q);
        for (byte x : b) {
            int c = x & 0xFF;
            if (c == q || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(q).toString();
    }

    // ---- sinks -------------------------------------------------------------------------------------------------

    static Sink toWriter(Writer w) {
        return new Sink() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                w.write(buf, off, len);
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }
        };
    }

    /** Encodes to bytes with a fast path for ASCII lines (the formatted numbers always are). */
    static Sink toStream(OutputStream out, Charset cs) {
        boolean asciiCompatible = cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.ISO_8859_1)
                || cs.equals(StandardCharsets.US_ASCII);
        CharsetEncoder enc = cs.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new Sink() {
            private final byte[] bytes = new byte[1 << 16];
            private int n;

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (asciiCompatible) {
                    int end = off + len;
                    int i = off;
                    while (i < end) {
                        if (n == bytes.length) {
                            drain();
                        }
                        int stop = Math.min(end, i + bytes.length - n);
                        while (i < stop) {
                            char c = buf[i];
                            if (c >= 0x80) {
                                break;
                            }
                            bytes[n++] = (byte) c;
                            i++;
                        }
                        if (i < stop) {
                            // a non-ASCII char: encode the rest of this piece the slow way
                            encodeSlow(buf, i, end - i);
                            return;
                        }
                    }
                } else {
                    encodeSlow(buf, off, len);
                }
            }

            private void encodeSlow(char[] buf, int off, int len) throws IOException {
                drain();
                ByteBuffer bb;
                try {
                    bb = enc.reset().encode(CharBuffer.wrap(buf, off, len));
                } catch (CharacterCodingException e) {
                    throw new IOException("cannot encode text as " + cs + ": " + e.getMessage(), e);
                }
                out.write(bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
            }

            private void drain() throws IOException {
                if (n > 0) {
                    out.write(bytes, 0, n);
                    n = 0;
                }
            }

            @Override
            public void flush() throws IOException {
                drain();
                out.flush();
            }
        };
    }
}
