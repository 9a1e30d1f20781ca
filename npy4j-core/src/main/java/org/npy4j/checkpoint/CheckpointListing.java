package org.npy4j.checkpoint;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a checkpoint folder holds, verified, for tools such as {@code npy checkpoints DIR}: the good steps (oldest
 * first) with file, size, members, metrics and modification time, the step {@link CheckpointStore#latest()} would
 * load, the damaged files with their problem, and temporary leftovers of crashed saves. Making a listing deletes
 * nothing.
 *
 * <pre>{@code
 * CheckpointListing l = store.listing();
 * l.steps().forEach(s -> System.out.println(s.step() + " " + s.file() + " " + s.metrics()));
 * l.latest().ifPresent(n -> System.out.println("latest " + n));
 * }</pre>
 *
 * @param steps the good checkpoints, ascending by step
 * @param latest the step {@code latest()} would load, if any
 * @param skipped the damaged checkpoint files, newest first
 * @param leftovers temporary files of crashed saves (removed when the store opened writable, else only found)
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public record CheckpointListing(List<StepInfo> steps, OptionalLong latest, List<Skipped> skipped,
        List<Path> leftovers) {
    /**
     * Copies the lists.
     *
     * @param steps the good checkpoints
     * @param latest the latest step
     * @param skipped the damaged files
     * @param leftovers the temporary leftovers
     */
    public CheckpointListing {
        steps = List.copyOf(steps);
        Objects.requireNonNull(latest, "latest");
        skipped = List.copyOf(skipped);
        leftovers = List.copyOf(leftovers);
    }

    /**
     * One good checkpoint file.
     *
     * @param step the step
     * @param file the file
     * @param size its size in bytes
     * @param members its member names as {@code np.load(...).files} lists them (including {@code epoch})
     * @param metrics its metrics (empty if none)
     * @param modified its modification time
     */
    public record StepInfo(long step, Path file, long size, List<String> members, Map<String, Double> metrics,
            Instant modified) {
        /**
         * Copies the collections.
         *
         * @param step the step
         * @param file the file
         * @param size the size
         * @param members the member names
         * @param metrics the metrics
         * @param modified the modification time
         */
        public StepInfo {
            members = List.copyOf(members);
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /**
     * A checkpoint file that could not be used.
     *
     * @param file the file
     * @param problem what is wrong with it (the reader's message)
     */
    public record Skipped(Path file, String problem) {
    }
}
