package org.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.header.NpyHeader;
import org.npy4j.npy.ManifestValues;
import org.npy4j.testing.Corpus;

/**
 * The corpus {@code .npz} files NumPy wrote: names, headers (without reading data) and every value as the manifest
 * says, and re-writing the arrays reproduces NumPy's archive bytes (sha256 in the manifest), stored and deflated.
 */
class NpzCorpusTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> archives() {
        return Corpus.npzEntries().stream().map(e -> Arguments.of(e.get("file").asText(), e));
    }

    static String strip(String descr) {
        return descr.startsWith("'") ? descr.substring(1, descr.length() - 1) : descr;
    }

    static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void namesHeadersAndValues(String file, JsonNode e) throws Exception {
        try (NpzFile f = Npz.open(Corpus.file(file))) {
            List<String> zipNames = new ArrayList<>();
            e.get("zip_names").forEach(n -> zipNames.add(n.asText()));
            List<String> names = new ArrayList<>();
            f.entries().forEach(x -> names.add(x.name()));
            assertEquals(zipNames, names);
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                assertEquals(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n, f.files().get(i));
                assertEquals(e.get("compress_types").size() == 1 ? e.get("compress_types").get(0).asInt()
                        : e.get("compress_types").get(i).asInt(), f.entries().get(i).method(), n);
            }
            Iterator<Map.Entry<String, JsonNode>> it = e.get("members").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> m = it.next();
                JsonNode want = m.getValue();
                assertTrue(f.contains(m.getKey()) && f.contains(m.getKey() + ".npy"), m.getKey());
                NpyHeader h = f.header(m.getKey());
                assertEquals(want.get("descr").asText(), strip(h.descr()), m.getKey());
                assertArrayEquals(longs(want.get("shape")), h.shape(), m.getKey());
                assertEquals(want.get("fortran_order").asBoolean(), h.fortranOrder());
                NdArray a = f.get(m.getKey() + ".npy");
                assertEquals(want.get("itemsize").asInt(), a.dtype().itemSize());
                assertArrayEquals(longs(want.get("shape")), a.shape());
                ManifestValues.assertValues(want.get("values"), a);
                if (f.entries().get(f.files().indexOf(m.getKey())).method() == Zip.STORED) {
                    ManifestValues.assertValues(want.get("values"), f.map(m.getKey()));
                }
            }
            for (String n : f.files()) {
                if (!e.get("members").has(n)) {
                    // a non-npy member (extra_member.npz's README.txt): listed and readable as bytes
                    assertTrue(f.bytes(n).length > 0, n);
                    assertTrue(new String(f.bytes(n), StandardCharsets.UTF_8).length() > 0);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void rewritingReproducesNumpysBytes(String file, JsonNode e) throws Exception {
        String writer = e.get("writer").asText();
        if (writer.contains("+")) {
            return; // written partly by zipfile.writestr (timestamped); not something savez produces
        }
        Map<String, NdArray> named = new LinkedHashMap<>();
        List<NdArray> positional = new ArrayList<>();
        try (NpzFile f = Npz.open(Corpus.file(file))) {
            for (String n : f.files()) {
                if (n.matches("arr_\\d+")) {
                    assertEquals("arr_" + positional.size(), n);
                    positional.add(f.get(n));
                } else {
                    named.put(n, f.get(n));
                }
            }
        }
        NdArray[] pos = positional.toArray(new NdArray[0]);
        String sha = e.get("sha256").asText();
        if (writer.equals("savez")) {
            Path out = Npz.savez(tmp.resolve("re"), named, pos);
            assertEquals(tmp.resolve("re.npz"), out);
            assertEquals(sha, ZipLayerTest.sha256(out));
        } else {
            Path one = tmp.resolve("one.npz");
            try (NpzWriter w = Npz.writer(one).compressed(true).threads(1).open()) {
                named.forEach((k, v) -> add(w, k, v));
                for (int i = 0; i < pos.length; i++) {
                    w.add("arr_" + i, pos[i]);
                }
            }
            assertEquals(sha, ZipLayerTest.sha256(one));
            // small members: the parallel default is identical as well
            assertEquals(sha, ZipLayerTest.sha256(Npz.savezCompressed(tmp.resolve("par.npz"), named, pos)));
        }
    }

    private static void add(NpzWriter w, String k, NdArray v) {
        try {
            w.add(k, v);
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
