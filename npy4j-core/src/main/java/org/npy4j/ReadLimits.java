package org.npy4j;

/**
 * Limits every reader consults before it believes what a file claims, modelled on Jackson's
 * {@code StreamReadConstraints}. One immutable value; {@link #DEFAULT} is safe for untrusted input, and each limit
 * can be raised with the {@link Builder}. A violation throws {@link NpyLimitException} naming the limit.
 *
 * <pre>{@code
 * ReadLimits lenient = ReadLimits.builder().maxHeaderSize(200_000).build();  // np.load(..., max_header_size=200000)
 * NdArray a = Npy.load(path, lenient);
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads. The builder is not.
 */
public final class ReadLimits {
    /** The defaults: header 10000 characters (as NumPy), ndim 64 (as NumPy), nesting 32, 4096 fields, 65536 npz entries. */
    public static final ReadLimits DEFAULT = builder().build();
    /** No limits beyond what the format itself allows (for trusted files; still never allocates more than the file holds). */
    public static final ReadLimits UNLIMITED = builder()
            .maxHeaderSize(Integer.MAX_VALUE).maxNdim(64).maxElements(Long.MAX_VALUE).maxFields(Integer.MAX_VALUE)
            .maxNestingDepth(1000).maxNpzEntries(Integer.MAX_VALUE).maxInflatedBytesPerMember(Long.MAX_VALUE)
            .maxInflatedBytesPerArchive(Long.MAX_VALUE).build();

    private final int maxHeaderSize;
    private final int maxNdim;
    private final long maxElements;
    private final int maxFields;
    private final int maxNestingDepth;
    private final int maxNpzEntries;
    private final long maxInflatedBytesPerMember;
    private final long maxInflatedBytesPerArchive;

    private ReadLimits(Builder b) {
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxNdim = b.maxNdim;
        this.maxElements = b.maxElements;
        this.maxFields = b.maxFields;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxNpzEntries = b.maxNpzEntries;
        this.maxInflatedBytesPerMember = b.maxInflatedBytesPerMember;
        this.maxInflatedBytesPerArchive = b.maxInflatedBytesPerArchive;
    }

    /**
     * Returns a builder starting from the {@link #DEFAULT} limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder starting from this value's limits.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxHeaderSize = maxHeaderSize;
        b.maxNdim = maxNdim;
        b.maxElements = maxElements;
        b.maxFields = maxFields;
        b.maxNestingDepth = maxNestingDepth;
        b.maxNpzEntries = maxNpzEntries;
        b.maxInflatedBytesPerMember = maxInflatedBytesPerMember;
        b.maxInflatedBytesPerArchive = maxInflatedBytesPerArchive;
        return b;
    }

    /**
     * Header length in decoded characters, like NumPy's {@code max_header_size} (default 10000).
     *
     * @return the limit
     */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /**
     * Number of dimensions (default 64, NumPy's own maximum).
     *
     * @return the limit
     */
    public int maxNdim() {
        return maxNdim;
    }

    /**
     * Number of elements in one array (default: unlimited; the file size always bounds what is read).
     *
     * @return the limit
     */
    public long maxElements() {
        return maxElements;
    }

    /**
     * Number of fields in one record dtype, counted over all nesting levels (default 4096).
     *
     * @return the limit
     */
    public int maxFields() {
        return maxFields;
    }

    /**
     * Nesting depth of brackets in a header and of records in a dtype (default 32).
     *
     * @return the limit
     */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /**
     * Number of entries in an {@code .npz} archive (default 65536).
     *
     * @return the limit
     */
    public int maxNpzEntries() {
        return maxNpzEntries;
    }

    /**
     * Inflated bytes of one {@code .npz} member (default: unlimited beyond the member's declared size, which is enforced).
     *
     * @return the limit
     */
    public long maxInflatedBytesPerMember() {
        return maxInflatedBytesPerMember;
    }

    /**
     * Inflated bytes of all members read from one archive (default: unlimited).
     *
     * @return the limit
     */
    public long maxInflatedBytesPerArchive() {
        return maxInflatedBytesPerArchive;
    }

    @Override
    public String toString() {
        return "ReadLimits{maxHeaderSize=" + maxHeaderSize + ", maxNdim=" + maxNdim + ", maxElements=" + maxElements
                + ", maxFields=" + maxFields + ", maxNestingDepth=" + maxNestingDepth + ", maxNpzEntries=" + maxNpzEntries
                + ", maxInflatedBytesPerMember=" + maxInflatedBytesPerMember
                + ", maxInflatedBytesPerArchive=" + maxInflatedBytesPerArchive + "}";
    }

    /** Builds a {@link ReadLimits}; every setter rejects non-positive values. */
    public static final class Builder {
        private int maxHeaderSize = 10_000;
        private int maxNdim = 64;
        private long maxElements = Long.MAX_VALUE;
        private int maxFields = 4096;
        private int maxNestingDepth = 32;
        private int maxNpzEntries = 65_536;
        private long maxInflatedBytesPerMember = Long.MAX_VALUE;
        private long maxInflatedBytesPerArchive = Long.MAX_VALUE;

        private Builder() {
        }

        /**
         * Sets {@link ReadLimits#maxHeaderSize()}.
         *
         * @param v the most decoded characters of header text, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxHeaderSize(int v) {
            maxHeaderSize = positive(v, "maxHeaderSize");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxNdim()}.
         *
         * @param v the most dimensions, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxNdim(int v) {
            maxNdim = positive(v, "maxNdim");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxElements()}.
         *
         * @param v the most elements in one array, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxElements(long v) {
            maxElements = positive(v, "maxElements");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxFields()}.
         *
         * @param v the most record fields, over all nesting levels, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxFields(int v) {
            maxFields = positive(v, "maxFields");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxNestingDepth()}.
         *
         * @param v the deepest nesting of brackets and records, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxNestingDepth(int v) {
            maxNestingDepth = positive(v, "maxNestingDepth");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxNpzEntries()}.
         *
         * @param v the most entries in one archive, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxNpzEntries(int v) {
            maxNpzEntries = positive(v, "maxNpzEntries");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxInflatedBytesPerMember()}.
         *
         * @param v the most inflated bytes of one member, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxInflatedBytesPerMember(long v) {
            maxInflatedBytesPerMember = positive(v, "maxInflatedBytesPerMember");
            return this;
        }

        /**
         * Sets {@link ReadLimits#maxInflatedBytesPerArchive()}.
         *
         * @param v the most inflated bytes read from one archive, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code v} is not positive
         */
        public Builder maxInflatedBytesPerArchive(long v) {
            maxInflatedBytesPerArchive = positive(v, "maxInflatedBytesPerArchive");
            return this;
        }

        /**
         * Returns the limits set so far.
         *
         * @return an immutable {@link ReadLimits}
         */
        public ReadLimits build() {
            return new ReadLimits(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }

        private static long positive(long v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }
    }
}
