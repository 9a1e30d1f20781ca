package org.npy4j.checkpoint;

import java.nio.file.Path;

/**
 * A child process for {@link CheckpointProcessTest}'s lock test: {@code hold DIR} opens a writable store, prints
 * {@code locked} and keeps it until its standard input ends; {@code try DIR} tries to open one and prints
 * {@code opened} or {@code refused: MESSAGE}.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    /**
     * Runs the child.
     *
     * @param args {@code hold DIR} or {@code try DIR}
     * @throws Exception on unexpected failures
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (CheckpointStore s = CheckpointStore.open(dir)) {
                System.out.println(s.isReadOnly() ? "read-only?" : "locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the lock until the parent closes our stdin
                }
            }
            return;
        }
        try (CheckpointStore s = CheckpointStore.open(dir)) {
            System.out.println(s.isReadOnly() ? "read-only?" : "opened");
        } catch (CheckpointLockedException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
