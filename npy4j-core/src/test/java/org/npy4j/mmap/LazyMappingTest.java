package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.MappedStorage;
import org.npy4j.testing.Python;

/**
 * Chunks are mapped when first touched: what the process has mapped ({@code /proc/self/maps}) and open
 * ({@code /proc/self/fd}) is checked after each step, on a 100 GB sparse {@code .npy} written by NumPy and on small
 * files with tiny chunks; and the heap an open allocates does not depend on the file's size.
 */
class LazyMappingTest {
    @TempDir
    Path dir;

    /** Java 17-21 map chunk by chunk; Java 22+ (with unmapping on) map the whole region once, in an arena. */
    private static boolean chunkByChunk() {
        return Runtime.version().feature() < 22 || !MappedStorage.unmapsOnClose();
    }

    private static void assumeLinux() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self/maps (Linux)");
    }

    /** The number of this process's mappings of {@code file}. */
    private static long mappings(Path file) throws IOException {
        String name = file.toRealPath().toString();
        List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
        return lines.stream().filter(l -> l.endsWith(" " + name) || l.endsWith(" " + name + " (deleted)")).count();
    }

    /** The number of this process's open descriptors on {@code file}. */
    private static long descriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        long n = 0;
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : ds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    private Path sparse100GB() {
        Path f = dir.resolve("sparse100g.npy");
        Python.run("import sys, numpy as np\n"
                + "a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype='<f8', shape=(12500000000,))\n"
                + "a[0] = 1.5; a[-1] = 2.5; a[6250000000] = 3.5\n"
                + "a.flush(); del a\n", Python.arg(f));
        return f;
    }

    @Test
    void opening100GBMapsOnlyTheChunksTouched() throws IOException {
        assumeLinux();
        Path f = sparse100GB();
        long n = 12_500_000_000L;
        boolean byChunk = chunkByChunk();
        try (MappedNpy m = Npy.map(f, MapMode.READ_ONLY)) {
            NdArray a = m.array();
            assertEquals(n, a.size());
            assertEquals(byChunk ? 0 : 1, mappings(f), "nothing mapped at open on Java 17-21");
            assertEquals(byChunk ? 1 : 0, descriptors(f), "the file stays open only to map chunks later");
            assertEquals(1.5, a.getDouble(0));
            assertEquals(1, mappings(f));
            assertEquals(2.5, a.getDouble(n - 1));
            assertEquals(3.5, a.getDouble(n / 2));
            assertEquals(0.0, a.getDouble(n / 2 + 1));
            assertEquals(byChunk ? 3 : 1, mappings(f), "three chunks touched, three mapped");
            assertEquals(94, a.storage().chunkCount());
        }
        if (MappedStorage.unmapsOnClose()) {
            assertEquals(0, mappings(f), "close unmaps what was mapped");
        }
        assertEquals(0, descriptors(f));
    }

    @Test
    void anOpenAllocatesTheSameHeapFor1MiBAnd100GB() throws IOException {
        Assumptions.assumeTrue(allocatedBytes() >= 0, "needs HotSpot's per-thread allocation counter");
        Path big = sparse100GB();
        Path small = dir.resolve("small.npy");
        Python.run("import sys, numpy as np\nnp.save(sys.argv[1], np.arange(131072, dtype='<f8'))\n",
                Python.arg(small));
        long bigBytes = leastAllocatedPerOpen(big);
        long smallBytes = leastAllocatedPerOpen(small);
        // 94 chunks instead of 1: two tables of 94 references, two chunk buffers, a kept channel; no per-GB objects
        assertTrue(bigBytes < smallBytes + 8192, "100 GB: " + bigBytes + " bytes per open, 1 MiB: " + smallBytes);
        assertTrue(bigBytes < 64 * 1024, "100 GB: " + bigBytes + " bytes per open");
    }

    /** The least heap allocated by this thread for one open + 2 reads + close, over many tries (JIT warm-up). */
    private static long leastAllocatedPerOpen(Path f) throws IOException {
        long least = Long.MAX_VALUE;
        double sink = 0;
        for (int i = 0; i < 300; i++) {
            long a0 = allocatedBytes();
            try (MappedNpy m = Npy.map(f, MapMode.READ_ONLY)) {
                NdArray a = m.array();
                sink += a.getDouble(0) + a.getDouble(a.size() - 1);
            }
            least = Math.min(least, allocatedBytes() - a0);
        }
        assertTrue(sink > 0);
        return least;
    }

    /**
     * HotSpot's {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()} (reached reflectively: the
     * tests compile inside module org.npy4j, which does not read jdk.management), or -1.
     */
    private static long allocatedBytes() {
        try {
            Class<?> c = Class.forName("com.sun.management.ThreadMXBean");
            return (Long) c.getMethod("getCurrentThreadAllocatedBytes").invoke(ManagementFactory.getThreadMXBean());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static MappedStorage lazy(Path p, FileChannel.MapMode mode, long pos, long size, int shift)
            throws IOException {
        return MappedStorage.open(p, mode, pos, size, shift, "MappedNpy(path=" + p + ")");
    }

    @Test
    void theFileStaysOpenUntilEveryChunkIsMapped() throws IOException {
        assumeLinux();
        Path p = dir.resolve("d.bin");
        byte[] content = new byte[13 + 64 * 1024];
        new Random(1).nextBytes(content);
        Files.write(p, content);
        MappedStorage s = lazy(p, FileChannel.MapMode.READ_ONLY, 13, 64 * 1024, 12);
        boolean byChunk = chunkByChunk();
        assertEquals(byChunk ? 1 : 0, descriptors(p));
        assertEquals(byChunk ? 0 : 1, mappings(p));
        ByteBuffer ref = ByteBuffer.wrap(content, 13, 64 * 1024).slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 15; i >= 0; i--) { // in reverse, with a value straddling each boundary
            int off = (i << 12) + 4093;
            if (off + 8 <= 64 * 1024) {
                assertEquals(ref.getLong(off), s.getLong(off));
            }
            assertEquals(ref.get(i << 12), s.getByte((long) i << 12));
        }
        assertEquals(0, descriptors(p), "every chunk mapped: the file is closed");
        s.close();
        if (MappedStorage.unmapsOnClose()) {
            assertEquals(0, mappings(p));
        }
        MappedStorage one = lazy(p, FileChannel.MapMode.READ_ONLY, 13, 64 * 1024, 30);
        assertEquals(0, descriptors(p), "one chunk: mapped at open, the file closed");
        assertEquals(ref.getLong(64 * 1024 - 8), one.getLong(64 * 1024 - 8));
        one.close();
    }

    @Test
    void anInterruptedThreadMapsAChunkAndKeepsItsInterruptFlag() throws Exception {
        Path p = dir.resolve("i.bin");
        byte[] content = new byte[8 + 4096];
        new Random(2).nextBytes(content);
        Files.write(p, content);
        ByteBuffer ref = ByteBuffer.wrap(content, 8, 4096).slice().order(ByteOrder.LITTLE_ENDIAN);
        MappedStorage s = lazy(p, FileChannel.MapMode.READ_ONLY, 8, 4096, 6);
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            long v = s.getLong(64 * 3);
            seen.set(Thread.currentThread().isInterrupted() ? v : "interrupt flag lost");
        });
        t.start();
        t.join();
        assertEquals(ref.getLong(64 * 3), seen.get());
        for (int off = 0; off + 8 <= 4096; off += 8) { // the other chunks still map: the file was not closed
            assertEquals(ref.getLong(off), s.getLong(off));
        }
        s.close();
    }

    @Test
    void aChunkOfAFileTruncatedAfterOpeningFailsClearlyAndTheFileIsNotExtended() throws IOException {
        Assumptions.assumeTrue(chunkByChunk(), "Java 22+ map the whole region at open");
        Path p = dir.resolve("t.bin");
        Files.write(p, new byte[16 + 64 * 1024]);
        MappedStorage s = lazy(p, FileChannel.MapMode.READ_WRITE, 16, 64 * 1024, 12);
        s.putLong(8, 42);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(8192);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.putLong(40_000, 1));
        assertTrue(e.getMessage().startsWith("MappedNpy(path=" + p + "): cannot map bytes [36864, 40960)"),
                e.getMessage());
        assertEquals(8192, Files.size(p), "a read-write mapping must not extend the shrunk file");
        assertEquals(42, s.getLong(8));
        s.close();
        assertThrows(IllegalStateException.class, () -> s.getLong(40_000));
    }

    @Test
    void openChecksTheRegionAgainstTheFile() throws IOException {
        Path p = dir.resolve("s.bin");
        Files.write(p, new byte[100]);
        assertThrows(java.io.EOFException.class, () -> lazy(p, FileChannel.MapMode.READ_WRITE, 10, 91, 3));
        assertEquals(100, Files.size(p));
        MappedStorage s = lazy(p, FileChannel.MapMode.READ_WRITE, 10, 90, 3);
        assertEquals(90, s.byteSize());
        s.close();
    }
}
