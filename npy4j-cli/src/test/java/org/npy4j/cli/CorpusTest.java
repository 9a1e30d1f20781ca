package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.Field;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.dtype.StructDType;
import org.npy4j.dtype.SubarrayDType;
import org.npy4j.npz.NpzFile;

/**
 * The tool on NumPy's conformance corpus, in-process: {@code info --json} and {@code dump --json} against the
 * corpus manifest (written by NumPy's generate.py), {@code show} against NumPy's own str/repr of every file,
 * {@code check} on every file.
 */
class CorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static JsonNode manifest;
    private static final List<String> REFUSED = List.of("object_pickle.npy");

    /** The corpus holds a NumPy 2.0-format header of 124980 characters, over NumPy's (and our) default limit. */
    private static Cli.Result run(String... args) {
        String[] a = new String[args.length + 1];
        a[0] = "--max-header-size=200000";
        System.arraycopy(args, 0, a, 1, args.length);
        return Cli.run(a);
    }

    @BeforeAll
    static void load() throws Exception {
        manifest = JSON.readTree(Cli.CORPUS.resolve("manifest.json").toFile());
    }

    private static List<JsonNode> npyEntries() {
        List<JsonNode> r = new ArrayList<>();
        for (JsonNode e : manifest.get("npy")) {
            if (!REFUSED.contains(e.get("file").asText())) {
                r.add(e);
            }
        }
        return r;
    }

    @Test
    void infoJsonMatchesManifest() throws Exception {
        List<String> args = new ArrayList<>(List.of("info", "--json"));
        List<JsonNode> entries = npyEntries();
        for (JsonNode e : entries) {
            args.add(Cli.corpus(e.get("file").asText()));
        }
        Cli.Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        JsonNode list = JSON.readTree(r.out());
        assertEquals(entries.size(), list.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode m = entries.get(i);
            JsonNode got = list.get(i);
            String f = m.get("file").asText();
            assertEquals(m.get("descr").asText(), got.get("descr").asText(), f);
            assertEquals(m.get("shape"), got.get("shape"), f);
            assertEquals(m.get("fortran_order").asBoolean(), got.get("fortran_order").asBoolean(), f);
            assertEquals(m.get("version").get(0).asInt() + ".0", got.get("version").asText(), f);
            long n = 1;
            for (JsonNode d : m.get("shape")) {
                n *= d.asLong();
            }
            assertEquals(n * m.get("itemsize").asLong(), got.get("data_bytes").asLong(), f);
        }
    }

    @Test
    void infoOfArchivesListsEveryMember() throws Exception {
        for (JsonNode z : manifest.get("npz")) {
            String f = z.get("file").asText();
            Cli.Result r = run("info", "--json", Cli.corpus(f));
            assertEquals(0, r.code(), f + ": " + r.err());
            JsonNode got = JSON.readTree(r.out());
            List<String> names = new ArrayList<>();
            for (JsonNode m : got.get("members")) {
                String name = m.get("name").asText();
                names.add(name);
                JsonNode want = z.get("members").get(name);
                if (want != null) {
                    assertEquals(want.get("descr").asText(), m.get("descr").asText(), f + ":" + name);
                    assertEquals(want.get("shape"), m.get("shape"), f + ":" + name);
                    String method = m.get("method").asText();
                    assertTrue(z.get("compress_types").toString().contains(method.equals("stored") ? "0" : "8"));
                }
            }
            List<String> zipNames = new ArrayList<>();
            z.get("zip_names").forEach(n -> zipNames.add(n.asText().replaceAll("\\.npy$", "")));
            assertEquals(zipNames, names, f);
        }
    }

    @Test
    void dumpMatchesManifestValues() throws Exception {
        int compared = 0;
        for (JsonNode e : npyEntries()) {
            String f = e.get("file").asText();
            JsonNode values = e.has("values") ? e.get("values") : e.get("first_values");
            if (values == null) {
                continue; // the 7000-field header case: header only
            }
            Cli.Result r = run("dump", "--json", Cli.corpus(f));
            assertEquals(0, r.code(), f + ": " + r.err());
            JsonNode dumped = JSON.readTree(r.out());
            DType t = Npy.readHeader(Cli.CORPUS.resolve(f), org.npy4j.ReadLimits.DEFAULT.toBuilder().maxHeaderSize(200_000).maxFields(200_000).build()).dtype();
            List<JsonNode> flat = new ArrayList<>();
            flatten(dumped, e.get("shape").size(), e.get("shape"), 0, flat);
            if (!e.has("values")) {
                flat = flat.subList(0, values.size());
            }
            assertEquals(values.size(), flat.size(), f);
            for (int i = 0; i < values.size(); i++) {
                compare(t, flat.get(i), values.get(i), f + "[" + i + "]");
                compared++;
            }
        }
        assertTrue(compared > 1000, "compared " + compared + " values");
    }

    @Test
    void dumpOfArchiveMembersMatchesManifestValues() throws Exception {
        int compared = 0;
        for (JsonNode z : manifest.get("npz")) {
            String f = z.get("file").asText();
            try (NpzFile archive = Npz.open(Cli.CORPUS.resolve(f))) {
                for (Iterator<Map.Entry<String, JsonNode>> it = z.get("members").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    Cli.Result r = run("dump", "--json", Cli.corpus(f) + ":" + m.getKey());
                    assertEquals(0, r.code(), f + ":" + m.getKey() + ": " + r.err());
                    List<JsonNode> flat = new ArrayList<>();
                    flatten(JSON.readTree(r.out()), m.getValue().get("shape").size(), m.getValue().get("shape"), 0, flat);
                    DType t = archive.header(m.getKey()).dtype();
                    JsonNode values = m.getValue().get("values");
                    assertEquals(values.size(), flat.size(), f + ":" + m.getKey());
                    for (int i = 0; i < values.size(); i++) {
                        compare(t, flat.get(i), values.get(i), f + ":" + m.getKey() + "[" + i + "]");
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 100, "compared " + compared + " values");
    }

    /** Descends {@code ndim} levels of nested lists (checking each length against the shape), collecting elements. */
    private static void flatten(JsonNode n, int ndim, JsonNode shape, int axis, List<JsonNode> out) {
        if (axis == ndim) {
            out.add(n);
            return;
        }
        assertTrue(n.isArray(), "expected a list at axis " + axis);
        assertEquals(shape.get(axis).asInt(), n.size());
        for (JsonNode c : n) {
            flatten(c, ndim, shape, axis + 1, out);
        }
    }

    private static void flattenAll(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) {
            n.forEach(c -> flattenAll(c, out));
        } else {
            out.add(n);
        }
    }

    /** Compares one dumped element with the manifest's encoding of it (see generate.py). */
    static void compare(DType t, JsonNode got, JsonNode want, String where) {
        if (t instanceof StructDType) {
            for (Field f : ((StructDType) t).fields()) {
                if (!f.name().isEmpty()) {
                    assertTrue(got.has(f.name()), where + " lacks field " + f.name());
                    compare(f.dtype(), got.get(f.name()), want.get(f.name()), where + "." + f.name());
                }
            }
            assertEquals(want.size(), got.size(), where + ": fields");
            return;
        }
        if (t instanceof SubarrayDType) {
            List<JsonNode> flat = new ArrayList<>();
            flattenAll(got, flat);
            assertEquals(want.size(), flat.size(), where);
            DType base = ((SubarrayDType) t).base();
            for (int i = 0; i < flat.size(); i++) {
                compare(base, flat.get(i), want.get(i), where + "[" + i + "]");
            }
            return;
        }
        ScalarDType s = (ScalarDType) t;
        switch (s.kind()) {
            case BOOL:
                assertTrue(got.isBoolean(), where);
                assertEquals(want.asBoolean(), got.asBoolean(), where);
                break;
            case INT:
            case UINT:
                assertTrue(got.isIntegralNumber(), where + ": " + got);
                assertEquals(new BigInteger(want.asText()), got.bigIntegerValue(), where);
                break;
            case FLOAT:
                compareFloat(got, want, where);
                break;
            case COMPLEX:
                assertEquals(2, got.size(), where);
                compareFloat(got.get(0), want.get(0), where + ".real");
                compareFloat(got.get(1), want.get(1), where + ".imag");
                break;
            case BYTES:
                assertEquals(want.asText(), Values.hex(got.asText().getBytes(StandardCharsets.ISO_8859_1)), where);
                break;
            case UNICODE:
                assertEquals(want.asText(), got.asText(), where);
                break;
            case VOID:
                assertEquals(want.asText(), got.asText(), where);
                break;
            case DATETIME:
                assertTrue(got.isTextual(), where);
                assertEquals(want.asText(), want.asText().equals("NaT") ? got.asText() : Long.toString(count(got.asText(),
                        s)), where);
                break;
            case TIMEDELTA:
                if (want.asText().equals("NaT")) {
                    assertEquals("NaT", got.asText(), where);
                } else {
                    assertTrue(got.isIntegralNumber(), where);
                    assertEquals(want.asText(), got.asText(), where);
                }
                break;
            default:
                throw new AssertionError("unexpected dtype " + s + " at " + where);
        }
    }

    private static void compareFloat(JsonNode got, JsonNode want, String where) {
        String w = want.asText();
        if (w.equals("nan") || w.equals("inf") || w.equals("-inf")) {
            assertTrue(got.isTextual(), where + ": specials are strings");
            assertEquals(w, got.asText(), where);
            return;
        }
        assertTrue(got.isNumber(), where + ": " + got);
        double expected = Double.parseDouble(w); // Python's float.hex form is a Java hex float string
        double actual = got.doubleValue(); // Jackson parses with Double.parseDouble: correctly rounded, keeps -0.0
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), where + ": " + got + " vs " + w);
    }

    /** The int64 count of an ISO datetime string in the dtype's unit (java.time parsing, independent of the tool). */
    private static long count(String iso, ScalarDType t) {
        DateTimeUnit u = t.unit();
        if (u == DateTimeUnit.DAY) {
            return LocalDate.parse(iso).toEpochDay() / t.multiplier();
        }
        LocalDateTime dt = LocalDateTime.parse(iso);
        long secs = dt.toEpochSecond(ZoneOffset.UTC);
        long nanos = dt.getNano();
        switch (u) {
            case SECOND: return secs;
            case MILLISECOND: return secs * 1000 + nanos / 1_000_000;
            case MICROSECOND: return secs * 1_000_000 + nanos / 1000;
            case NANOSECOND: return secs * 1_000_000_000L + nanos;
            default: throw new AssertionError("unit " + u + " not in the corpus");
        }
    }

    @Test
    void showMatchesNumpyOnEveryCorpusFile() {
        List<String> files = new ArrayList<>();
        for (JsonNode e : npyEntries()) {
            files.add(e.get("file").asText());
        }
        StringBuilder script = new StringBuilder("import sys, numpy as np\nfor f in sys.argv[1:]:\n"
                + "    a = np.load(f, max_header_size=200000)\n    print(str(a)); print('\\x01'); print(repr(a)); print('\\x02')\n");
        List<String> args = new ArrayList<>();
        for (String f : files) {
            args.add(Cli.corpus(f));
        }
        String out = Py.run(script.toString(), args.toArray(new String[0]));
        String[] blocks = out.split("\n\u0002\n", -1);
        for (int i = 0; i < files.size(); i++) {
            String[] sr = blocks[i].split("\n\u0001\n");
            Cli.Result s = run("show", args.get(i));
            assertEquals(0, s.code(), files.get(i) + ": " + s.err());
            assertEquals(sr[0], s.out().stripTrailing(), "str of " + files.get(i));
            Cli.Result rr = run("show", "--repr", args.get(i));
            assertEquals(sr[1], rr.out().stripTrailing(), "repr of " + files.get(i));
        }
    }

    @Test
    void checkPassesEveryCorpusNpyAndNamesTheRefusedOne() {
        List<String> args = new ArrayList<>(List.of("check"));
        for (JsonNode e : npyEntries()) {
            args.add(Cli.corpus(e.get("file").asText()));
        }
        checkAllOk(args);
        Cli.Result bad = run("check", Cli.corpus("object_pickle.npy"), Cli.corpus("bool.npy"));
        assertEquals(1, bad.code());
        String[] b = bad.out().split("\n");
        assertTrue(b[0].startsWith(Cli.corpus("object_pickle.npy") + ": ") && b[0].contains("pickle"), b[0]);
        assertEquals(Cli.corpus("bool.npy") + ": OK", b[1]);
    }

    @Test
    void checkPassesEveryCorpusArchive() {
        List<String> args = new ArrayList<>(List.of("check"));
        for (JsonNode z : manifest.get("npz")) {
            args.add(Cli.corpus(z.get("file").asText()));
        }
        checkAllOk(args);
    }

    private static void checkAllOk(List<String> args) {
        Cli.Result r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.out() + r.err());
        String[] lines = r.out().split("\n");
        assertEquals(args.size() - 1, lines.length);
        for (String l : lines) {
            assertTrue(l.endsWith(": OK"), l);
        }
    }
}
