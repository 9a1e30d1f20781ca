package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link HostileInputs}: in this JVM under a hang guard, and in a child JVM with {@code -Xmx64m}, where a reader
 * that allocated what a corrupted header claims would die of {@link OutOfMemoryError}.
 */
class HostileInputTest {
    @Test
    void everyFlippedHeaderByteAndEveryTruncationEndsInATypedError(@TempDir Path dir) {
        HostileInputs.Result r = assertTimeoutPreemptively(Duration.ofSeconds(300), () -> HostileInputs.run(dir),
                "hang guard (the loop takes a few seconds of CPU)");
        assertTrue(r.cases > 20_000, "the loop ran: " + r);
        assertEquals(List.of(), r.problems, r.toString());
    }

    @Test
    void theLoopPassesInAChildJvmWithA64MiBHeap() throws IOException, InterruptedException {
        Process p = ChildJvm.start(List.of("-Xmx64m"), HostileInputs.class);
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "child did not finish within the hang guard: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("max heap"), out);
    }
}
