package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.npy4j.Npy;
import org.npy4j.NpyException;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyLimitException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.StructDType;

/** Malformed {@code .npy} input: each case gives a typed error that names the file and says what is wrong. */
class BadInputTest {
    @TempDir
    Path tmp;

    /** A v1 file with this header text (padded as NumPy pads) followed by {@code data}. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int hlen = text.length + 1;
        int pad = 64 - (prefix + hlen) % 64;
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) (hlen + pad));
        } else {
            b.putInt(hlen + pad);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    static byte[] npy(String header, int dataBytes) {
        return npy(1, header, new byte[dataBytes]);
    }

    private <T extends NpyException> T fails(Class<T> type, byte[] file, String... words) throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.write(p, file);
        T e = assertThrows(type, () -> Npy.load(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "names the file: " + e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
        // the same through a stream (size unknown) gives the same kind of error
        if (file.length > 0) {
            assertThrows(NpyException.class, () -> Npy.load(new ByteArrayInputStream(file), ReadLimits.DEFAULT, "s"));
        }
        return e;
    }

    @Test
    void emptyFile() throws IOException {
        fails(NpyFormatException.class, new byte[0], "empty file");
    }

    @Test
    void emptyStreamIsEofAsInNumpy() {
        assertThrows(java.io.EOFException.class, () -> Npy.load(new ByteArrayInputStream(new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0093NUM", "\u0093NUMPY", "\u0093NUMPY\u0001"})
    void shortMagic(String s) throws IOException {
        fails(NpyTruncatedException.class, s.getBytes(StandardCharsets.ISO_8859_1), "ends inside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0092NUMPY\u0001\u0000", "\u0000NUMPY\u0001\u0000", "\u0093numpy\u0001\u0000",
        "\u0093MATLB\u0001\u0000", "hello world, this is text"})
    void badMagicSaysNotANpyFile(String s) throws IOException {
        fails(NpyFormatException.class, s.getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
    }

    @Test
    void zipArchiveIsNamedAsSuch() throws IOException {
        fails(NpyFormatException.class, "PK\u0003\u0004rest of a zip".getBytes(StandardCharsets.ISO_8859_1), "zip");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0101, 0x0000, 0x0100, 0x0202, 0xFFFF, 0x0004})
    void unsupportedVersions(int v) throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
        f[6] = (byte) (v & 0xFF);
        f[7] = (byte) (v >>> 8);
        fails(NpyUnsupportedException.class, f, "version");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 0);
        f[8] = (byte) 0x00;
        f[9] = (byte) 0x20; // 8192 bytes declared, ~118 present
        fails(NpyTruncatedException.class, f, "header declares 8192 bytes");
    }

    @Test
    void hugeDeclaredHeaderIsRefusedBeforeReadingIt() throws IOException {
        byte[] f = npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        ByteBuffer.wrap(f, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1); // 4 GiB
        NpyLimitException e = fails(NpyLimitException.class, f, "maxHeaderSize", "4294967295");
        assertEquals("maxHeaderSize", e.limit());
    }

    @Test
    void headerOverTheLimitAndItsOverride() throws IOException {
        String h = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" + " ".repeat(10_100);
        byte[] f = npy(2, h, new byte[8]);
        fails(NpyLimitException.class, f, "maxHeaderSize", "ReadLimits.builder().maxHeaderSize");
        Path p = tmp.resolve("big-header.npy");
        Files.write(p, f);
        NdArray a = Npy.load(p, ReadLimits.builder().maxHeaderSize(20_000).build());
        assertEquals(1, a.size());
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("[1, 2, 3]", "not a dictionary"),
                Arguments.of("{'descr': '<f8', 'shape': (1,), }", "correct keys"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extrakey': 1}", "correct keys"),
                Arguments.of("{'descr': '<q9', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': 5, 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': None, 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': b'<i4', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': '|S-1', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': '|V99999999999', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': '<f12', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': '<M8[xx]', 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': [('a', 'zz')], 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': [('a',)], 'fortran_order': False, 'shape': (1,), }", "descr"),
                Arguments.of("{'descr': [('a', '<i4'), ('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", "duplicate"),
                Arguments.of("{'descr': [(1, '<i4')], 'fortran_order': False, 'shape': (1,), }", "names must be strings"),
                Arguments.of("{'descr': [('a', '<i4', (-1,))], 'fortran_order': False, 'shape': (1,), }", "smaller then zero"),
                Arguments.of("{'descr': ('<i4', (2,)), 'fortran_order': False, 'shape': (1,), }", "subarray"),
                Arguments.of("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", "fortran_order is not a valid bool"),
                Arguments.of("{'descr': '<f8', 'fortran_order': 'False', 'shape': (1,), }", "fortran_order is not a valid bool"),
                Arguments.of("{'descr': '<f8', 'fortran_order': None, 'shape': (1,), }", "fortran_order is not a valid bool"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", "shape is not valid"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': 2, }", "shape is not valid"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,), }", "shape is not valid"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (True,), }", "a bool"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", "negative"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (10**30,), }", "cannot parse"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000000000000000000000,), }",
                        "does not fit in 64 bits"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                        "more elements than fit in 64 bits"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), ", "cannot parse"),
                Arguments.of("", "cannot parse"),
                Arguments.of("__import__('os').system('echo pwned')", "not a literal"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (0_2,), }", "cannot parse"),
                // found by fuzzing: eight hex digits past the int range
                Arguments.of("{'descr': '\\UCCCCCCCC', 'fortran_order': False, 'shape': (1,), }", "escape out of range"),
                Arguments.of("{'descr': '\\U00110000', 'fortran_order': False, 'shape': (1,), }", "escape out of range"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void malformedHeaders(String header, String word) throws IOException {
        fails(NpyFormatException.class, npy(header, 8), word);
    }

    @Test
    void nulBytesInPaddingAreRefused() throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
        for (int i = 70; i < 127; i++) {
            f[i] = 0;
        }
        fails(NpyFormatException.class, f, "cannot parse");
    }

    @Test
    void deeplyNestedDescrHitsTheNestingLimit() throws IOException {
        String descr = "'<i4'";
        for (int i = 0; i < 100; i++) {
            descr = "[('a', " + descr + ")]";
        }
        byte[] f = npy(2, "{'descr': " + descr + ", 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        Path p = tmp.resolve("deep.npy");
        Files.write(p, f);
        NpyLimitException e = assertThrows(NpyLimitException.class,
                () -> Npy.load(p, ReadLimits.builder().maxHeaderSize(100_000).build()));
        assertEquals("maxNestingDepth", e.limit());
    }

    @Test
    void objectArraysAreRefusedEvenWhenEmpty() throws IOException {
        fails(NpyUnsupportedException.class, npy("{'descr': '|O', 'fortran_order': False, 'shape': (0,), }", 0),
                "pickle");
        fails(NpyUnsupportedException.class,
                npy("{'descr': [('o', '|O'), ('i', '<i4')], 'fortran_order': False, 'shape': (1,), }", 12), "pickle");
    }

    @Test
    void hugeDeclaredDataFailsAtOnceWithoutAllocating() throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }", 16);
        assertEquals(144, f.length);
        NpyTruncatedException e = fails(NpyTruncatedException.class, f, "800000000000 bytes", "only 16");
        assertTrue(e.getMessage().contains("not fully written"));
    }

    @Test
    void truncatedDataSaysHowMuchIsThere() throws IOException {
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 32);
        byte[] cut = java.util.Arrays.copyOf(f, f.length - 3);
        fails(NpyTruncatedException.class, cut, "32 bytes");
        NpyTruncatedException s = assertThrows(NpyTruncatedException.class,
                () -> Npy.load(new ByteArrayInputStream(cut), ReadLimits.DEFAULT, "stream"));
        assertTrue(s.getMessage().contains("data ends after 29 of 32 bytes (3 of 4 elements)"), s.getMessage());
    }

    @Test
    void streamThatLiesAboutItsSizeCostsOnlyWhatArrives() {
        // 8 GB declared, 1 KiB delivered: fails after growing storage to what really came
        byte[] f = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", 1024);
        NpyTruncatedException e = assertThrows(NpyTruncatedException.class,
                () -> Npy.load(new ByteArrayInputStream(f), ReadLimits.DEFAULT, "stream"));
        assertTrue(e.getMessage().startsWith("stream: data ends after 1024 of 8000000000 bytes"), e.getMessage());
    }

    @Test
    void looseButValidHeadersLoadAsInNumpy() throws IOException {
        List<String> ok = List.of(
                "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}",
                "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}",
                "  {'descr':'<'  'f8', # a comment\n 'fortran_order':False,'shape':(2,),}",
                "{'descr': 'f8', 'fortran_order': False, 'shape': (2L,), }",
                "{'descr': '\\x3cf8', 'fortran_order': False, 'shape': (0x2,), }",
                "{'descr': 'float64', 'fortran_order': False, 'shape': (+2,), }",
                "{'descr': '<i4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\r\n");
        for (String h : ok) {
            Path p = tmp.resolve("ok.npy");
            Files.write(p, npy(h, 16));
            NdArray a = Npy.load(p);
            assertEquals(DType.FLOAT64, a.dtype(), h);
            assertArrayEquals(new long[] {2}, a.shape(), h);
        }
        // the Python 2 suffix is only for format 1.0 and 2.0, as in NumPy
        Path p = tmp.resolve("v3L.npy");
        Files.write(p, npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }", new byte[16]));
        assertThrows(NpyFormatException.class, () -> Npy.load(p));
    }

    @Test
    void objectArraysAreNeverWritten() {
        NdArray o = NdArray.zeros(DType.OBJECT, 2);
        Path p = tmp.resolve("o.npy");
        assertThrows(IllegalArgumentException.class, () -> Npy.save(p, o));
        assertFalse(Files.exists(p));
        assertThrows(IllegalArgumentException.class, () -> Npy.save(new ByteArrayOutputStream(), o));
    }

    @Test
    void overlappingRecordFieldsCannotBeSavedAndLeaveNoFile() {
        StructDType t = StructDType.withOffsets(List.of(Field.at("a", DType.INT32, 0), Field.at("b", DType.INT32, 2)), 8);
        Path p = tmp.resolve("overlap.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.save(p, NdArray.zeros(t, 2)));
        assertTrue(e.getMessage().contains("overlapping or out-of-order"));
        assertFalse(Files.exists(p));
    }

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path p = tmp.resolve("good.npy");
        Npy.save(p, NdArray.zeros(DType.FLOAT64, 4));
        byte[] before = Files.readAllBytes(p);
        Storage failing = new FailingStorage(Storage.allocate(8 << 20));
        NdArray big = NdArray.contiguous(DType.FLOAT64, new long[] {1 << 20}, Order.C, failing, 0, false);
        assertThrows(java.io.UncheckedIOException.class, () -> Npy.save(p, big));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    /** Storage whose bulk reads fail half-way, like a disk error during a save. */
    private static final class FailingStorage implements Storage {
        private final Storage inner;

        FailingStorage(Storage inner) {
            this.inner = inner;
        }

        @Override
        public ByteBuffer chunk(int i) {
            throw new java.io.UncheckedIOException(new IOException("simulated read error"));
        }

        @Override
        public long byteSize() {
            return inner.byteSize();
        }

        @Override
        public boolean isReadOnly() {
            return true;
        }

        @Override
        public byte getByte(long offset) {
            return inner.getByte(offset);
        }

        @Override
        public short getShort(long offset) {
            return inner.getShort(offset);
        }

        @Override
        public int getInt(long offset) {
            return inner.getInt(offset);
        }

        @Override
        public long getLong(long offset) {
            return inner.getLong(offset);
        }

        @Override
        public void putByte(long offset, byte value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putShort(long offset, short value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putInt(long offset, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putLong(long offset, long value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getBytes(long offset, byte[] dst, int dstOffset, int length) {
            inner.getBytes(offset, dst, dstOffset, length);
        }

        @Override
        public void putBytes(long offset, byte[] src, int srcOffset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int chunkShift() {
            return inner.chunkShift();
        }

        @Override
        public int chunkCount() {
            return inner.chunkCount();
        }
    }
}
