package org.npy4j.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of {@code np.savetxt} after the array: {@code fmt}, {@code delimiter}, {@code newline},
 * {@code header}, {@code footer}, {@code comments}, {@code encoding}, with NumPy's defaults. Immutable.
 *
 * <pre>{@code
 * SaveTxtOptions csv = SaveTxtOptions.builder().fmt("%.6f").delimiter(",").header("a,b").build();
 * NpyText.savetxt(Path.of("a.csv"), a, csv);   // np.savetxt('a.csv', a, fmt='%.6f', delimiter=',', header='a,b')
 * }</pre>
 */
public final class SaveTxtOptions {
    /** NumPy's defaults: {@code fmt='%.18e', delimiter=' ', newline='\n', header='', footer='', comments='# '}, UTF-8. */
    public static final SaveTxtOptions DEFAULT = builder().build();

    private final String fmt;
    private final List<String> fmtList;
    private final String delimiter;
    private final String newline;
    private final String header;
    private final String footer;
    private final String comments;
    private final Charset encoding;

    private SaveTxtOptions(Builder b) {
        this.fmt = b.fmt;
        this.fmtList = b.fmtList;
        this.delimiter = b.delimiter;
        this.newline = b.newline;
        this.header = b.header;
        this.footer = b.footer;
        this.comments = b.comments;
        this.encoding = b.encoding;
    }

    /**
     * Returns a builder holding NumPy's defaults.
     * @return a new builder with the defaults of {@link #DEFAULT}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with these options.
     * @return a new builder holding a copy of these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fmt = fmt;
        b.fmtList = fmtList;
        b.delimiter = delimiter;
        b.newline = newline;
        b.header = header;
        b.footer = footer;
        b.comments = comments;
        b.encoding = encoding;
        return b;
    }

    /**
     * Returns the format string, or {@code null} when a per-column list was given.
     * @return the {@code fmt} string, or {@code null}
     */
    public String fmt() {
        return fmt;
    }

    /**
     * Returns the per-column formats (NumPy's list/tuple {@code fmt}), or {@code null} when a string was given.
     * @return the unmodifiable list of per-column formats, or {@code null}
     */
    public List<String> fmtList() {
        return fmtList;
    }

    /**
     * Returns the text between columns (default one space).
     * @return the column delimiter
     */
    public String delimiter() {
        return delimiter;
    }

    /**
     * Returns the text after each row, header and footer (default {@code '\n'}).
     * @return the line terminator
     */
    public String newline() {
        return newline;
    }

    /**
     * Returns the header text ({@code ''}: none).
     * @return the header, possibly empty
     */
    public String header() {
        return header;
    }

    /**
     * Returns the footer text ({@code ''}: none).
     * @return the footer, possibly empty
     */
    public String footer() {
        return footer;
    }

    /**
     * Returns the prefix of each header and footer line (default {@code '# '}).
     * @return the comment prefix
     */
    public String comments() {
        return comments;
    }

    /**
     * Returns the charset of files and byte streams (NumPy uses the locale's, UTF-8 on usual systems).
     * @return the charset used to encode output
     */
    public Charset encoding() {
        return encoding;
    }

    /** Builds {@link SaveTxtOptions}; every setter has NumPy's parameter name. */
    public static final class Builder {
        private String fmt = "%.18e";
        private List<String> fmtList;
        private String delimiter = " ";
        private String newline = "\n";
        private String header = "";
        private String footer = "";
        private String comments = "# ";
        private Charset encoding = StandardCharsets.UTF_8;

        private Builder() {
        }

        /**
         * A single format used for every column ({@code '%.6f'}), or a string with one conversion per column
         * ({@code '%d,%.3f'}: the delimiter is then not used, as in NumPy).
         * @param format a printf-style format (default {@code '%.18e'}); not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code format} is {@code null}
         */
        public Builder fmt(String format) {
            this.fmt = Objects.requireNonNull(format, "fmt");
            this.fmtList = null;
            return this;
        }

        /**
         * One format per column, joined with the delimiter (NumPy's list or tuple {@code fmt}).
         * @param perColumn one printf-style format per column, copied
         * @return this builder
         * @throws NullPointerException if {@code perColumn} or one of its elements is {@code null}
         */
        public Builder fmt(List<String> perColumn) {
            this.fmtList = List.copyOf(perColumn);
            this.fmt = null;
            return this;
        }

        /**
         * The text between columns (default one space).
         * @param value the column delimiter; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder delimiter(String value) {
            this.delimiter = Objects.requireNonNull(value, "delimiter");
            return this;
        }

        /**
         * The text after each row (default {@code '\n'}).
         * @param value the line terminator; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder newline(String value) {
            this.newline = Objects.requireNonNull(value, "newline");
            return this;
        }

        /**
         * Text written before the data, each of its lines prefixed by {@link #comments}.
         * @param value the header (default {@code ''}: none); not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder header(String value) {
            this.header = Objects.requireNonNull(value, "header");
            return this;
        }

        /**
         * Text written after the data, each of its lines prefixed by {@link #comments}.
         * @param value the footer (default {@code ''}: none); not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder footer(String value) {
            this.footer = Objects.requireNonNull(value, "footer");
            return this;
        }

        /**
         * The prefix of header and footer lines (default {@code '# '}).
         * @param value the comment prefix; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder comments(String value) {
            this.comments = Objects.requireNonNull(value, "comments");
            return this;
        }

        /**
         * The charset of files and byte streams (default UTF-8).
         * @param value the output charset; not {@code null}
         * @return this builder
         * @throws NullPointerException if {@code value} is {@code null}
         */
        public Builder encoding(Charset value) {
            this.encoding = Objects.requireNonNull(value, "encoding");
            return this;
        }

        /**
         * Returns the options.
         * @return the immutable options
         */
        public SaveTxtOptions build() {
            return new SaveTxtOptions(this);
        }
    }
}
