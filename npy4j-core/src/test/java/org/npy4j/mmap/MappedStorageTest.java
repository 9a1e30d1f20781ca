package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.npy4j.npy.MappedStorage;

/**
 * The mapped storage against a heap reference, at every offset and with chunk sizes from 8 bytes (every multi-byte
 * value near a boundary straddles two chunks) to the 1 GiB default (one chunk).
 */
class MappedStorageTest {
    private static final int PREFIX = 13; // not page- or chunk-aligned, like a header of odd length
    private static final int SIZE = 301;

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        Path p = dir.resolve("data.bin");
        Files.write(p, content);
        return p;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static MappedStorage map(Path p, FileChannel.MapMode mode, long pos, long size, int shift, boolean lazy)
            throws IOException {
        if (lazy) {
            return MappedStorage.open(p, mode, pos, size, shift, "MappedNpy(path=" + p + ")");
        }
        try (FileChannel ch = mode != FileChannel.MapMode.READ_ONLY
                ? FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(p, StandardOpenOption.READ)) {
            return MappedStorage.map(ch, mode, pos, size, shift, "MappedNpy(path=" + p + ")");
        }
    }

    @ParameterizedTest
    @CsvSource({"3,false", "4,false", "5,false", "6,false", "30,false", "3,true", "4,true", "5,true", "6,true", "30,true"})
    void readsEveryValueAtEveryOffset(int shift, boolean lazy) throws IOException {
        byte[] content = random(PREFIX + SIZE + 7, shift);
        Path p = file(content);
        ByteBuffer ref = ByteBuffer.wrap(content, PREFIX, SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        MappedStorage s = map(p, FileChannel.MapMode.READ_ONLY, PREFIX, SIZE, shift, lazy);
        try {
            assertEquals(SIZE, s.byteSize());
            assertEquals(shift, s.chunkShift());
            assertEquals(shift == 30 ? 1 : (SIZE + (1 << shift) - 1) >> shift, s.chunkCount());
            for (int off = 0; off < SIZE; off++) {
                assertEquals(ref.get(off), s.getByte(off), "byte at " + off);
                if (off + 2 <= SIZE) {
                    assertEquals(ref.getShort(off), s.getShort(off), "short at " + off);
                }
                if (off + 4 <= SIZE) {
                    assertEquals(ref.getInt(off), s.getInt(off), "int at " + off);
                }
                if (off + 8 <= SIZE) {
                    assertEquals(ref.getLong(off), s.getLong(off), "long at " + off);
                }
            }
            for (int off = 0; off < SIZE; off += 7) {
                for (int len : new int[] {0, 1, 9, 33, SIZE - off}) {
                    if (off + len > SIZE) {
                        continue;
                    }
                    byte[] got = new byte[len + 2];
                    s.getBytes(off, got, 1, len);
                    assertArrayEquals(Arrays.copyOfRange(content, PREFIX + off, PREFIX + off + len),
                            Arrays.copyOfRange(got, 1, len + 1), "bytes at " + off + " len " + len);
                }
            }
            // the chunks, laid end to end, are the region
            ByteBuffer joined = ByteBuffer.allocate(SIZE);
            for (int i = 0; i < s.chunkCount(); i++) {
                ByteBuffer c = s.chunk(i);
                assertEquals(ByteOrder.LITTLE_ENDIAN, c.order());
                assertTrue(c.isReadOnly());
                joined.put(c);
            }
            assertArrayEquals(Arrays.copyOfRange(content, PREFIX, PREFIX + SIZE), joined.array());
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"3,false", "5,false", "30,false", "3,true", "5,true", "30,true"})
    void writesReachTheFileInReadWriteMode(int shift, boolean lazy) throws IOException {
        byte[] content = random(PREFIX + SIZE, 99);
        Path p = file(content);
        ByteBuffer ref = ByteBuffer.wrap(content.clone()).order(ByteOrder.LITTLE_ENDIAN);
        MappedStorage s = map(p, FileChannel.MapMode.READ_WRITE, PREFIX, SIZE, shift, lazy);
        Random r = new Random(shift);
        for (int off = 0; off + 8 <= SIZE; off += 3) {
            switch (off % 4) {
                case 0: { long v = r.nextLong(); s.putLong(off, v); ref.putLong(PREFIX + off, v); break; }
                case 1: { int v = r.nextInt(); s.putInt(off, v); ref.putInt(PREFIX + off, v); break; }
                case 2: { short v = (short) r.nextInt(); s.putShort(off, v); ref.putShort(PREFIX + off, v); break; }
                default: { byte v = (byte) r.nextInt(); s.putByte(off, v); ref.put(PREFIX + off, v); break; }
            }
        }
        byte[] block = random(40, 5);
        s.putBytes(SIZE - 45, block, 2, 38);
        System.arraycopy(block, 2, ref.array(), PREFIX + SIZE - 45, 38);
        s.force();
        s.close();
        assertArrayEquals(ref.array(), Files.readAllBytes(p));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copyOnWriteChangesStayPrivate(boolean lazy) throws IOException {
        byte[] content = random(PREFIX + SIZE, 7);
        Path p = file(content);
        MappedStorage s = map(p, FileChannel.MapMode.PRIVATE, PREFIX, SIZE, 4, lazy);
        assertFalse(s.isReadOnly());
        s.putLong(14, 0x0102030405060708L); // straddles the 16-byte chunk boundary
        s.putBytes(100, new byte[50], 0, 50);
        assertEquals(0x0102030405060708L, s.getLong(14));
        s.force();
        s.close();
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readOnlyRefusesWrites(boolean lazy) throws IOException {
        Path p = file(random(PREFIX + SIZE, 1));
        MappedStorage s = map(p, FileChannel.MapMode.READ_ONLY, PREFIX, SIZE, 3, lazy);
        assertTrue(s.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> s.putByte(0, (byte) 1));
        assertThrows(ReadOnlyBufferException.class, () -> s.putLong(4, 1)); // straddling, slow path
        assertThrows(ReadOnlyBufferException.class, () -> s.putBytes(0, new byte[3], 0, 3));
        s.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void outOfBoundsNamesTheStorage(boolean lazy) throws IOException {
        Path p = file(random(PREFIX + SIZE, 2));
        MappedStorage s = map(p, FileChannel.MapMode.READ_ONLY, PREFIX, SIZE, 3, lazy);
        for (long off : new long[] {-1, SIZE - 7, SIZE, Long.MAX_VALUE}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.getLong(off));
            assertTrue(e.getMessage().contains("MappedNpy(path=" + p + ")"), e.getMessage());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> s.getByte(SIZE));
        assertThrows(IndexOutOfBoundsException.class, () -> s.getBytes(SIZE - 2, new byte[3], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.getBytes(0, new byte[3], 1, 3));
        s.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void useAfterCloseIsAClearError(boolean lazy) throws IOException {
        Path p = file(random(PREFIX + SIZE, 3));
        MappedStorage s = map(p, FileChannel.MapMode.READ_WRITE, PREFIX, SIZE, 4, lazy);
        s.close();
        s.close(); // idempotent
        assertTrue(s.isClosed());
        String expected = "already closed: MappedNpy(path=" + p + ")";
        for (org.junit.jupiter.api.function.Executable access : Arrays.<org.junit.jupiter.api.function.Executable>asList(
                () -> s.getByte(0), () -> s.getShort(15), () -> s.getInt(0), () -> s.getLong(12),
                () -> s.putByte(0, (byte) 0), () -> s.putLong(0, 0), () -> s.getBytes(0, new byte[4], 0, 4),
                () -> s.putBytes(0, new byte[4], 0, 4), () -> s.chunk(0), s::force)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, access);
            assertEquals(expected, e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void onJava22AChunkBufferKeptPastCloseFailsCleanly(boolean lazy) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22
                && MappedStorage.unmapsOnClose(), "Java 17-21 cannot make this safe (see MappedStorage)");
        Path p = file(random(PREFIX + SIZE, 6));
        MappedStorage s = map(p, FileChannel.MapMode.READ_WRITE, PREFIX, SIZE, 5, lazy);
        ByteBuffer kept = s.chunk(3);
        byte expected = Files.readAllBytes(p)[PREFIX + 3 * 32];
        assertEquals(expected, kept.get(0));
        s.close();
        assertThrows(IllegalStateException.class, () -> kept.get(0)); // the JDK's arena check, not a SIGSEGV
        assertThrows(IllegalStateException.class, () -> kept.put(0, (byte) 1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void onJava22ClosingWhileAnotherThreadReadsIsAnExceptionNotACrash(boolean lazy) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22
                && MappedStorage.unmapsOnClose(), "Java 17-21 cannot make this safe (see MappedStorage)");
        Path p = file(random(PREFIX + (1 << 16), 8));
        for (int round = 0; round < 20; round++) {
            MappedStorage s = map(p, FileChannel.MapMode.READ_ONLY, PREFIX, 1 << 16, 12, lazy);
            ByteBuffer kept = s.chunk(0);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Throwable[] seen = new Throwable[1];
            Thread reader = new Thread(() -> {
                long acc = 0;
                started.countDown();
                try {
                    while (true) {
                        for (int off = 0; off < (1 << 16); off += 8) {
                            acc += s.getLong(off);
                        }
                        acc += kept.getLong(8);
                    }
                } catch (Throwable t) {
                    seen[0] = t;
                }
                if (acc == 42) {
                    System.out.println(acc);
                }
            });
            reader.start();
            started.await();
            Thread.sleep(2);
            s.close();
            reader.join(10_000);
            assertFalse(reader.isAlive());
            assertTrue(seen[0] instanceof IllegalStateException, String.valueOf(seen[0]));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withUnmappingSwitchedOffTheGcUnmapsAndCloseStillGuards(boolean lazy) throws IOException {
        byte[] content = random(PREFIX + SIZE, 9);
        Path p = file(content);
        String old = System.getProperty("npy4j.mmap.unmap");
        System.setProperty("npy4j.mmap.unmap", "false");
        try {
            assertFalse(MappedStorage.unmapsOnClose());
            MappedStorage s = map(p, FileChannel.MapMode.READ_WRITE, PREFIX, SIZE, 4, lazy);
            ByteBuffer kept = s.chunk(1);
            s.putLong(100, 77);
            s.force();
            s.close();
            assertThrows(IllegalStateException.class, () -> s.getLong(100));
            assertEquals(content[PREFIX + 16], kept.get(0), "still mapped: a kept buffer reads, never crashes");
            assertEquals(77, ByteBuffer.wrap(Files.readAllBytes(p), PREFIX + 100, 8).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong());
        } finally {
            if (old == null) {
                System.clearProperty("npy4j.mmap.unmap");
            } else {
                System.setProperty("npy4j.mmap.unmap", old);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void emptyRegion(boolean lazy) throws IOException {
        Path p = file(random(PREFIX, 4));
        MappedStorage s = map(p, FileChannel.MapMode.READ_ONLY, PREFIX, 0, 3, lazy);
        assertEquals(0, s.byteSize());
        assertEquals(1, s.chunkCount());
        assertEquals(0, s.chunk(0).remaining());
        assertThrows(IndexOutOfBoundsException.class, () -> s.getByte(0));
        s.getBytes(0, new byte[0], 0, 0);
        s.close();
    }

    @Test
    void badArguments() throws IOException {
        Path p = file(random(64, 5));
        assertThrows(IllegalArgumentException.class, () -> map(p, FileChannel.MapMode.READ_ONLY, 0, 8, 2, false));
        assertThrows(IllegalArgumentException.class, () -> map(p, FileChannel.MapMode.READ_ONLY, 0, 8, 31, false));
        assertThrows(IllegalArgumentException.class, () -> map(p, FileChannel.MapMode.READ_ONLY, -1, 8, 3, false));
        assertThrows(IllegalArgumentException.class, () -> MappedStorage.open(p, FileChannel.MapMode.READ_ONLY, 0, 8, 2,
                "x"));
    }
}
