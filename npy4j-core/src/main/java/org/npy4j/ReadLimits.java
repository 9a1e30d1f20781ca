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

    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from this value's limits. */
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

    /** Header length in decoded characters, like NumPy's {@code max_header_size} (default 10000). */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** Number of dimensions (default 64, NumPy's own maximum). */
    public int maxNdim() {
        return maxNdim;
    }

    /** Number of elements in one array (default: unlimited; the file size always bounds what is read). */
    public long maxElements() {
        return maxElements;
    }

    /** Number of fields in one record dtype, counted over all nesting levels (default 4096). */
    public int maxFields() {
        return maxFields;
    }

    /** Nesting depth of brackets in a header and of records in a dtype (default 32). */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** Number of entries in an {@code .npz} archive (default 65536). */
    public int maxNpzEntries() {
        return maxNpzEntries;
    }

    /** Inflated bytes of one {@code .npz} member (default: unlimited beyond the member's declared size, which is enforced). */
    public long maxInflatedBytesPerMember() {
        return maxInflatedBytesPerMember;
    }

    /** Inflated bytes of all members read from one archive (default: unlimited). */
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

        public Builder maxHeaderSize(int v) {
            maxHeaderSize = positive(v, "maxHeaderSize");
            return this;
        }

        public Builder maxNdim(int v) {
            maxNdim = positive(v, "maxNdim");
            return this;
        }

        public Builder maxElements(long v) {
            maxElements = positive(v, "maxElements");
            return this;
        }

        public Builder maxFields(int v) {
            maxFields = positive(v, "maxFields");
            return this;
        }

        public Builder maxNestingDepth(int v) {
            maxNestingDepth = positive(v, "maxNestingDepth");
            return this;
        }

        public Builder maxNpzEntries(int v) {
            maxNpzEntries = positive(v, "maxNpzEntries");
            return this;
        }

        public Builder maxInflatedBytesPerMember(long v) {
            maxInflatedBytesPerMember = positive(v, "maxInflatedBytesPerMember");
            return this;
        }

        public Builder maxInflatedBytesPerArchive(long v) {
            maxInflatedBytesPerArchive = positive(v, "maxInflatedBytesPerArchive");
            return this;
        }

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
