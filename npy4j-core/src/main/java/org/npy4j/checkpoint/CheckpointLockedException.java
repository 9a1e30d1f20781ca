package org.npy4j.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a writable {@link CheckpointStore} is opened on a folder another store (in this or another process)
 * already writes; the message names the folder and the holder. Open read-only instead
 * ({@link CheckpointStore#openReadOnly}) or set {@link CheckpointOptions.Builder#readOnlyWhenLocked}.
 *
 * <pre>{@code
 * try (CheckpointStore s = CheckpointStore.open(dir)) { ... }
 * catch (CheckpointLockedException e) { System.err.println(e.getMessage()); }
 * }</pre>
 *
 * <p>Thread safety: immutable once thrown.
 */
public final class CheckpointLockedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The folder. */
    private final transient Path directory;

    CheckpointLockedException(Path directory, String holder) {
        super("checkpoint folder " + directory + " is locked by another writer (" + holder
                + "); open it read-only (CheckpointStore.openReadOnly) or close the other store first");
        this.directory = directory;
    }

    /**
     * The locked folder.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }
}
