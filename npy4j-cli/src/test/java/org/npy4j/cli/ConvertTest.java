package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npy convert} in-process: byte-identical rewrites of NumPy's files, text output equal to np.savetxt's. */
class ConvertTest {
    @TempDir
    Path tmp;

    private static Cli.Result convert(String... args) {
        List<String> a = new ArrayList<>(List.of("--max-header-size=200000", "convert"));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(new String[0]));
    }

    @Test
    void npyToNpyRewritesEveryCorpusFileByteForByte() throws Exception {
        int n = 0;
        try (var files = Files.list(Cli.CORPUS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                if (f.getFileName().toString().equals("object_pickle.npy")) {
                    continue;
                }
                Path out = tmp.resolve(f.getFileName());
                Cli.Result r = convert(f.toString(), out.toString());
                assertEquals(0, r.code(), f + ": " + r.err());
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out), f.getFileName().toString());
                n++;
            }
        }
        assertTrue(n > 50, n + " files");
    }

    @Test
    void npzToNpzRewritesNumpyArchivesByteForByte() throws Exception {
        for (String name : List.of("dataset.npz", "dataset_compressed.npz", "positional.npz", "mixed.npz",
                "sparse_compressed.npz", "struct_compressed.npz", "empty.npz")) {
            Path out = tmp.resolve(name);
            Cli.Result r = convert(Cli.corpus(name), out.toString());
            assertEquals(0, r.code(), name + ": " + r.err());
            assertArrayEquals(Files.readAllBytes(Cli.CORPUS.resolve(name)), Files.readAllBytes(out), name);
        }
    }

    @Test
    void memberToNpyIsTheMemberNumpyStored() throws Exception {
        Path out = tmp.resolve("labels.npy");
        Cli.Result r = convert(Cli.corpus("dataset.npz") + ":labels", out.toString());
        assertEquals(0, r.code(), r.err());
        try (ZipFile z = new ZipFile(Cli.CORPUS.resolve("dataset.npz").toFile())) {
            byte[] member = z.getInputStream(z.getEntry("labels.npy")).readAllBytes();
            assertArrayEquals(member, Files.readAllBytes(out));
        }
        Path viaOption = tmp.resolve("meta.npy");
        assertEquals(0, convert(Cli.corpus("dataset.npz"), viaOption.toString(), "--member", "meta").code());
        assertEquals(List.of("train", "test", "validation").toString(),
                Py.run("import numpy as np, sys\nprint(np.load(sys.argv[1]).tolist())", viaOption.toString())
                        .strip().replace("'", ""));
    }

    @Test
    void npyToNpzNamesTheMemberAndCompressesOnRequest() {
        Path out = tmp.resolve("one.npz");
        Cli.Result r = convert(Cli.corpus("matrix_3x4.npy"), out.toString(), "--member", "m", "--compress");
        assertEquals(0, r.code(), r.err());
        String py = Py.run("import numpy as np, sys, zipfile\nz = np.load(sys.argv[1])\n"
                + "print(z.files, [i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist()],"
                + " np.array_equal(z['m'], np.load(sys.argv[2])))", out.toString(), Cli.corpus("matrix_3x4.npy"));
        assertEquals("['m'] [8] True", py.strip());
    }

    @Test
    void textOutputIsWhatSavetxtWrites() throws Exception {
        Path csv = tmp.resolve("f.csv");
        Path txt = tmp.resolve("f.txt");
        Path fmt = tmp.resolve("g.txt");
        assertEquals(0, convert(Cli.corpus("features_100x10.npy"), csv.toString()).code());
        assertEquals(1, convert(Cli.corpus("cube_2x3x4_i2.npy"), tmp.resolve("bad.txt").toString()).code(),
                "np.savetxt refuses 3-D arrays, so must convert");
        assertEquals(0, convert(Cli.corpus("matrix_3x4.npy"), txt.toString()).code());
        Cli.Result r = convert(Cli.corpus("matrix_3x4.npy"), fmt.toString(), "--fmt", "%.3f", "--delimiter", ";");
        assertEquals(0, r.code(), r.err());
        Py.run("import numpy as np, sys\nd = sys.argv[1]; c = sys.argv[2]\n"
                + "np.savetxt(d + '/n.csv', np.load(c + '/features_100x10.npy'), delimiter=',')\n"
                + "np.savetxt(d + '/n.txt', np.load(c + '/matrix_3x4.npy'))\n"
                + "np.savetxt(d + '/ng.txt', np.load(c + '/matrix_3x4.npy'), fmt='%.3f', delimiter=';')\n",
                tmp.toString(), Cli.CORPUS.toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("n.csv")), Files.readAllBytes(csv));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("n.txt")), Files.readAllBytes(txt));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("ng.txt")), Files.readAllBytes(fmt));
    }

    @Test
    void textInputIsWhatLoadtxtReads() throws Exception {
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "id,count\n1,10\n2,-20\n3,30\n");
        Path out = tmp.resolve("t.npy");
        Cli.Result r = convert(csv.toString(), out.toString(), "--skiprows", "1", "--dtype", "int32");
        assertEquals(0, r.code(), r.err());
        Py.run("import numpy as np, sys\nnp.save(sys.argv[2], np.loadtxt(sys.argv[1], delimiter=',', skiprows=1,"
                + " dtype='int32'))", csv.toString(), tmp.resolve("n.npy").toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("n.npy")), Files.readAllBytes(out));

        Path txt = tmp.resolve("w.txt");
        Files.writeString(txt, "# comment\n1.5 2.25\n-3 4e-3\n");
        Path out2 = tmp.resolve("w.npy");
        assertEquals(0, convert(txt.toString(), out2.toString()).code());
        Py.run("import numpy as np, sys\nnp.save(sys.argv[2], np.loadtxt(sys.argv[1]))", txt.toString(),
                tmp.resolve("nw.npy").toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("nw.npy")), Files.readAllBytes(out2));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, convert(Cli.corpus("bool.npy"), tmp.resolve("x.parquet").toString()).code());
        Path csv = tmp.resolve("a.csv");
        assertEquals(2, convert(Cli.corpus("bool.npy"), tmp.resolve("x.npy").toString(), "--dtype", "int8").code(),
                "--dtype on binary input");
        assertEquals(2, convert(Cli.corpus("bool.npy"), csv.toString(), "--compress").code());
        Cli.Result bad = convert(Cli.corpus("bool.npy"), csv.toString(), "--fmt", "%q");
        assertEquals(1, bad.code(), "np.savetxt checks fmt when writing: " + bad.err());
        assertTrue(bad.err().contains("%q") && bad.err().strip().lines().count() == 1, bad.err());
        assertEquals(1, convert(tmp.resolve("missing.npy").toString(), csv.toString()).code());
    }
}
