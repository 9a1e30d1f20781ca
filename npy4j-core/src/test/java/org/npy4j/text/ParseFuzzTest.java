package org.npy4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyText;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.ScalarDType;
import org.npy4j.testing.Python;

/**
 * Random number-like tokens ({@code "+.5e-3"}, {@code "1e"}, {@code "-inFinity"}, {@code "(1+2j)"}, {@code "0-0"},
 * ...) fed to NumPy's {@code loadtxt} and to ours for float64, int64, uint8, bool and complex128: the same tokens must be
 * accepted, with the same bits, and the same rejected.
 */
class ParseFuzzTest {
    @TempDir
    Path dir;

    private static final String[] PIECES = {"0", "1", "5", "9", "00", "12", "+", "-", ".", "e", "E", "e+", "e-", "j", "J",
        "(", ")", "inf", "nan", "Inf", "NaN", "infinity", "iNfInItY", "x", "_", "d", "0x", "1e308", "1e-330", "255", "256",
        "18446744073709551616", "9223372036854775807", "000000000000000000000001"};

    private static String token(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(1, 6);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void tokensAreAcceptedAndValuedAsNumpyDoes() throws IOException {
        Python.requireNumpy();
        String[] dtypes = {"<f8", "<i8", "|u1", "|b1", "<c16"};
        SplittableRandom r = new SplittableRandom(2024);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String t = token(r);
            if (!t.startsWith("#")) {
                tokens.add(t);
            }
        }
        Path in = dir.resolve("tokens.txt");
        Files.write(in, tokens, StandardCharsets.UTF_8);
        String out = Python.run("import numpy as np, sys, struct, warnings\nwarnings.simplefilter('ignore')\n"
                + "toks = open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]\n"
                + "res = []\n"
                + "for dt in sys.argv[2].split(','):\n"
                + "    for t in toks:\n"
                + "        try:\n"
                + "            v = np.loadtxt([t], dtype=dt)\n"
                + "            if v.dtype.kind == 'f': res.append(struct.pack('<d', float(v)).hex())\n"
                + "            elif v.dtype.kind == 'c': res.append(struct.pack('<dd', v.real, v.imag).hex())\n"
                + "            else: res.append(str(int(v)))\n"
                + "        except Exception:\n"
                + "            res.append('ERR')\n"
                + "sys.stdout.write('\\n'.join(res))\n", Python.arg(in), String.join(",", dtypes));
        String[] expected = out.split("\n");
        int k = 0;
        int mismatches = 0;
        int accepted = 0;
        for (String ds : dtypes) {
            ScalarDType t = DType.parse(ds);
            LoadTxtOptions o = LoadTxtOptions.builder().dtype(t).build();
            for (String tok : tokens) {
                String got;
                try {
                    NdArray a = NpyText.loadtxt(new StringReader(tok), o, "token");
                    got = describe(a, t);
                    accepted++;
                } catch (NpyFormatException e) {
                    got = "ERR";
                }
                if (!got.equals(expected[k])) {
                    mismatches++;
                    if (mismatches < 15) {
                        System.err.println(ds + " '" + tok + "': ours " + got + ", NumPy " + expected[k]);
                    }
                }
                k++;
            }
        }
        assertEquals(expected.length, k);
        assertEquals(0, mismatches, "tokens parsed differently from NumPy (first ones on stderr)");
        System.out.println("accepted " + accepted + " of " + k);
    }

    private static String describe(NdArray a, ScalarDType t) {
        byte[] b = new byte[t.itemSize()];
        a.storage().getBytes(a.offset(), b, 0, b.length);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        switch (t.kind()) {
            case FLOAT:
                return hex(bb.getLong(0));
            case COMPLEX:
                return hex(bb.getLong(0)) + hex(bb.getLong(8));
            case UINT:
                return Long.toString(b[0] & 0xFF);
            case BOOL:
                return Integer.toString(b[0]);
            default:
                return Long.toString(bb.getLong(0));
        }
    }

    private static String hex(long bits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", (bits >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }
}
