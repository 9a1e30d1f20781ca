package org.npy4j.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Endianness;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;

/**
 * The engine of {@code loadtxt}: a hand-rolled tokenizer over a char buffer (universal newlines, NumPy's quoting and
 * comment rules), per-column parsers resolved once from the first data row, values written straight into row-sized
 * byte chunks, and one {@link Storage} assembled at the end. Nothing is returned unless the whole input parsed.
 */
final class TextReader {
    private static final VarHandle LE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int CHUNK_BYTES = 1 << 20;

    private final LoadTxtOptions o;
    private final String source;
    private final NumberParser np = new NumberParser();

    // rows are written into chunks of whole rows, joined into one Storage at the end
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk;
    private int chunkRows;
    private int inChunk;

    // tokenizer configuration
    private final boolean whitespace;
    private final char delim;
    private final boolean quoting;
    private final char quote;
    private final char comment; // single one-char comment handled inline; 0xFFFF when none
    private final String[] multiComments; // otherwise cut the line at these (NumPy's preprocessing)

    // input
    private Reader in;
    private char[] buf = new char[1 << 14]; // grows for long lines
    private int pos;
    private int lim;
    private boolean eof;
    private boolean skipLF;
    private int ls;
    private int le;
    private long lineNo;
    /** The physical line a record starts on (a quoted field may carry a record over several lines). */
    private long recordLine;
    /** While >= 0, the start of a record that continues on the next line: fill() keeps it in the buffer. */
    private int mark = -1;
    /** Set by tokenize: the record ended inside a quoted field. */
    private boolean openQuote;
    /** Whether the last line returned by nextLine() ended with a line break (false for a last line at end of input). */
    private boolean terminated;

    // the fields of the current line, copied (quotes resolved) into fb
    private char[] fb = new char[256];
    /** The chars the current fields index into: the line buffer itself, or {@link #fb} when quotes were resolved. */
    private char[] fc = fb;
    private int[] fs = new int[16];
    private int[] fe = new int[16];
    private int nf;

    TextReader(LoadTxtOptions o, String source) {
        this.o = o;
        this.source = source == null ? "" : source;
        this.whitespace = o.delimiter() == null;
        this.delim = whitespace ? 0 : o.delimiter().charAt(0);
        this.quoting = o.quotechar() != null;
        this.quote = quoting ? o.quotechar() : 0;
        List<String> c = o.comments();
        if (c.size() == 1 && c.get(0).length() == 1) {
            comment = c.get(0).charAt(0);
            multiComments = null;
        } else {
            comment = 0xFFFF;
            multiComments = c.isEmpty() ? null : c.toArray(new String[0]);
        }
    }

    static NdArray readFile(Path path, LoadTxtOptions o) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String src = path.toString();
        if (name.endsWith(".bz2")) {
            throw new NpyUnsupportedException(src, "bzip2-compressed text (.bz2) is not supported (the core has no "
                    + "dependencies): decompress it first, or pass a decompressing Reader to loadtxt(Reader, ...)");
        }
        if (name.endsWith(".xz") || name.endsWith(".lzma")) {
            throw new NpyUnsupportedException(src, "xz/lzma-compressed text is not supported (the core has no "
                    + "dependencies): decompress it first, or pass a decompressing Reader to loadtxt(Reader, ...)");
        }
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            Reader r = new InputStreamReader(in, o.encoding().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            return new TextReader(o, src).read(r);
        }
    }

    // ---- lines -------------------------------------------------------------------------------------------------

    /** Advances to the next physical line ({@code \n}, {@code \r\n} or {@code \r}); sets {@link #ls}/{@link #le}. */
    private boolean nextLine() throws IOException {
        int scan = pos;
        while (true) {
            if (skipLF) {
                if (pos < lim) {
                    if (buf[pos] == '\n') {
                        pos++;
                    }
                    skipLF = false;
                    scan = pos;
                } else if (!fill()) {
                    skipLF = false;
                } else {
                    scan = pos;
                    continue;
                }
            }
            for (int i = scan; i < lim; i++) {
                char c = buf[i];
                if (c == '\n' || c == '\r') {
                    ls = pos;
                    le = i;
                    pos = i + 1;
                    skipLF = c == '\r';
                    lineNo++;
                    terminated = true;
                    return true;
                }
            }
            scan = lim;
            if (eof) {
                if (pos < lim) {
                    ls = pos;
                    le = lim;
                    pos = lim;
                    lineNo++;
                    terminated = false;
                    return true;
                }
                return false;
            }
            int before = pos;
            fill();
            scan -= before - pos;
        }
    }

    /** Moves the unread tail to the front and reads more; returns false at end of input. */
    private boolean fill() throws IOException {
        int keep = mark >= 0 ? Math.min(mark, pos) : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, lim - keep);
            lim -= keep;
            pos -= keep;
            if (mark >= 0) {
                mark -= keep;
            }
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, lim, buf.length - lim);
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source, "line " + (lineNo + 1) + ": not valid " + o.encoding() + " text ("
                    + e.getMessage() + ")");
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    // ---- fields ------------------------------------------------------------------------------------------------

    private void addField(int start, int end) {
        if (nf == fs.length) {
            fs = Arrays.copyOf(fs, nf * 2);
            fe = Arrays.copyOf(fe, nf * 2);
        }
        fs[nf] = start;
        fe[nf] = end;
        nf++;
    }

    /** Splits the current line into fields (none for a blank or comment-only line). */
    private void tokenize(boolean ignoreComments) {
        nf = 0;
        int end = le;
        char[] b = buf;
        if (multiComments != null && !ignoreComments) {
            for (String c : multiComments) {
                int at = indexOf(b, ls, end, c);
                if (at >= 0) {
                    end = at;
                }
            }
        }
        char cm = ignoreComments ? 0xFFFF : comment;
        if (!quoting) {
            // no quotes: fields are ranges of the line buffer, nothing is copied
            fc = b;
            int i = ls;
            if (whitespace) {
                while (true) {
                    while (i < end && NumberParser.isSpace(b[i])) {
                        i++;
                    }
                    if (i >= end || b[i] == cm) {
                        return;
                    }
                    int start = i;
                    while (i < end && b[i] != cm && !NumberParser.isSpace(b[i])) {
                        i++;
                    }
                    addField(start, i);
                }
            }
            if (i >= end) {
                return;
            }
            while (true) {
                int start = i;
                while (i < end && b[i] != delim && b[i] != cm) {
                    i++;
                }
                if (i < end && b[i] == cm) {
                    if (nf > 0 || i > start) {
                        addField(start, i);
                    }
                    return;
                }
                addField(start, i);
                if (i >= end) {
                    return;
                }
                i++;
            }
        }
        int need = end - ls;
        if (fb.length < need) {
            fb = new char[Math.max(need, fb.length * 2)];
        }
        fc = fb;
        openQuote = false;
        char[] out = fb;
        int w = 0;
        int i = ls;
        if (whitespace) {
            while (true) {
                while (i < end && NumberParser.isSpace(b[i])) {
                    i++;
                }
                if (i >= end || b[i] == cm) {
                    return;
                }
                int start = w;
                boolean inQuote = false;
                if (quoting && b[i] == quote) {
                    inQuote = true;
                    i++;
                }
                while (i < end) {
                    char c = b[i];
                    if (inQuote) {
                        if (c == quote) {
                            if (i + 1 < end && b[i + 1] == quote) {
                                out[w++] = quote;
                                i += 2;
                                continue;
                            }
                            inQuote = false;
                            i++;
                            continue;
                        }
                        if (c == '\r') {
                            // a line break carried inside quotes: universal newlines make it one '\n'
                            out[w++] = '\n';
                            i += i + 1 < end && b[i + 1] == '\n' ? 2 : 1;
                            continue;
                        }
                    } else if (NumberParser.isSpace(c) || c == cm) {
                        break;
                    }
                    out[w++] = c;
                    i++;
                }
                addField(start, w);
                if (inQuote) {
                    openQuote = true;
                    return;
                }
                if (i < end && b[i] == cm) {
                    return;
                }
            }
        }
        if (i >= end) {
            return; // an empty line
        }
        while (true) {
            int start = w;
            boolean inQuote = false;
            if (quoting && i < end && b[i] == quote) {
                inQuote = true;
                i++;
            }
            boolean hitComment = false;
            while (i < end) {
                char c = b[i];
                if (inQuote) {
                    if (c == quote) {
                        if (i + 1 < end && b[i + 1] == quote) {
                            out[w++] = quote;
                            i += 2;
                            continue;
                        }
                        inQuote = false;
                        i++;
                        continue;
                    }
                    if (c == '\r') {
                        out[w++] = '\n';
                        i += i + 1 < end && b[i + 1] == '\n' ? 2 : 1;
                        continue;
                    }
                } else if (c == delim) {
                    break;
                } else if (c == cm) {
                    hitComment = true;
                    break;
                }
                out[w++] = c;
                i++;
            }
            if (hitComment && nf == 0 && w == start) {
                return; // nothing before the comment: a comment line
            }
            addField(start, w);
            if (inQuote) {
                openQuote = true;
                return;
            }
            if (i >= end || hitComment) {
                return;
            }
            i++; // past the delimiter
        }
    }

    private static int indexOf(char[] b, int from, int to, String s) {
        int n = s.length();
        char first = s.charAt(0);
        outer:
        for (int i = from; i <= to - n; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int k = 1; k < n; k++) {
                if (b[i + k] != s.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- typed slots -------------------------------------------------------------------------------------------

    /** One value in a row: its dtype and byte offset within the row record. */
    private static final class Slot {
        final ScalarDType type;
        final int offset;
        final int code;

        Slot(ScalarDType type, int offset) {
            this.type = type;
            this.offset = offset;
            this.code = codeOf(type);
        }
    }

    private static final int F64 = 1;
    private static final int F32 = 2;
    private static final int F16 = 3;
    private static final int INT = 4;
    private static final int UINT64 = 5;
    private static final int BOOL = 6;
    private static final int C128 = 7;
    private static final int C64 = 8;
    private static final int BYTES = 9;
    private static final int UNICODE = 10;

    private static int codeOf(ScalarDType t) {
        switch (t.kind()) {
            case FLOAT:
                switch (t.itemSize()) {
                    case 8: return F64;
                    case 4: return F32;
                    case 2: return F16;
                    default: throw new IllegalArgumentException("loadtxt into " + t.name() + " is not supported");
                }
            case INT:
                return INT;
            case UINT:
                return t.itemSize() == 8 ? UINT64 : INT;
            case BOOL:
                return BOOL;
            case COMPLEX:
                switch (t.itemSize()) {
                    case 16: return C128;
                    case 8: return C64;
                    default: throw new IllegalArgumentException("loadtxt into " + t.name() + " is not supported");
                }
            case BYTES:
                return BYTES;
            case UNICODE:
                return UNICODE;
            default:
                throw new IllegalArgumentException("loadtxt into dtype " + t.name() + " is not supported");
        }
    }

    private static void flatten(DType t, int base, List<Slot> out) {
        if (t instanceof ScalarDType) {
            out.add(new Slot((ScalarDType) t, base));
        } else if (t instanceof SubarrayDType) {
            SubarrayDType s = (SubarrayDType) t;
            int n = 1;
            for (int d : s.shape()) {
                n = Math.multiplyExact(n, d);
            }
            int size = s.base().itemSize();
            for (int k = 0; k < n; k++) {
                flatten(s.base(), base + k * size, out);
            }
        } else {
            for (Field f : ((StructDType) t).fields()) {
                flatten(f.dtype(), base + f.offset(), out);
            }
        }
    }

    // ---- the read --------------------------------------------------------------------------------------------

    NdArray read(Reader reader) throws IOException {
        this.in = reader;
        try {
            return read0();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(source, "line " + (lineNo + 1) + ": not valid " + o.encoding() + " text ("
                    + e.getMessage() + ")");
        }
    }

    private NdArray read0() throws IOException {
        for (long k = 0; k < o.skiprows() && nextLine(); k++) {
            // skipped, comments and blank lines included
        }
        DType dtype = o.dtype();
        List<String> names = null;
        if (o.names()) {
            if (!(dtype instanceof ScalarDType)) {
                throw new IllegalArgumentException("names(true) takes a plain dtype for every column, got " + dtype);
            }
            names = readNames();
        }
        boolean stringsUnsized = dtype instanceof ScalarDType && (dtype.kind() == Kind.BYTES || dtype.kind() == Kind.UNICODE)
                && dtype.itemSize() == 0;
        if (stringsUnsized && names != null) {
            throw new IllegalArgumentException("names(true) needs a sized string dtype (S<n>/U<n>), got " + dtype);
        }
        int[] usecols = o.usecols();
        long maxRows = o.maxRows();
        boolean plain = dtype instanceof ScalarDType && names == null;
        boolean fast = plain && !quoting && multiComments == null && usecols == null && dtype.kind() == Kind.FLOAT
                && (dtype.itemSize() == 8 || dtype.itemSize() == 4) && dtype.endianness() != Endianness.BIG;
        Slot[] slots = null;
        int rowBytes = 0;
        int fileCols = -1;
        int[] idx = usecols != null ? new int[usecols.length] : null;
        long rows = 0;
        List<String> strings = stringsUnsized ? new ArrayList<>() : null;
        int maxLen = 0;

        while ((maxRows < 0 || rows < maxRows) && nextLine()) {
            if (fast && slots != null) {
                ensureChunk(rows, maxRows, rowBytes);
                int r = fastRow(chunk, inChunk * rowBytes, fileCols, slots[0].code == F32);
                if (r == 0) {
                    continue;
                }
                if (r == 1) {
                    inChunk++;
                    rows++;
                    continue;
                }
                // anything unusual: the general path below parses the line again and reports what is wrong
            }
            recordLine = lineNo;
            tokenize(false);
            while (openQuote) {
                // the quoted field goes on: keep this record in the buffer and join the next physical line to it
                mark = ls;
                boolean hadBreak = terminated;
                boolean more = nextLine();
                int start = mark;
                mark = -1;
                if (!more) {
                    // unterminated quote at the end of input: the field ends there, with the final line break
                    if (hadBreak) {
                        fb[fe[nf - 1]++] = '\n';
                    }
                    break;
                }
                ls = start;
                tokenize(false);
            }
            if (nf == 0) {
                continue;
            }
            int[] cols;
            if (usecols != null) {
                for (int j = 0; j < usecols.length; j++) {
                    int c = usecols[j] < 0 ? usecols[j] + nf : usecols[j];
                    if (c < 0 || c >= nf) {
                        throw new NpyFormatException(source, "line " + recordLine + ": invalid column index " + usecols[j]
                                + " (the line has " + nf + " columns)");
                    }
                    idx[j] = c;
                }
                cols = idx;
            } else {
                if (fileCols < 0) {
                    fileCols = nf;
                    idx = new int[nf];
                    for (int j = 0; j < nf; j++) {
                        idx[j] = j;
                    }
                } else if (nf != fileCols) {
                    throw new NpyFormatException(source, "line " + recordLine + " has " + nf + " columns, expected "
                            + fileCols + " (use usecols to select a subset)");
                }
                cols = idx;
            }
            if (slots == null) {
                List<Slot> list = new ArrayList<>();
                if (plain) {
                    if (!stringsUnsized) {
                        for (int j = 0; j < cols.length; j++) {
                            list.add(new Slot((ScalarDType) dtype, j * dtype.itemSize()));
                        }
                    }
                } else if (names != null) {
                    if (names.size() != cols.length) {
                        throw new NpyFormatException(source, "line " + recordLine + " has " + cols.length
                                + " columns but the names row has " + names.size());
                    }
                    dtype = namedStruct(names, (ScalarDType) dtype);
                    flatten(dtype, 0, list);
                } else {
                    flatten(dtype, 0, list);
                    if (list.size() != cols.length) {
                        throw new NpyFormatException(source, "line " + recordLine + ": the dtype passed requires "
                                + list.size() + " columns but " + cols.length + " were found (use usecols to select a subset)");
                    }
                }
                slots = list.toArray(new Slot[0]);
                rowBytes = plain ? Math.multiplyExact(cols.length, dtype.itemSize()) : dtype.itemSize();
                chunkRows = rowBytes == 0 ? Integer.MAX_VALUE : Math.max(1, CHUNK_BYTES / rowBytes);
            }
            if (stringsUnsized) {
                for (int j = 0; j < cols.length; j++) {
                    String s = new String(fc, fs[cols[j]], fe[cols[j]] - fs[cols[j]]);
                    if (dtype.kind() == Kind.BYTES) {
                        checkLatin1(s, cols[j]);
                    }
                    maxLen = Math.max(maxLen, s.codePointCount(0, s.length()));
                    strings.add(s);
                }
                if (fileCols < 0 && usecols == null) {
                    fileCols = nf;
                }
                rows++;
                continue;
            }
            ensureChunk(rows, maxRows, rowBytes);
            int base = inChunk * rowBytes;
            for (int j = 0; j < slots.length; j++) {
                int c = cols[j];
                parseInto(slots[j], chunk, base + slots[j].offset, fs[c], fe[c], c);
            }
            inChunk++;
            rows++;
        }

        int ncols = usecols != null ? usecols.length : (fileCols < 0 ? 1 : fileCols);
        NdArray arr;
        if (stringsUnsized) {
            ScalarDType t = dtype.kind() == Kind.BYTES ? DType.bytes(Math.max(maxLen, 1)) : DType.unicode(Math.max(maxLen, 1));
            arr = NdArray.zeros(t, rows, ncols);
            Slot s = new Slot(t, 0);
            byte[] cell = new byte[t.itemSize()];
            long off = 0;
            for (String str : strings) {
                Arrays.fill(cell, (byte) 0);
                char[] cs = str.toCharArray();
                writeString(s, cell, 0, cs, 0, cs.length);
                arr.storage().putBytes(off, cell, 0, cell.length);
                off += cell.length;
            }
        } else {
            long total = Math.multiplyExact(rows, (long) (plain ? Math.multiplyExact(ncols, dtype.itemSize()) : dtype.itemSize()));
            Storage st = Storage.allocate(total);
            long off = 0;
            for (int k = 0; k < chunks.size(); k++) {
                byte[] c = chunks.get(k);
                int n = k == chunks.size() - 1 ? (int) (total - off) : c.length;
                st.putBytes(off, c, 0, n);
                off += n;
            }
            long[] shape = plain ? new long[] {rows, ncols} : new long[] {rows};
            arr = NdArray.contiguous(dtype, shape, Order.C, st, 0, true);
        }
        arr = ensureNdmin(arr, o.ndmin());
        if (o.unpack() && arr.dtype() instanceof ScalarDType) {
            arr = arr.transpose();
        }
        return arr;
    }

    /** Starts a new row chunk when the current one is full (the last chunk is cut to max_rows). */
    private void ensureChunk(long rows, long maxRows, int rowBytes) {
        if (chunk == null || inChunk == chunkRows) {
            int n = (int) Math.min(chunkRows, maxRows < 0 ? chunkRows : Math.max(1, maxRows - rows));
            chunk = new byte[Math.multiplyExact(n, rowBytes)];
            chunks.add(chunk);
            inChunk = 0;
            if (n < chunkRows) {
                chunkRows = n;
            }
        }
    }

    /**
     * Parses the current line straight from the line buffer when every column is a float: returns 1 if it held
     * exactly {@code ncols} numbers (written at {@code base}), 0 if it was blank or a comment, -1 for anything else
     * (the general path then parses it again and names the problem).
     */
    private int fastRow(byte[] row, int base, int ncols, boolean f32) {
        char[] b = buf;
        int i = ls;
        int end = le;
        char cm = comment;
        int col = 0;
        int at = base;
        if (whitespace) {
            while (true) {
                while (i < end && NumberParser.isSpace(b[i])) {
                    i++;
                }
                if (i >= end || b[i] == cm) {
                    return col == 0 ? 0 : col == ncols ? 1 : -1;
                }
                if (col == ncols) {
                    return -1;
                }
                double v = np.scan(b, i, end);
                int j = np.next;
                if (!np.ok || j < end && b[j] != cm && !NumberParser.isSpace(b[j])) {
                    return -1;
                }
                if (f32) {
                    LE_INT.set(row, at, Float.floatToRawIntBits((float) v));
                    at += 4;
                } else {
                    LE_LONG.set(row, at, Double.doubleToRawLongBits(v));
                    at += 8;
                }
                col++;
                i = j;
            }
        }
        if (i >= end) {
            return 0;
        }
        while (true) {
            while (i < end && b[i] != delim && NumberParser.isSpace(b[i])) {
                i++;
            }
            if (col == 0 && i < end && b[i] == cm && i == ls) {
                return 0;
            }
            if (col == ncols) {
                return -1;
            }
            double v = np.scan(b, i, end);
            int j = np.next;
            if (!np.ok) {
                return -1;
            }
            while (j < end && b[j] != delim && b[j] != cm && NumberParser.isSpace(b[j])) {
                j++;
            }
            if (f32) {
                LE_INT.set(row, at, Float.floatToRawIntBits((float) v));
                at += 4;
            } else {
                LE_LONG.set(row, at, Double.doubleToRawLongBits(v));
                at += 8;
            }
            col++;
            if (j >= end || b[j] == cm) {
                return col == ncols ? 1 : -1;
            }
            if (b[j] != delim) {
                return -1;
            }
            i = j + 1;
        }
    }

    /** NumPy's {@code _ensure_ndmin_ndarray}: squeeze all length-1 axes unless ndim <= ndmin, then pad. */
    static NdArray ensureNdmin(NdArray a, int ndmin) {
        long[] shape = a.shape();
        if (shape.length > ndmin) {
            shape = Arrays.stream(shape).filter(d -> d != 1).toArray();
        }
        if (shape.length < ndmin) {
            if (ndmin == 1) {
                shape = new long[] {1};
            } else if (shape.length == 0) {
                shape = new long[] {1, 1};
            } else {
                // atleast_2d then .T: (n,) -> (1, n) -> (n, 1)
                shape = new long[] {shape[0], 1};
            }
        }
        return NdArray.contiguous(a.dtype(), shape, Order.C, a.storage(), a.offset(), a.isWritable());
    }

    private List<String> readNames() throws IOException {
        while (nextLine()) {
            recordLine = lineNo;
            // like genfromtxt, the names row may start with a comment marker
            int i = ls;
            while (i < le && NumberParser.isSpace(buf[i])) {
                i++;
            }
            boolean commented = false;
            for (String c : o.comments()) {
                if (le - i >= c.length() && indexOf(buf, i, i + c.length(), c) == i) {
                    ls = i + c.length();
                    commented = true;
                    break;
                }
            }
            tokenize(commented);
            if (nf == 0) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int[] usecols = o.usecols();
            int n = usecols == null ? nf : usecols.length;
            for (int j = 0; j < n; j++) {
                int c = usecols == null ? j : (usecols[j] < 0 ? usecols[j] + nf : usecols[j]);
                if (c < 0 || c >= nf) {
                    throw new NpyFormatException(source, "line " + recordLine + ": invalid column index " + usecols[j]
                            + " in the names row (it has " + nf + " columns)");
                }
                String name = new String(fc, fs[c], fe[c] - fs[c]).strip().replace(' ', '_');
                if (name.isEmpty()) {
                    name = "f" + j;
                }
                String unique = name;
                for (int k = 1; !seen.add(unique); k++) {
                    unique = name + "_" + k;
                }
                names.add(unique);
            }
            return names;
        }
        throw new NpyFormatException(source, "no names row: the input has no data after skiprows");
    }

    private static StructDType namedStruct(List<String> names, ScalarDType t) {
        List<Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(Field.of(n, t));
        }
        return DType.struct(fields);
    }

    // ---- values ------------------------------------------------------------------------------------------------

    private NpyFormatException cannotConvert(int field, int start, int end, ScalarDType t, String why) {
        String text = new String(fc, start, end - start);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return new NpyFormatException(source, "line " + recordLine + ", column " + (field + 1) + ": could not convert '" + text
                + "' to " + t.name() + (why == null ? "" : " (" + why + ")"));
    }

    private void parseInto(Slot s, byte[] row, int at, int start, int end, int field) throws NpyFormatException {
        ScalarDType t = s.type;
        boolean big = t.endianness() == Endianness.BIG;
        switch (s.code) {
            case F64: {
                double v = np.parseDouble(fc, start, end);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                (big ? BE_LONG : LE_LONG).set(row, at, Double.doubleToRawLongBits(v));
                return;
            }
            case F32: {
                double v = np.parseDouble(fc, start, end);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                (big ? BE_INT : LE_INT).set(row, at, Float.floatToRawIntBits((float) v));
                return;
            }
            case F16: {
                double v = np.parseDouble(fc, start, end);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                (big ? BE_SHORT : LE_SHORT).set(row, at, doubleToHalf(v));
                return;
            }
            case INT: {
                int bits = t.itemSize() * 8;
                long min;
                long max;
                if (t.kind() == Kind.INT) {
                    min = -(1L << (bits - 1));
                    max = (1L << (bits - 1)) - 1;
                } else {
                    min = 0;
                    max = (1L << bits) - 1;
                }
                long v = np.parseLong(fc, start, end, min, max, false);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                putInt(row, at, t.itemSize(), big, v);
                return;
            }
            case UINT64: {
                long v = np.parseLong(fc, start, end, 0, -1, true);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                (big ? BE_LONG : LE_LONG).set(row, at, v);
                return;
            }
            case BOOL: {
                long v = np.parseLong(fc, start, end, Long.MIN_VALUE, Long.MAX_VALUE, false);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                row[at] = (byte) (v != 0 ? 1 : 0);
                return;
            }
            case C128:
            case C64: {
                double re = np.parseComplex(fc, start, end);
                if (!np.ok) {
                    throw cannotConvert(field, start, end, t, null);
                }
                double im = np.imag;
                if (s.code == C128) {
                    (big ? BE_LONG : LE_LONG).set(row, at, Double.doubleToRawLongBits(re));
                    (big ? BE_LONG : LE_LONG).set(row, at + 8, Double.doubleToRawLongBits(im));
                } else {
                    (big ? BE_INT : LE_INT).set(row, at, Float.floatToRawIntBits((float) re));
                    (big ? BE_INT : LE_INT).set(row, at + 4, Float.floatToRawIntBits((float) im));
                }
                return;
            }
            default:
                if (s.code == BYTES) {
                    for (int k = start; k < end; k++) {
                        if (fc[k] > 0xFF) {
                            throw cannotConvert(field, start, end, t, "not a latin-1 character");
                        }
                    }
                }
                writeString(s, row, at, fc, start, end - start);
        }
    }

    private void checkLatin1(String s, int field) throws NpyFormatException {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 0xFF) {
                throw new NpyFormatException(source, "line " + recordLine + ", column " + (field + 1) + ": could not convert '"
                        + s + "' to bytes (not a latin-1 character)");
            }
        }
    }

    /** Writes chars as S (latin-1 bytes) or U (UCS-4 code points), truncated to the item size, NUL-padded. */
    private static void writeString(Slot s, byte[] row, int at, char[] cs, int off, int len) {
        int size = s.type.itemSize();
        if (s.code == BYTES) {
            int n = Math.min(len, size);
            for (int k = 0; k < n; k++) {
                row[at + k] = (byte) cs[off + k];
            }
            return;
        }
        boolean big = s.type.endianness() == Endianness.BIG;
        int max = size / 4;
        int w = 0;
        for (int k = off; k < off + len && w < max; ) {
            int cp = Character.codePointAt(cs, k, off + len);
            k += Character.charCount(cp);
            (big ? BE_INT : LE_INT).set(row, at + 4 * w, cp);
            w++;
        }
    }

    private static void putInt(byte[] row, int at, int size, boolean big, long v) {
        switch (size) {
            case 1:
                row[at] = (byte) v;
                return;
            case 2:
                (big ? BE_SHORT : LE_SHORT).set(row, at, (short) v);
                return;
            case 4:
                (big ? BE_INT : LE_INT).set(row, at, (int) v);
                return;
            default:
                (big ? BE_LONG : LE_LONG).set(row, at, v);
        }
    }

    /** IEEE binary16 nearest {@code d} (ties to even), converting directly as NumPy's {@code npy_double_to_half} does. */
    static short doubleToHalf(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int sign = (int) (bits >>> 48) & 0x8000;
        int exp = (int) (bits >>> 52) & 0x7ff;
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0x7ff) {
            if (mant == 0) {
                return (short) (sign | 0x7c00);
            }
            int payload = (int) (mant >>> 42) & 0x3ff;
            return (short) (sign | 0x7c00 | (payload == 0 ? 0x200 : payload));
        }
        if (exp == 0) {
            return (short) sign; // double subnormals are far below half's range
        }
        int e = exp - 1023 + 15;
        long m = mant | (1L << 52);
        int shift = e >= 1 ? 42 : 42 + 1 - e;
        if (shift > 54) {
            return (short) sign;
        }
        long q = m >>> shift;
        long rem = m & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (rem > half || rem == half && (q & 1) != 0) {
            q++;
        }
        long h;
        if (e >= 1) {
            h = ((long) e << 10) + q - 0x400;
            if (h >= 0x7c00) {
                h = 0x7c00;
            }
        } else {
            h = q;
        }
        return (short) (sign | h);
    }
}
