package org.npy4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison's Java driver does the work it claims, on tiny files built by hand in NumPy's documented layout
 * (so nothing here comes from npy4j's own writer): loads give the right values, saves give exactly np.save's bytes.
 * No timing is asserted.
 */
class CompareDriverTest {
    @TempDir
    Path dir;

    /** The bytes {@code np.save(f, np.arange(1, n + 1, dtype=descr))} writes for 1-d float64/int32 (format 1.0). */
    private static byte[] npy(String descr, int n) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ",), }";
        int total = ((10 + dict.length() + 1 + 63) / 64) * 64;
        StringBuilder h = new StringBuilder(dict);
        while (10 + h.length() + 1 < total) {
            h.append(' ');
        }
        h.append('\n');
        int item = descr.endsWith("8") ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + n * item)
                .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) h.length());
        b.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= n; i++) {
            if (descr.endsWith("f8")) {
                b.putDouble(i);
            } else {
                b.putInt(i);
            }
        }
        return b.array();
    }

    private static double checksumOf(String answer) {
        String[] w = answer.split(" ");
        assertEquals("ok", w[0], answer);
        assertTrue(Double.parseDouble(w[1]) >= 0, answer);
        return Double.parseDouble(w[2]);
    }

    @Test
    void loadsGiveTheValuesInTheFile() throws IOException {
        Path f = Files.write(dir.resolve("a.npy"), npy("<f8", 10));
        Path be = Files.write(dir.resolve("b.npy"), npy(">f8", 10));
        Path i4 = Files.write(dir.resolve("c.npy"), npy("<i4", 7));
        CompareDriver d = new CompareDriver();
        assertEquals(55.0, checksumOf(d.execute("load " + f + " 3")));
        assertEquals(55.0, checksumOf(d.execute("load_java " + f + " 1")));
        assertEquals(55.0, checksumOf(d.execute("load_jb " + f + " 1")));
        assertEquals(55.0, checksumOf(d.execute("load " + be + " 1")));
        assertEquals(55.0, checksumOf(d.execute("load_java " + be + " 1")));
        assertEquals(28.0, checksumOf(d.execute("load " + i4 + " 1")));
        assertEquals(28.0, checksumOf(d.execute("load_jb " + i4 + " 1")));
    }

    @Test
    void savesWriteExactlyWhatNumpyWrites() throws IOException {
        byte[] expected = npy("<f8", 10);
        Path f = Files.write(dir.resolve("a.npy"), expected);
        CompareDriver d = new CompareDriver();
        assertEquals(55.0, checksumOf(d.execute("keep s " + f)));
        for (String op : new String[] {"save", "save_java"}) {
            Path out = dir.resolve(op + ".npy");
            checksumOf(d.execute(op + " s " + out + " 2"));
            assertArrayEquals(expected, Files.readAllBytes(out), op);
        }
        // JetBrains npy pads its header differently from np.save: only the values must survive
        Path jb = dir.resolve("jb.npy");
        checksumOf(d.execute("save_jb s " + jb + " 1"));
        assertEquals(55.0, checksumOf(d.execute("load " + jb + " 1")));
    }

    @Test
    void manySmallFilesRoundTrip() throws IOException {
        Path f = Files.write(dir.resolve("a.npy"), npy("<f8", 10));
        CompareDriver d = new CompareDriver();
        d.execute("keep s " + f);
        Path many = dir.resolve("many");
        checksumOf(d.execute("many_save s " + many + " 5"));
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(npy("<f8", 10), Files.readAllBytes(many.resolve(i + ".npy")));
        }
        assertEquals(55.0, checksumOf(d.execute("many_load " + many + " 5")));
        assertEquals(55.0, checksumOf(d.execute("many_load_jb " + many + " 5")));
    }

    @Test
    void memcpyAndBadCommands() {
        CompareDriver d = new CompareDriver();
        checksumOf(d.execute("memcpy 4096 2"));
        assertTrue(d.execute("nonsense").startsWith("err "));
        assertTrue(d.execute("save nosuchslot /tmp/x.npy 1").startsWith("err "));
        assertTrue(d.execute("load " + dir.resolve("missing.npy") + " 1").startsWith("err "));
    }

    @Test
    void checksumSamplesLikeThePythonSide() {
        // Python: [int(float(i) * n / m) for i in range(m)] with m = min(n, 1024)
        long[] idx = CompareDriver.sampleIndices(3000);
        assertEquals(1024, idx.length);
        assertEquals(0, idx[0]);
        assertEquals(2, idx[1]);
        assertEquals(5, idx[2]);
        assertEquals(2997, idx[1023]);
        assertArrayEquals(new long[] {0, 1, 2}, CompareDriver.sampleIndices(3));
    }

    @Test
    void commandLoopAnswersOneLinePerCommand() throws Exception {
        Path f = Files.write(dir.resolve("a.npy"), npy("<f8", 4));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CompareDriver.class.getName());
        Process p = pb.start();
        p.getOutputStream().write(("load " + f + " 1\n\ngc\nquit\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("ready "));
        assertEquals(10.0, checksumOf(lines[1]));
        assertEquals("ok 0 0", lines[2]);
    }
}
