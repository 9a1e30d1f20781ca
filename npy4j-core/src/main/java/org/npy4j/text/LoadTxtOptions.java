package org.npy4j.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.npy4j.dtype.DType;

/**
 * The arguments of {@code np.loadtxt} after the file: {@code dtype}, {@code comments}, {@code delimiter},
 * {@code skiprows}, {@code usecols}, {@code max_rows}, {@code ndmin}, {@code unpack}, {@code quotechar},
 * {@code encoding}, with NumPy's defaults; plus {@code names}, {@code genfromtxt(names=True)}'s header row. Immutable.
 *
 * <pre>{@code
 * LoadTxtOptions csv = LoadTxtOptions.builder().delimiter(",").skiprows(1).usecols(0, 2).build();
 * NdArray a = NpyText.loadtxt(Path.of("a.csv"), csv);   // np.loadtxt('a.csv', delimiter=',', skiprows=1, usecols=(0, 2))
 * }</pre>
 */
public final class LoadTxtOptions {
    /** NumPy's defaults: float64, comments {@code '#'}, any whitespace, no quoting, UTF-8. */
    public static final LoadTxtOptions DEFAULT = builder().build();

    private final DType dtype;
    private final List<String> comments;
    private final String delimiter;
    private final long skiprows;
    private final int[] usecols;
    private final long maxRows;
    private final int ndmin;
    private final boolean unpack;
    private final Character quotechar;
    private final Charset encoding;
    private final boolean names;

    private LoadTxtOptions(Builder b) {
        dtype = b.dtype;
        comments = b.comments;
        delimiter = b.delimiter;
        skiprows = b.skiprows;
        usecols = b.usecols;
        maxRows = b.maxRows;
        ndmin = b.ndmin;
        unpack = b.unpack;
        quotechar = b.quotechar;
        encoding = b.encoding;
        names = b.names;
    }

    /**
     * Returns a builder holding NumPy's defaults.
     * @return a new builder with the defaults of {@link #DEFAULT}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the result dtype (default float64).
     * @return the dtype of the loaded array
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Returns the comment markers (empty: no comments, NumPy's {@code comments=None}).
     * @return the comment markers, possibly empty; never {@code null}
     */
    public List<String> comments() {
        return comments;
    }

    /**
     * Returns the delimiter, or {@code null} for any run of whitespace.
     * @return the single-character delimiter, or {@code null} for whitespace
     */
    public String delimiter() {
        return delimiter;
    }

    /**
     * Returns the number of lines skipped first.
     * @return the number of leading lines skipped (default 0)
     */
    public long skiprows() {
        return skiprows;
    }

    /**
     * Returns the selected columns (negative counts from the end), or {@code null} for all.
     * @return a copy of the column indices, or {@code null} for all columns
     */
    public int[] usecols() {
        return usecols == null ? null : usecols.clone();
    }

    /**
     * Returns the maximum number of data rows, or -1 for all.
     * @return the row limit ({@code max_rows}), or -1 for no limit
     */
    public long maxRows() {
        return maxRows;
    }

    /**
     * Returns the minimum number of dimensions of the result (0, 1 or 2).
     * @return the {@code ndmin} value (default 0)
     */
    public int ndmin() {
        return ndmin;
    }

    /**
     * Returns true if the result is transposed.
     * @return whether {@code unpack=True}
     */
    public boolean unpack() {
        return unpack;
    }

    /**
     * Returns the quote character, or {@code null} when quoting is off (NumPy's default).
     * @return the quote character, or {@code null}
     */
    public Character quotechar() {
        return quotechar;
    }

    /**
     * Returns the charset of files (default UTF-8).
     * @return the charset used to decode files
     */
    public Charset encoding() {
        return encoding;
    }

    /**
     * Returns true if the first row after {@code skiprows} holds field names.
     * @return whether a header row of field names is read
     */
    public boolean names() {
        return names;
    }

    /** Builds {@link LoadTxtOptions}; setters carry NumPy's parameter names and check values as NumPy does. */
    public static final class Builder {
        private DType dtype = DType.FLOAT64;
        private List<String> comments = List.of("#");
        private String delimiter;
        private long skiprows;
        private int[] usecols;
        private long maxRows = -1;
        private int ndmin;
        private boolean unpack;
        private Character quotechar;
        private Charset encoding = StandardCharsets.UTF_8;
        private boolean names;

        private Builder() {
        }

        /**
         * The result dtype: bool, integers, floats, complex, {@code S<n>}/{@code U<n>} ({@code n = 0}: the longest
         * field), or a record whose fields take the columns in order (a subarray field takes several).
         * @param value the dtype of the result; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder dtype(DType value) {
            this.dtype = Objects.requireNonNull(value, "dtype");
            return this;
        }

        /**
         * Comment markers; none at all disables comments ({@code comments=None}).
         * @param markers the comment markers (default {@code "#"}); none disables comments
         * @return this builder
         * @throws IllegalArgumentException if a marker is the empty string
         */
        public Builder comments(String... markers) {
            for (String m : markers) {
                if (m.isEmpty()) {
                    throw new IllegalArgumentException("comments cannot be an empty string. Use comments() with no "
                            + "arguments to disable comments.");
                }
            }
            this.comments = List.of(markers);
            return this;
        }

        /**
         * A single-character delimiter, or {@code null} for any whitespace (the default).
         * @param value a one-character delimiter, or {@code null} for any whitespace
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not one character, or is {@code "\n"} or {@code "\r"}
         */
        public Builder delimiter(String value) {
            if (value != null && value.length() != 1) {
                throw new IllegalArgumentException("only single character delimiters are supported, got '" + value + "'");
            }
            if (value != null && (value.equals("\n") || value.equals("\r"))) {
                throw new IllegalArgumentException("a newline cannot be the delimiter");
            }
            this.delimiter = value;
            return this;
        }

        /**
         * Lines to skip first, comments and blank lines included.
         * @param value the number of lines to skip (default 0)
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder skiprows(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("skiprows must be nonnegative");
            }
            this.skiprows = value;
            return this;
        }

        /**
         * Columns to read, in this order (repeats allowed, negative counts from the end).
         * @param columns the column indices ({@code usecols}), copied; {@code null} for all columns
         * @return this builder
         */
        public Builder usecols(int... columns) {
            this.usecols = columns == null ? null : Arrays.copyOf(columns, columns.length);
            return this;
        }

        /**
         * At most this many data rows (blank and comment lines do not count); -1 for all.
         * @param value the maximum number of data rows ({@code max_rows}), or -1 for all (the default)
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is less than -1
         */
        public Builder maxRows(long value) {
            if (value < -1) {
                throw new IllegalArgumentException("max_rows must be nonnegative");
            }
            this.maxRows = value;
            return this;
        }

        /**
         * The minimum number of dimensions of the result: 0, 1 or 2.
         * @param value 0, 1 or 2 (default 0)
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not 0, 1 or 2
         */
        public Builder ndmin(int value) {
            if (value < 0 || value > 2) {
                throw new IllegalArgumentException("Illegal value of ndmin keyword: " + value);
            }
            this.ndmin = value;
            return this;
        }

        /**
         * Returns the transpose ({@code x, y = loadtxt(..., unpack=True)}); records are returned as they are.
         * @param value true to transpose the result (default false)
         * @return this builder
         */
        public Builder unpack(boolean value) {
            this.unpack = value;
            return this;
        }

        /**
         * Enables quoted fields: delimiters and comments inside quotes are text, a doubled quote is a quote.
         * @param value the quote character, or {@code null} to disable quoting (the default)
         * @return this builder
         */
        public Builder quotechar(Character value) {
            this.quotechar = value;
            return this;
        }

        /**
         * The charset of files (default UTF-8; NumPy uses the locale's).
         * @param value the charset of files; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder encoding(Charset value) {
            this.encoding = Objects.requireNonNull(value, "encoding");
            return this;
        }

        /**
         * Reads the first row after {@code skiprows} as field names, like {@code np.genfromtxt(names=True)}: the result
         * is a record with one field per column, of {@link #dtype} (which must then be a plain dtype).
         * @param value true to read the first row as field names (default false)
         * @return this builder
         */
        public Builder names(boolean value) {
            this.names = value;
            return this;
        }

        /**
         * Returns the options, checking combinations as NumPy does (multi-character comments exclude quoting).
         * @return the immutable options
         * @throws IllegalArgumentException if quoting is combined with several or multi-character comment markers, or if
         *         several comment markers include the delimiter
         */
        public LoadTxtOptions build() {
            if (!comments.isEmpty() && quotechar != null && (comments.size() > 1 || comments.get(0).length() > 1)) {
                throw new IllegalArgumentException("when multiple comments or a multi-character comment is given, "
                        + "quotes are not supported.  In this case quotechar must be set to None.");
            }
            if (comments.size() > 1 && delimiter != null && comments.contains(delimiter)) {
                throw new IllegalArgumentException("Comment characters '" + comments + "' cannot include the delimiter '"
                        + delimiter + "'");
            }
            return new LoadTxtOptions(this);
        }
    }
}
