package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AtomicWrite.Held}, the temporary files of appenders and {@code w+} creations, as another process sees them:
 * locked from creation on, also after the channel handed to a mapping was closed early (which on Linux drops the
 * lock) and the lock was taken again; unlocked once the hold ends.
 */
class HeldTempLockTest {
    @Test
    void heldTemporaryIsLockedForOtherProcessesUntilTheHoldEnds(@TempDir Path dir) throws Exception {
        AtomicWrite.Held held = AtomicWrite.hold(dir.resolve("a.npy"));
        boolean released = false;
        try {
            assertTrue(held.path.getFileName().toString().matches("\\.a\\.npy\\.[0-9a-z]+\\.work\\.tmp"),
                    held.path.toString());
            assertEquals("locked", probe(held.path));
            held.handOver().close(); // as a mapping that needs no channel does
            assertEquals("free", probe(held.path), "closing the only channel drops the lock");
            held.relockIfClosed();
            assertEquals("locked", probe(held.path), "the lock is taken again");
            held.release(true);
            released = true;
            assertFalse(Files.exists(held.path));
        } finally {
            if (!released) {
                held.release(true);
            }
        }
    }

    @Test
    void aHandedOverChannelStillOpenKeepsTheLockUntilRenamed(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("b.npy");
        AtomicWrite.Held held = AtomicWrite.hold(target);
        try (java.nio.channels.FileChannel ch = held.handOver()) {
            held.relockIfClosed(); // nothing to do: still open
            assertEquals("locked", probe(held.path));
            Mapping.moveOver(held.path, target);
            held.renamed();
            assertTrue(ch.isOpen(), "the channel belongs to its new owner");
            assertEquals("free", probe(target), "the target is not left locked");
        }
    }

    private static String probe(Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx32m", "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), p.toString())
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(0), List.of(proc.exitValue()), out);
        return out;
    }
}
