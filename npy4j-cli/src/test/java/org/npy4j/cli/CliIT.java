package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar run as a user runs it ({@code java -jar npy.jar ...} in a subprocess): exit codes, one-line error
 * messages without stack traces on bad files, JSON on stdout.
 */
class CliIT {
    static final Path JAR = Path.of(System.getProperty("npy.jar", "target/npy.jar")).toAbsolutePath();
    static final Path ROOT = Path.of(System.getProperty("npy.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Run jar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return exec(new ProcessBuilder(cmd), 60);
    }

    static Run exec(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("npy-it", ".out");
        Path err = Files.createTempFile("npy-it", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + pb.command());
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Exit 1 with exactly one stderr line naming the file, no stack trace. */
    private static void assertBadInput(Run r, Path file, String mentions) {
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().size(), "one line on stderr: " + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.contains(file.toString()), line);
        assertTrue(line.toLowerCase().contains(mentions.toLowerCase()), line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
    }

    @Test
    void versionHelpAndUsageErrors() throws Exception {
        Run v = jar("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("npy (npy4j) "), v.out());
        for (String c : List.of("info", "show", "dump", "convert", "check", "tour")) {
            Run h = jar(c, "--help");
            assertEquals(0, h.code(), c);
            assertTrue(h.out().contains("Example"), c + " --help has an example: " + h.out());
        }
        assertEquals(2, jar("frobnicate").code());
        assertEquals(2, jar("show").code());
        assertEquals(2, jar("show", "--precision", "many", "x.npy").code());
        assertEquals(2, jar("dump", Cli.corpus("bool.npy")).code(), "--json is required");
        assertEquals(2, jar("info", "--no-such-flag", Cli.corpus("bool.npy")).code());
    }

    @Test
    void badFilesGiveOneLineAndExitOne() throws Exception {
        Path missing = tmp.resolve("missing.npy");
        assertBadInput(jar("show", missing.toString()), missing, "no such file");

        Path notNpy = tmp.resolve("notes.npy");
        Files.writeString(notNpy, "hello, this is not an array\n");
        assertBadInput(jar("info", notNpy.toString()), notNpy, "");
        assertBadInput(jar("show", notNpy.toString()), notNpy, "");

        Path empty = tmp.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertBadInput(jar("dump", "--json", empty.toString()), empty, "");

        byte[] good = Files.readAllBytes(Cli.CORPUS.resolve("matrix_3x4.npy"));
        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 10));
        assertBadInput(jar("show", cut.toString()), cut, "");
        Run check = jar("check", cut.toString(), Cli.corpus("matrix_3x4.npy"));
        assertEquals(1, check.code());
        String[] lines = check.out().split("\n");
        assertTrue(lines[0].startsWith(cut + ": ") && !lines[0].endsWith(": OK"), lines[0]);
        assertEquals(Cli.corpus("matrix_3x4.npy") + ": OK", lines[1]);

        Path headerOnly = tmp.resolve("header_only.npy");
        Files.write(headerOnly, java.util.Arrays.copyOf(good, 40));
        assertBadInput(jar("info", headerOnly.toString()), headerOnly, "");

        Path big = Cli.CORPUS.resolve("version2_many_fields.npy");
        Run limited = jar("info", big.toString());
        assertBadInput(limited, big, "--max-header-size");
        assertEquals(0, jar("info", "--max-header-size", "200000", big.toString()).code());

        Path pickle = Cli.CORPUS.resolve("object_pickle.npy");
        assertBadInput(jar("dump", "--json", pickle.toString()), pickle, "pickle");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path notNpy = tmp.resolve("notes.npy");
        Files.writeString(notNpy, "not an array");
        Run r = jar("--debug", "show", notNpy.toString());
        assertEquals(1, r.code());
        assertTrue(r.errLines().size() > 3 && r.err().contains("\tat org.npy4j."), r.err());
        assertTrue(r.errLines().get(0).contains(notNpy.toString()), r.err());
    }

    @Test
    void archiveMembersAreNamedAfterAColon() throws Exception {
        Path z = Cli.CORPUS.resolve("dataset.npz");
        Run none = jar("show", z.toString());
        assertBadInput(none, z, "features, labels, meta");
        assertBadInput(jar("show", z + ":nope"), z, "no member 'nope'");
        Run ok = jar("show", z + ":meta");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("['train' 'test' 'validation']", ok.out().strip());
        Path npy = Cli.CORPUS.resolve("bool.npy");
        assertBadInput(jar("show", npy + ":x"), npy, "not an .npz");
    }

    @Test
    void damagedArchiveFailsCheck() throws Exception {
        byte[] z = Files.readAllBytes(Cli.CORPUS.resolve("dataset.npz"));
        z[200] ^= 0x55; // inside the first stored member's array data
        Path bad = tmp.resolve("damaged.npz");
        Files.write(bad, z);
        Run r = jar("check", bad.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(bad + ": ") && r.out().contains("CRC"), r.out());

        Path notZip = tmp.resolve("fake.npz");
        Files.write(notZip, "PK but nothing else".getBytes(StandardCharsets.US_ASCII));
        Run f = jar("check", notZip.toString());
        assertEquals(1, f.code());
        assertFalse(f.out().contains("OK"), f.out());
    }

    @Test
    void jsonOutputParsesAndMatchesNumpy() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Run r = jar("dump", "--json", Cli.corpus("int_le_u8.npy"));
        assertEquals(0, r.code(), r.err());
        assertEquals("[0,18446744073709551615,0,1,6148914691236517205]", r.out().strip());
        Run s = jar("dump", "--json", Cli.corpus("struct_mixed_be.npy"));
        JsonNode rec = json.readTree(s.out()).get(0);
        assertTrue(rec.get("ok").asBoolean());
        assertEquals("hi", rec.get("s").asText());
        assertEquals(-1, rec.get("n").asInt());
        assertEquals(2.0, rec.get("z").get(0).asDouble());
        assertEquals(3.0, rec.get("z").get(1).asDouble());
        Run u = jar("dump", "--json", Cli.corpus("unicode_be_U3.npy"));
        assertEquals(List.of("abc", "\u4e2d\u6587", "\uD83D\uDE00"), json.readValue(u.out(), List.class),
                "UTF-8 on stdout whatever the locale");
        Run info = jar("info", "--json", Cli.corpus("fortran_3x4.npy"));
        JsonNode i = json.readTree(info.out());
        assertEquals("<f8", i.get("descr").asText());
        assertTrue(i.get("fortran_order").asBoolean());
        assertEquals("[3,4]", i.get("shape").toString());
    }
}
