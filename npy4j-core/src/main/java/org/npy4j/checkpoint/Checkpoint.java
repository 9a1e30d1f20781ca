package org.npy4j.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.npy4j.array.NdArray;

/**
 * One loaded, verified checkpoint: its step, file, arrays (without the {@code epoch}, {@code metrics} and
 * {@code metric_names} members) and metrics; from {@link CheckpointStore#latest()} also the newer files it skipped.
 *
 * <pre>{@code
 * Checkpoint c = store.latest().orElseThrow();
 * NdArray w = c.array("weights");
 * long next = c.step() + 1;
 * }</pre>
 *
 * <p>Thread safety: immutable; its arrays are safe to read from several threads.
 */
public final class Checkpoint {
    private final long step;
    private final Path file;
    private final Map<String, NdArray> arrays;
    private final Map<String, Double> metrics;
    private final List<CheckpointListing.Skipped> skipped;

    Checkpoint(long step, Path file, Map<String, NdArray> arrays, Map<String, Double> metrics,
            List<CheckpointListing.Skipped> skipped) {
        this.step = step;
        this.file = file;
        this.arrays = Collections.unmodifiableMap(arrays);
        this.metrics = Collections.unmodifiableMap(metrics);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * The step (epoch).
     *
     * @return the step
     */
    public long step() {
        return step;
    }

    /**
     * The file it was loaded from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The named arrays in archive order (each a new writable array of its own).
     *
     * @return an unmodifiable map
     */
    public Map<String, NdArray> arrays() {
        return arrays;
    }

    /**
     * The array called {@code name}.
     *
     * @param name the member name
     * @return the array
     * @throws NoSuchElementException if there is none
     */
    public NdArray array(String name) {
        NdArray a = arrays.get(name);
        if (a == null) {
            throw new NoSuchElementException("checkpoint " + file.getFileName() + " has no array '" + name
                    + "'; it has " + arrays.keySet());
        }
        return a;
    }

    /**
     * The metrics in stored order (empty if none were saved).
     *
     * @return an unmodifiable map
     */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * The newer checkpoint files {@link CheckpointStore#latest()} skipped because they were damaged, newest first
     * (empty from {@link CheckpointStore#load}).
     *
     * @return the skipped files with their problems
     */
    public List<CheckpointListing.Skipped> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "Checkpoint[step " + step + ", " + file.getFileName() + ", arrays " + arrays.keySet() + ", metrics "
                + metrics + (skipped.isEmpty() ? "" : ", skipped " + skipped) + "]";
    }
}
