package org.npy4j.checkpoint;

import java.util.Objects;

/**
 * Options of a {@link CheckpointStore}: file naming, compression, retention, asynchronous-save limits and what to do
 * when another store holds the folder. Immutable; make one with {@link #builder()}.
 *
 * <pre>{@code
 * CheckpointOptions o = CheckpointOptions.builder().prefix("ckpt_").zeroPad(6).compressed(true)
 *         .retention(Retention.builder().keepLast(3).build()).build();
 * }</pre>
 */
public final class CheckpointOptions {
    /** The file name prefix of the common NumPy recipe. */
    public static final String DEFAULT_PREFIX = "checkpoint_epoch_";

    private static final CheckpointOptions DEFAULTS = builder().build();

    private final String prefix;
    private final int zeroPad;
    private final boolean compressed;
    private final int threads;
    private final Retention retention;
    private final long asyncMemoryBudget;
    private final int maxInFlight;
    private final boolean readOnlyWhenLocked;

    private CheckpointOptions(Builder b) {
        this.prefix = b.prefix;
        this.zeroPad = b.zeroPad;
        this.compressed = b.compressed;
        this.threads = b.threads;
        this.retention = b.retention;
        this.asyncMemoryBudget = b.asyncMemoryBudget;
        this.maxInFlight = b.maxInFlight;
        this.readOnlyWhenLocked = b.readOnlyWhenLocked;
    }

    /**
     * Returns the defaults: prefix {@code checkpoint_epoch_}, no padding, stored (not deflated) members, keep all,
     * an asynchronous budget of a quarter of the maximum heap, one save in flight, fail when locked.
     *
     * @return the default options
     */
    public static CheckpointOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The file name prefix; a checkpoint file is {@code prefix + step + ".npz"}.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * The width steps are zero-padded to when writing (0: none). Reading accepts any padding.
     *
     * @return the width
     */
    public int zeroPad() {
        return zeroPad;
    }

    /**
     * Whether members are deflated ({@code np.savez_compressed}) or stored ({@code np.savez}).
     *
     * @return true for deflate
     */
    public boolean compressed() {
        return compressed;
    }

    /**
     * Compression threads (see {@link org.npy4j.npz.NpzWriter.Builder#threads}).
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * The retention policy applied after every durable save.
     *
     * @return the policy
     */
    public Retention retention() {
        return retention;
    }

    /**
     * The most bytes of snapshots that asynchronous saves may hold at once.
     *
     * @return the budget in bytes
     */
    public long asyncMemoryBudget() {
        return asyncMemoryBudget;
    }

    /**
     * How many asynchronous saves may be snapshotted and not yet written at once.
     *
     * @return at least 1
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Whether opening a folder that another store holds gives a read-only store instead of failing.
     *
     * @return true to fall back to read-only
     */
    public boolean readOnlyWhenLocked() {
        return readOnlyWhenLocked;
    }

    /** Builder of {@link CheckpointOptions}. */
    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private int zeroPad;
        private boolean compressed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Retention retention = Retention.keepAll();
        private long asyncMemoryBudget = Runtime.getRuntime().maxMemory() / 4;
        private int maxInFlight = 1;
        private boolean readOnlyWhenLocked;

        private Builder() {
        }

        /**
         * Sets the file name prefix (no path separators; may be empty).
         *
         * @param prefix the prefix
         * @return this builder
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.indexOf('/') >= 0 || prefix.indexOf('\\') >= 0 || prefix.indexOf('\0') >= 0
                    || prefix.startsWith(".")) {
                throw new IllegalArgumentException("prefix must be a plain file name start not beginning with '.': "
                        + prefix);
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Zero-pads steps to {@code width} digits when writing ({@code checkpoint_epoch_0007.npz} for 4).
         *
         * @param width 0 (no padding) to 18
         * @return this builder
         */
        public Builder zeroPad(int width) {
            if (width < 0 || width > 18) {
                throw new IllegalArgumentException("zeroPad must be 0..18: " + width);
            }
            this.zeroPad = width;
            return this;
        }

        /**
         * Deflates members (as {@code np.savez_compressed}) instead of storing them.
         *
         * @param on true for deflate
         * @return this builder
         */
        public Builder compressed(boolean on) {
            this.compressed = on;
            return this;
        }

        /**
         * Sets the compression threads.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * Sets the retention policy.
         *
         * @param r the policy
         * @return this builder
         */
        public Builder retention(Retention r) {
            this.retention = Objects.requireNonNull(r, "retention");
            return this;
        }

        /**
         * Sets how many bytes of snapshots asynchronous saves may hold at once; a save that would exceed it waits for
         * earlier ones, and a single save larger than the budget is written synchronously without a snapshot.
         *
         * @param bytes at least 0
         * @return this builder
         */
        public Builder asyncMemoryBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("budget must not be negative: " + bytes);
            }
            this.asyncMemoryBudget = bytes;
            return this;
        }

        /**
         * Sets how many asynchronous saves may be pending at once (default 1); more wait in
         * {@link CheckpointStore#saveAsync}.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1: " + n);
            }
            this.maxInFlight = n;
            return this;
        }

        /**
         * Opens read-only instead of failing when another store (in any process) holds the folder's lock.
         *
         * @param on true to fall back
         * @return this builder
         */
        public Builder readOnlyWhenLocked(boolean on) {
            this.readOnlyWhenLocked = on;
            return this;
        }

        /**
         * Returns the options.
         *
         * @return new immutable options
         */
        public CheckpointOptions build() {
            return new CheckpointOptions(this);
        }
    }
}
