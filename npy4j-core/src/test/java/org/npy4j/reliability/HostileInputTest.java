package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link HostileInputs} in a child JVM with {@code -Xmx64m}, where a reader that allocated what a corrupted
 * header claims would die of {@link OutOfMemoryError}; the wait is the hang guard. The child prints every problem and
 * a summary (cases, valid loads, slowest case), which the assertion messages carry.
 */
class HostileInputTest {
    @Test
    void everyFlippedHeaderByteAndEveryTruncationEndsInATypedErrorInA64MiBHeap() throws Exception {
        Process p = ChildJvm.start(List.of("-Xmx64m"), HostileInputs.class);
        // drained while the child runs, so a long list of problems cannot fill the pipe and stall it
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        });
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = output.get(30, TimeUnit.SECONDS);
        assertTrue(done, "child did not finish within the hang guard: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(", 0 problems;") && out.contains("max heap 64 MiB"), out);
    }
}
