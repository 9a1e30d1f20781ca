package org.npy4j.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which checkpoints a store keeps after each save: a checkpoint survives if any rule keeps it, and the newest and
 * the best (by the {@link Builder#keepBest best-K} metric) are never deleted. Without rules everything is kept.
 *
 * <pre>{@code
 * Retention r = Retention.builder().keepLast(3).keepBest(2, "val_loss", Retention.Mode.MIN).keepEvery(100).build();
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads. The builder is not.
 */
public final class Retention {
    /** Whether a smaller or a larger metric value is better. */
    public enum Mode {
        /** Smaller is better (a loss). */
        MIN,
        /** Larger is better (an accuracy). */
        MAX
    }

    private static final Retention KEEP_ALL = new Retention(new Builder());

    private final int keepLast;
    private final int keepBest;
    private final String metric;
    private final Mode mode;
    private final long keepEvery;
    private final Duration keepInterval;

    private Retention(Builder b) {
        this.keepLast = b.keepLast;
        this.keepBest = b.keepBest;
        this.metric = b.metric;
        this.mode = b.mode;
        this.keepEvery = b.keepEvery;
        this.keepInterval = b.keepInterval;
    }

    /**
     * Returns the policy that never deletes anything (the default).
     *
     * @return keep-all
     */
    public static Retention keepAll() {
        return KEEP_ALL;
    }

    /**
     * Returns a builder without rules.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * True if this policy has no rule, so it keeps everything.
     *
     * @return whether nothing is ever deleted
     */
    public boolean keepsAll() {
        return keepLast == 0 && keepBest == 0 && keepEvery == 0 && keepInterval == null;
    }

    /**
     * The metric of the best-K rule, or null.
     *
     * @return the metric name
     */
    public String metric() {
        return metric;
    }

    /** One checkpoint as retention sees it; metrics may be empty when they could not be read. */
    static final class Candidate {
        final long step;
        final long mtimeMillis;
        final Map<String, Double> metrics;

        Candidate(long step, long mtimeMillis, Map<String, Double> metrics) {
            this.step = step;
            this.mtimeMillis = mtimeMillis;
            this.metrics = metrics;
        }
    }

    /** Returns the steps to keep among {@code all}; the rest may be deleted. */
    Set<Long> keep(List<Candidate> all) {
        Set<Long> keep = new HashSet<>();
        if (all.isEmpty()) {
            return keep;
        }
        List<Candidate> desc = new ArrayList<>(all);
        desc.sort(Comparator.comparingLong((Candidate c) -> c.step).reversed());
        if (keepsAll()) {
            desc.forEach(c -> keep.add(c.step));
            return keep;
        }
        keep.add(desc.get(0).step); // the newest, always
        for (int i = 0; i < Math.min(keepLast, desc.size()); i++) {
            keep.add(desc.get(i).step);
        }
        if (keepBest > 0) {
            List<Candidate> scored = new ArrayList<>();
            for (Candidate c : desc) {
                Double v = c.metrics.get(metric);
                if (v != null && !v.isNaN()) {
                    scored.add(c);
                }
            }
            // stable sort over newest-first: among equal values the newer one wins
            Comparator<Candidate> byValue = Comparator.comparingDouble(c -> c.metrics.get(metric));
            scored.sort(mode == Mode.MIN ? byValue : byValue.reversed());
            for (int i = 0; i < Math.min(keepBest, scored.size()); i++) {
                keep.add(scored.get(i).step);
            }
        }
        if (keepEvery > 0) {
            for (Candidate c : desc) {
                if (c.step % keepEvery == 0) {
                    keep.add(c.step);
                }
            }
        }
        if (keepInterval != null) {
            long gap = keepInterval.toMillis();
            Long last = null;
            for (int i = desc.size() - 1; i >= 0; i--) { // oldest first, like keep_checkpoint_every_n_hours
                Candidate c = desc.get(i);
                if (last == null || c.mtimeMillis - last >= gap) {
                    keep.add(c.step);
                    last = c.mtimeMillis;
                }
            }
        }
        return keep;
    }

    @Override
    public String toString() {
        if (keepsAll()) {
            return "Retention[keep all]";
        }
        StringBuilder s = new StringBuilder("Retention[");
        if (keepLast > 0) {
            s.append("last ").append(keepLast).append(", ");
        }
        if (keepBest > 0) {
            s.append("best ").append(keepBest).append(" by ").append(metric).append(' ').append(mode).append(", ");
        }
        if (keepEvery > 0) {
            s.append("every ").append(keepEvery).append(" steps, ");
        }
        if (keepInterval != null) {
            s.append("one per ").append(keepInterval).append(", ");
        }
        return s.substring(0, s.length() - 2) + "]";
    }

    /** Rules of a {@link Retention}; each is optional. */
    public static final class Builder {
        private int keepLast;
        private int keepBest;
        private String metric;
        private Mode mode = Mode.MIN;
        private long keepEvery;
        private Duration keepInterval;

        private Builder() {
        }

        /**
         * Keeps the {@code n} newest checkpoints ({@code max_to_keep}).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder keepLast(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("keepLast must be at least 1: " + n);
            }
            this.keepLast = n;
            return this;
        }

        /**
         * Keeps the {@code k} best checkpoints by metric {@code name} ({@code save_top_k} with {@code monitor} and
         * {@code mode}); checkpoints without that metric never count as best.
         *
         * @param k at least 1
         * @param name the metric
         * @param mode whether smaller or larger is better
         * @return this builder
         */
        public Builder keepBest(int k, String name, Mode mode) {
            if (k < 1) {
                throw new IllegalArgumentException("keepBest must be at least 1: " + k);
            }
            this.keepBest = k;
            this.metric = Objects.requireNonNull(name, "name");
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Keeps every checkpoint whose step is a multiple of {@code k}, for the long history.
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder keepEvery(long k) {
            if (k < 1) {
                throw new IllegalArgumentException("keepEvery must be at least 1: " + k);
            }
            this.keepEvery = k;
            return this;
        }

        /**
         * Keeps one checkpoint per {@code interval} of file modification time ({@code keep_checkpoint_every_n_hours}):
         * the oldest, then each one at least {@code interval} younger than the last one kept.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder keepEvery(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive: " + interval);
            }
            this.keepInterval = interval;
            return this;
        }

        /**
         * Returns the policy.
         *
         * @return a new immutable policy
         */
        public Retention build() {
            return new Retention(this);
        }
    }
}
