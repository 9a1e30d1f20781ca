package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.NpyAppender;

/**
 * The temporary files of appenders and {@code w+} creations ({@code .NAME.RANDOM.work.tmp}) are locked while their
 * writer lives, like those of saves: a SIGKILLed writer's leftover is deleted by the next save, append or creation of
 * the same target, while a live writer's file (another JVM holding it) is never touched.
 */
class HeldTempCleanupTest {
    private static final DType I8 = DType.parse("<i8");

    @Test
    void leftoverOfAKilledAppenderIsDeletedByTheNextAppendCreateOrSave(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        // three kills, each cleaned by a different kind of writer
        for (String cleaner : List.of("append", "create", "save")) {
            Path leftover = killAppender(target);
            assertTrue(leftover.getFileName().toString().endsWith(".work.tmp"), leftover.toString());
            assertTrue(Files.size(leftover) > 1000 * 32, "the killed appender's rows are in its temporary file");
            write(cleaner, target, 5);
            assertFalse(Files.exists(leftover), "the killed appender's temporary file survived a " + cleaner);
            assertEquals(List.of(target), list(dir), "only the target is left after a " + cleaner);
            assertEquals(5, Npy.load(target).storage().getLong(0));
        }
    }

    @Test
    void leftoverOfAKilledWplusCreationIsDeletedByTheNextCreation(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.npy");
        int leftovers = 0;
        for (int trial = 0; trial < 60 && leftovers < 3; trial++) {
            Process p = ChildJvm.start(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), HeldTempWriter.class, "create",
                    target.toString());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", out.readLine(), "child did not start");
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 300));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            List<Path> temps = temps(dir);
            if (Files.exists(target)) {
                assertEquals(1 << 16, Npy.load(target).size(), "the target is always a complete file");
            }
            if (temps.isEmpty()) {
                continue; // killed outside a creation's window
            }
            leftovers++;
            assertEquals(1, temps.size(), temps.toString());
            assertTrue(temps.get(0).getFileName().toString().endsWith(".work.tmp"), temps.toString());
            write("create", target, 7);
            assertEquals(List.of(), temps(dir), "the killed creation's temporary file survived the next creation");
            assertEquals(7, Npy.load(target).storage().getLong(0));
        }
        assertTrue(leftovers > 0, "no kill landed inside a w+ creation in 60 trials");
    }

    @Test
    void aLiveAppendersTemporaryFileInAnotherProcessIsNeverDeleted(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        Process p = ChildJvm.start(List.of("-Xmx64m"), HeldTempWriter.class, "append", target.toString());
        Path live;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "child did not start");
            List<Path> temps = temps(dir);
            assertEquals(1, temps.size(), temps.toString());
            live = temps.get(0);
            for (String writer : List.of("save", "append", "create", "save")) {
                write(writer, target, 3);
                assertTrue(Files.exists(live), "a live appender's temporary file was deleted by a " + writer);
            }
            assertTrue(p.isAlive());
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        write("save", target, 4);
        assertFalse(Files.exists(live), "once its process died, its temporary file is a leftover");
    }

    /** In one JVM: unlocked look-alikes of the new kind are leftovers; the unlocked old kind and other targets' stay. */
    @Test
    void cleanerRecognisesOnlyTheHeldKindOfTheSameTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        Path leftover = Files.write(dir.resolve(".a.npy.k3x9q2.work.tmp"), new byte[100]);
        Path otherTarget = Files.write(dir.resolve(".b.npy.k3x9q2.work.tmp"), new byte[1]);
        Path lookAlike = Files.write(dir.resolve(".a.npy.NOT-OURS.work.tmp"), new byte[1]);
        Path oldKind = Files.write(dir.resolve(".a.npy.k3x9q2.tmp"), new byte[1]);
        write("append", target, 1);
        assertFalse(Files.exists(leftover), "an unlocked .work.tmp of the target survived an appender's close");
        assertTrue(Files.exists(otherTarget), "a temporary file of another target was deleted");
        assertTrue(Files.exists(lookAlike), "a file whose name npy4j never makes was deleted");
        assertTrue(Files.exists(oldKind), "an unlocked temporary of the old, unheld kind was deleted");
        Path again = Files.write(dir.resolve(".a.npy.zz01.work.tmp"), new byte[1]);
        write("create", target, 2);
        assertFalse(Files.exists(again), "an unlocked .work.tmp of the target survived a w+ creation");
    }

    /** An appender open in this JVM keeps its file through saves, creations and other appenders of the target. */
    @Test
    void writersInThisJvmNeverTakeEachOthersTemporaryFiles(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.npy");
        try (NpyAppender app = Npy.appender(target, I8, new long[] {4}, true)) {
            app.append(new long[] {1, 2, 3, 4});
            try (MappedNpy m = Npy.create(target, I8, new long[] {8}, Order.C, true)) {
                app.append(new long[] {5, 6, 7, 8});
                write("append", target, 9);
                write("save", target, 9);
            }
            app.append(new long[] {9, 10, 11, 12});
        }
        NdArray a = Npy.load(target);
        assertEquals(3, a.shape()[0], "the appender closed last and wins");
        assertEquals(12, a.getLong(2, 3));
        assertEquals(List.of(), temps(dir));
    }

    /**
     * A {@code w+} creation whose mapping needs no channel (an empty array; any array on Java 22+) closes the mapping's
     * channel before the rename, which on Linux drops the temporary file's lock: it is taken again, and the creation
     * still replaces the target and leaves nothing behind.
     */
    @Test
    void wplusCreationsWhoseMappingClosesItsChannelEarlyStillReplaceTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("e.npy");
        write("save", target, 1);
        try (MappedNpy m = Npy.create(target, I8, new long[] {0, 3}, Order.C, true)) {
            assertEquals(0, m.array().size());
        }
        assertEquals(List.of(0L, 3L), List.of(Npy.load(target).shape()[0], Npy.load(target).shape()[1]));
        write("create", target, 6);
        assertEquals(6, Npy.load(target).storage().getLong(0));
        assertEquals(List.of(target), list(dir));
    }

    /** Starts an appender in a child JVM, SIGKILLs it mid-append and returns its temporary file. */
    private static Path killAppender(Path target) throws Exception {
        Path dir = target.getParent();
        Process p = ChildJvm.start(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), HeldTempWriter.class, "append",
                target.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "child did not start");
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        List<Path> temps = temps(dir);
        assertEquals(1, temps.size(), temps.toString());
        return temps.get(0);
    }

    /** Writes {@code target} holding {@code v} at index 0 with the writer {@code how} (append, create or save). */
    private static void write(String how, Path target, long v) throws IOException {
        switch (how) {
            case "append":
                try (NpyAppender app = Npy.appender(target, I8, new long[] {4}, true)) {
                    app.append(new long[] {v, v, v, v});
                }
                break;
            case "create":
                try (MappedNpy m = Npy.create(target, I8, new long[] {1 << 16}, Order.C, true)) {
                    m.array().storage().putLong(0, v);
                }
                break;
            default:
                NdArray a = NdArray.zeros(I8, 10);
                a.storage().putLong(0, v);
                Npy.save(target, a);
        }
    }

    private static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
