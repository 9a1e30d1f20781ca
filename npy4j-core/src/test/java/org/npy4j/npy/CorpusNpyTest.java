package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.npy4j.Npy;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.header.NpyHeader;
import org.npy4j.testing.Corpus;

/** Every {@code .npy} file NumPy wrote in the conformance corpus: header, every value, and byte-identical re-save. */
class CorpusNpyTest {
    @TempDir
    Path tmp;

    static Stream<JsonNode> entries() {
        return Corpus.npyEntries().stream();
    }

    static Stream<String> refused() {
        List<String> out = new ArrayList<>();
        Corpus.manifest().get("refuse_without_pickle").forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("file").asText()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void headerIsWhatTheManifestSays(JsonNode e) throws IOException {
        NpyHeader h = Npy.readHeader(Corpus.file(e.get("file").asText()), ReadLimits.UNLIMITED);
        assertEquals(e.get("descr").asText(), stripQuotes(h.descr()), "descr");
        assertArrayEquals(longs(e.get("shape")), h.shape(), "shape");
        assertEquals(e.get("fortran_order").asBoolean(), h.fortranOrder(), "fortran_order");
        assertEquals(e.get("version").get(0).asInt(), h.majorVersion(), "version");
        assertEquals(e.get("itemsize").asInt(), h.dtype().itemSize(), "itemsize");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyValueIsReadExactly(JsonNode e) throws IOException, NoSuchAlgorithmException {
        NdArray a = Npy.load(Corpus.file(e.get("file").asText()), ReadLimits.UNLIMITED);
        assertEquals(NdArray.sizeOf(longs(e.get("shape"))), a.size());
        if (e.has("values")) {
            ManifestValues.assertValues(e.get("values"), a);
        } else if (e.has("values_sha256")) {
            // large files: the manifest has the sha256 of the little-endian C-order data and the first ten values
            byte[] npy = Npy.toBytes(a.copy(org.npy4j.array.Order.C));
            byte[] data = java.util.Arrays.copyOfRange(npy, npy.length - (int) a.byteSize(), npy.length);
            assertEquals(e.get("values_sha256").asText(), sha256(data));
            ManifestValues.assertValues(e.get("first_values"), a.slice(0, 10, 1));
        } else {
            // the header-version cases carry no values: their point is the header (checked above and by re-saving)
            assertEquals(true, e.get("descr").asText().length() > 10000, "only wide-header entries may omit values");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void resaveIsByteIdentical(JsonNode e) throws IOException, NoSuchAlgorithmException {
        Path src = Corpus.file(e.get("file").asText());
        NdArray a = Npy.load(src, ReadLimits.UNLIMITED);
        Path out = Npy.save(tmp.resolve("out"), a);
        assertEquals(tmp.resolve("out.npy"), out);
        byte[] written = Files.readAllBytes(out);
        assertEquals(e.get("sha256").asText(), sha256(written), "sha256 of re-saved " + src.getFileName());
        assertArrayEquals(Files.readAllBytes(src), Npy.toBytes(a));
        // the same bytes back through a stream, one array after another
        byte[] twice = new byte[written.length * 2];
        System.arraycopy(written, 0, twice, 0, written.length);
        System.arraycopy(written, 0, twice, written.length, written.length);
        ByteArrayInputStream in = new ByteArrayInputStream(twice);
        assertArrayEquals(written, Npy.toBytes(Npy.load(in, ReadLimits.UNLIMITED, "stream")));
        assertArrayEquals(written, Npy.toBytes(Npy.load(in, ReadLimits.UNLIMITED, "stream")));
        assertThrows(java.io.EOFException.class, () -> Npy.load(in));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void oneByteAtATimeInputsGiveTheSameArray(JsonNode e) throws IOException {
        byte[] file = Files.readAllBytes(Corpus.file(e.get("file").asText()));
        java.io.InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(file)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertArrayEquals(file, Npy.toBytes(Npy.load(trickle, ReadLimits.UNLIMITED, "trickle")));
        ByteArrayInputStream in = new ByteArrayInputStream(file);
        java.nio.channels.ReadableByteChannel oneByte = new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(java.nio.ByteBuffer dst) {
                if (!dst.hasRemaining()) {
                    return 0;
                }
                int c = in.read();
                if (c < 0) {
                    return -1;
                }
                dst.put((byte) c);
                return 1;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertArrayEquals(file, Npy.toBytes(Npy.read(oneByte, ReadLimits.UNLIMITED, "one-byte channel")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void pickledObjectArraysAreRefused(String file) {
        NpyUnsupportedException ex = assertThrows(NpyUnsupportedException.class, () -> Npy.load(Corpus.file(file)));
        assertEquals(true, ex.getMessage().contains("pickle"), ex.getMessage());
        assertEquals(true, ex.getMessage().startsWith(Corpus.file(file).toString()), ex.getMessage());
    }

    static String stripQuotes(String descr) {
        return descr.startsWith("'") ? descr.substring(1, descr.length() - 1) : descr;
    }

    static long[] longs(JsonNode n) {
        long[] r = new long[n.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = n.get(i).asLong();
        }
        return r;
    }

    static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
