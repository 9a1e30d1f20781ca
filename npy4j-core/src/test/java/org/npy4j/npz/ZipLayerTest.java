package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.npy4j.ReadLimits;
import org.npy4j.testing.Corpus;

/**
 * The zip container against NumPy's own archives, member bytes taken raw: reading every member back gives the bytes
 * Python's zipfile gives (checked through the sample/corpus files' known sizes and CRCs), and re-writing the members
 * reproduces NumPy's archive byte for byte, stored and (single-threaded) deflated.
 */
class ZipLayerTest {
    @TempDir
    Path tmp;

    /** Members of an archive as raw (name, bytes), read by our reader. */
    static List<Object[]> members(Path npz) throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (NpzFile f = NpzFile.open(npz, ReadLimits.DEFAULT)) {
            for (NpzEntry e : f.entries()) {
                out.add(new Object[] {e.name(), f.bytes(e.name()), e.method()});
            }
        }
        return out;
    }

    static Path rewrite(Path src, Path dst, boolean compressed, int threads) throws IOException {
        try (NpzWriter w = NpzWriter.builder(dst).compressed(compressed).threads(threads).open()) {
            for (Object[] m : members(src)) {
                w.addBytes((String) m[0], (byte[]) m[1]);
            }
        }
        return dst;
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x_stored.npz", "ref_stored.npz"})
    void storedSamplesAreReproducedExactly(String name) throws Exception {
        Path src = Corpus.sample(name);
        Path out = rewrite(src, tmp.resolve(name), false, 1);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x_deflated.npz", "ref_deflated.npz"})
    void deflatedSamplesAreReproducedExactlySingleThreaded(String name) throws Exception {
        Path src = Corpus.sample(name);
        Path out = rewrite(src, tmp.resolve(name), true, 1);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x_deflated.npz", "ref_deflated.npz"})
    void smallMembersKeepNumpyBytesWithThreads(String name) throws Exception {
        Path src = Corpus.sample(name);
        Path out = rewrite(src, tmp.resolve(name), true, 4);
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out));
    }

    @Test
    void unseekableOutputUsesDataDescriptorsLikeZipfile() throws Exception {
        Path src = Corpus.sample("x_unseekable.npz");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (NpzWriter w = NpzWriter.builder(bos).open()) {
            for (Object[] m : members(src)) {
                w.addBytes((String) m[0], (byte[]) m[1]);
            }
        }
        assertArrayEquals(Files.readAllBytes(src), bos.toByteArray());
    }

    static Stream<Arguments> corpusArchives() {
        return Corpus.npzEntries().stream()
                .filter(e -> e.get("writer").asText().startsWith("savez") && !e.get("writer").asText().contains("+"))
                .map(e -> Arguments.of(e.get("file").asText(), e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusArchives")
    void corpusArchivesAreReproducedExactly(String file, JsonNode entry) throws Exception {
        Path src = Corpus.file(file);
        assertEquals(entry.get("sha256").asText(), sha256(src), "corpus file intact");
        boolean compressed = entry.get("writer").asText().equals("savez_compressed");
        Path out = rewrite(src, tmp.resolve(file), compressed, 1);
        assertEquals(entry.get("sha256").asText(), sha256(out));
        List<String> names = new ArrayList<>();
        entry.get("zip_names").forEach(n -> names.add(n.asText()));
        List<String> ours = new ArrayList<>();
        for (Object[] m : members(out)) {
            ours.add((String) m[0]);
            assertEquals(compressed ? 8 : 0, (int) m[2]);
        }
        assertEquals(names, ours);
    }

    @Test
    void emptyArchiveIsTheBareEndRecord() throws Exception {
        Path out = tmp.resolve("e.npz");
        NpzWriter.builder(out).open().close();
        byte[] b = Files.readAllBytes(out);
        assertEquals(22, b.length);
        assertArrayEquals(Files.readAllBytes(Corpus.file("empty.npz")), b);
        try (NpzFile f = NpzFile.open(out, ReadLimits.DEFAULT)) {
            assertTrue(f.files().isEmpty());
        }
    }
}
