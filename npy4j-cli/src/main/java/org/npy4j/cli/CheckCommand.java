package org.npy4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.ReadLimits;
import org.npy4j.header.NpyHeader;
import org.npy4j.npz.NpzEntry;
import org.npy4j.npz.NpzFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code npy check FILE...}: validates everything and prints {@code FILE: OK} or {@code FILE: problem}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Validate files; prints FILE: OK or FILE: <problem>.",
        description = "Validate .npy / .npz files: magic, header, data size, zip structure, CRCs, member headers."
                + " Prints 'FILE: OK' or 'FILE: <problem>' per file; exits 1 if any file is bad.",
        footer = {"", "Example:", "  npy check *.npy *.npz"})
final class CheckCommand implements Callable<Integer> {
    /** Arrays up to this size are also loaded in full, so that every check the library makes runs on them. */
    private static final long LOAD_LIMIT = 256L << 20;

    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".npy or .npz files")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = main.spec.commandLine().getOut();
        int bad = 0;
        for (Path f : files) {
            String problem;
            try {
                problem = check(f, main.limits());
            } catch (IOException | RuntimeException e) {
                if (main.debug) {
                    e.printStackTrace(main.spec.commandLine().getErr());
                }
                problem = Main.message(e);
                if (problem.startsWith(f + ": ")) {
                    problem = problem.substring(f.toString().length() + 2);
                } else if (problem.startsWith("npy: ")) {
                    problem = problem.substring(5);
                }
            }
            if (problem == null) {
                out.println(f + ": OK");
            } else {
                out.println(f + ": " + problem);
                bad++;
            }
            out.flush();
        }
        return bad == 0 ? 0 : Main.BAD_INPUT;
    }

    /** Returns null if the file is good, else the problem. */
    static String check(Path f, ReadLimits limits) throws IOException {
        if (!Files.exists(f)) {
            return "no such file";
        }
        if (Inputs.isZip(f)) {
            String crc = checkZip(f);
            if (crc != null) {
                return crc;
            }
            try (NpzFile z = Npz.open(f, limits)) {
                for (NpzEntry e : z.entries()) {
                    if (!e.name().endsWith(".npy")) {
                        continue; // NumPy keeps such members as plain bytes; their CRC was checked above
                    }
                    String name = e.name().substring(0, e.name().length() - 4);
                    NpyHeader h = z.header(name);
                    long need = h.dataOffset() + h.dataBytes();
                    if (e.size() < need) {
                        return "member " + name + ": truncated: the header declares " + h.dataBytes()
                                + " data bytes but the member holds " + Math.max(0, e.size() - h.dataOffset());
                    }
                    if (e.size() <= LOAD_LIMIT) {
                        z.get(name);
                    }
                }
            }
            return null;
        }
        NpyHeader h = Npy.readHeader(f, limits);
        long size = Files.size(f);
        long need = h.dataOffset() + h.dataBytes();
        if (size < need) {
            return "truncated: the header declares " + h.dataBytes() + " data bytes but the file holds "
                    + Math.max(0, size - h.dataOffset());
        }
        if (size <= LOAD_LIMIT) {
            Npy.load(f, limits);
        }
        return null;
    }

    /** Reads every entry through the central directory and compares its CRC-32 and size with the directory's. */
    private static String checkZip(Path f) throws IOException {
        try (ZipFile zf = new ZipFile(f.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            byte[] buf = new byte[1 << 16];
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                CRC32 crc = new CRC32();
                long n = 0;
                try (InputStream in = zf.getInputStream(e)) {
                    int r;
                    while ((r = in.read(buf)) > 0) {
                        crc.update(buf, 0, r);
                        n += r;
                    }
                } catch (java.util.zip.ZipException ze) {
                    return "member " + e.getName() + ": " + ze.getMessage();
                }
                if (e.getSize() >= 0 && n != e.getSize()) {
                    return "member " + e.getName() + ": " + n + " bytes where the zip directory says " + e.getSize();
                }
                if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
                    return "member " + e.getName() + ": CRC-32 mismatch (data damaged)";
                }
            }
        } catch (java.util.zip.ZipException e) {
            return "not a valid zip archive: " + e.getMessage();
        }
        return null;
    }

}
