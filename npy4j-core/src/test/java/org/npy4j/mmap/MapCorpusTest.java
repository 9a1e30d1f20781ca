package org.npy4j.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.npy4j.Npy;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.Mapping;
import org.npy4j.npy.NpyBlockReader;
import org.npy4j.npy.ManifestValues;
import org.npy4j.testing.Corpus;

/**
 * Every conformance {@code .npy} NumPy wrote, memory-mapped read-only, compared with the in-heap load and with the
 * manifest's values, with the default 1 GiB chunks and with chunks of 8 and 64 bytes (so that nearly every value of a
 * small file lies in a chunk other than the first, and many straddle two); and the same files read in row blocks.
 */
class MapCorpusTest {
    /** At most this many mappings per file: tiny chunks of a large corpus file would exhaust vm.max_map_count. */
    private static final long MAX_CHUNKS = 4096;

    static Stream<Arguments> entriesAndShifts() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : Corpus.npyEntries()) {
            for (int shift : new int[] {30, 3, 6}) {
                out.add(Arguments.of(e.get("file").asText(), shift, e));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> entriesAndBlocks() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : Corpus.npyEntries()) {
            if (!e.get("fortran_order").asBoolean()) {
                for (int rows : new int[] {1, 3, 1 << 20}) {
                    out.add(Arguments.of(e.get("file").asText(), rows, e));
                }
            }
        }
        return out.stream();
    }

    /** The chunk shift actually used: {@code shift}, raised until the file needs at most {@link #MAX_CHUNKS} maps. */
    static int effectiveShift(int shift, long dataBytes) {
        while ((dataBytes >> shift) >= MAX_CHUNKS) {
            shift++;
        }
        return shift;
    }

    @ParameterizedTest(name = "{0} chunks 2^{1}")
    @MethodSource("entriesAndShifts")
    void mappedEqualsLoaded(String file, int shift, JsonNode e) throws IOException {
        Path p = Corpus.file(file);
        NdArray loaded = Npy.load(p, ReadLimits.UNLIMITED);
        int s = effectiveShift(shift, loaded.byteSize());
        try (MappedNpy m = Mapping.map(p, MapMode.READ_ONLY, ReadLimits.UNLIMITED, s)) {
            NdArray a = m.array();
            assertEquals(Npy.readHeader(p, ReadLimits.UNLIMITED), m.header());
            assertEquals(loaded.dtype(), a.dtype());
            assertArrayEquals(loaded.shape(), a.shape());
            assertArrayEquals(loaded.strides(), a.strides(), "Fortran files map as Fortran-strided views");
            assertFalse(a.isWritable(), "read-only mapping");
            assertEquals(s, a.storage().chunkShift());
            assertArrayEquals(bytes(loaded), bytes(a), "data bytes");
            if (e.has("values")) {
                ManifestValues.assertValues(e.get("values"), a);
            } else if (e.has("first_values")) {
                ManifestValues.assertValues(e.get("first_values"), a.slice(0, 10, 1));
            }
            // element access through the array's own accessors, for numeric scalars
            if (a.dtype().isNumeric() && a.dtype().kind() != org.npy4j.dtype.Kind.COMPLEX
                    && a.dtype().itemSize() <= 8) {
                for (long i = 0; i < a.size(); i++) {
                    long[] idx = unravel(i, a.shape());
                    assertEquals(Double.doubleToLongBits(loaded.getDouble(idx)), Double.doubleToLongBits(a.getDouble(idx)),
                            "element " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} blocks of {1}")
    @MethodSource("entriesAndBlocks")
    void blocksConcatenateToTheLoadedArray(String file, int rowsPerBlock, JsonNode e) throws IOException {
        Path p = Corpus.file(file);
        NdArray loaded = Npy.load(p, ReadLimits.UNLIMITED);
        byte[] all = bytes(loaded);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        long rowsSeen = 0;
        try (NpyBlockReader r = NpyBlockReader.open(p, rowsPerBlock, ReadLimits.UNLIMITED)) {
            for (NdArray b = r.next(); b != null; b = r.next()) {
                assertTrue(b.ndim() == 0 || b.shape(0) <= rowsPerBlock);
                assertFalse(b.isWritable());
                got.writeBytes(bytes(b));
                rowsSeen += b.ndim() == 0 ? 1 : b.shape(0);
                assertEquals(rowsSeen, r.position());
            }
            assertEquals(r.rows(), rowsSeen);
        }
        assertArrayEquals(all, got.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.npy4j.mmap.MapCorpusTest#refused")
    void objectArraysAreRefused(String file) {
        Path p = Corpus.file(file);
        NpyUnsupportedException ex = assertThrows(NpyUnsupportedException.class,
                () -> Npy.map(p, MapMode.READ_ONLY));
        assertTrue(ex.getMessage().startsWith(p.toString()), ex.getMessage());
        assertThrows(NpyUnsupportedException.class, () -> NpyBlockReader.open(p, 10).close());
    }

    static Stream<String> refused() {
        List<String> out = new ArrayList<>();
        Corpus.manifest().get("refuse_without_pickle").forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("file").asText()));
        return out.stream();
    }

    static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    /** The array's element bytes in memory order (the loaded and mapped arrays are both contiguous). */
    static byte[] bytes(NdArray a) {
        assertTrue(a.isCContiguous() || a.isFContiguous());
        byte[] b = new byte[(int) a.byteSize()];
        a.storage().getBytes(a.offset(), b, 0, b.length);
        return b;
    }
}
