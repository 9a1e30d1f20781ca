package org.npy4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.header.NpyHeader;
import org.npy4j.npz.NpzEntry;
import org.npy4j.npz.NpzFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code npy info FILE...}: headers only, so it is instant on a 100 GB file. */
@Command(name = "info", mixinStandardHelpOptions = true,
        header = "Show dtype, shape, order, version and sizes (headers only).",
        description = "Show dtype (NumPy's notation and in words), shape, order, format version and data size of .npy"
                + " files and of every .npz member, with compressed size and method. Reads headers only, so it is"
                + " instant on any file size.",
        footer = {"", "Example:", "  npy info features.npy dataset.npz", "  npy info --json dataset.npz"})
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".npy or .npz files")
    List<Path> files;

    @Option(names = "--json", description = "Print one JSON object per file (a list when several files are given).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = main.spec.commandLine().getOut();
        StringBuilder sb = new StringBuilder();
        Json j = new Json(sb);
        if (json && files.size() > 1) {
            j.beginArray();
        }
        for (Path f : files) {
            if (!Files.exists(f)) {
                throw new NoSuchFileException(f.toString());
            }
            if (Inputs.isZip(f)) {
                try (NpzFile z = Npz.open(f, main.limits())) {
                    List<NpzEntry> entries = z.entries();
                    if (json) {
                        j.beginObject().name("file").value(f.toString()).name("format").value("npz").name("members")
                                .beginArray();
                    } else {
                        out.println(f + ": .npz archive, " + entries.size() + " member" + (entries.size() == 1 ? "" : "s"));
                    }
                    for (NpzEntry e : entries) {
                        String name = e.name().endsWith(".npy") ? e.name().substring(0, e.name().length() - 4) : e.name();
                        String method = e.method() == 0 ? "stored" : e.method() == 8 ? "deflated" : "method " + e.method();
                        if (!e.name().endsWith(".npy")) {
                            // NumPy lists such members too and returns their bytes; they have no array header
                            if (json) {
                                j.beginObject().name("name").value(e.name()).name("array").value(false)
                                        .name("size").value(e.size()).name("compressed_size").value(e.compressedSize())
                                        .name("method").value(method).endObject();
                            } else {
                                out.println("  " + e.name() + ": not an array (" + e.size() + " bytes, " + method + ")");
                            }
                            continue;
                        }
                        NpyHeader h = z.header(name);
                        if (json) {
                            j.beginObject().name("name").value(name);
                            header(j, h);
                            j.name("size").value(e.size()).name("compressed_size").value(e.compressedSize())
                                    .name("method").value(method).endObject();
                        } else {
                            out.println("  " + name + ": " + describe(h) + "; " + method + ", " + e.compressedSize()
                                    + " of " + e.size() + " bytes in the archive");
                        }
                    }
                    if (json) {
                        j.endArray().endObject();
                    }
                }
            } else {
                NpyHeader h = Npy.readHeader(f, main.limits());
                if (json) {
                    j.beginObject().name("file").value(f.toString()).name("format").value("npy");
                    header(j, h);
                    j.name("file_size").value(Files.size(f)).endObject();
                } else {
                    out.println(f + ": " + describe(h));
                }
            }
        }
        if (json) {
            if (files.size() > 1) {
                j.endArray();
            }
            out.println(sb);
        }
        out.flush();
        return 0;
    }

    /** One line: {@code float64 ('<f8'), shape (3, 4), C order, format 1.0, 96 data bytes}. */
    static String describe(NpyHeader h) {
        return h.dtype().name() + " (" + descrText(h) + "), shape " + ArrayPrinter.tuple(h.shape()) + ", "
                + (h.fortranOrder() ? "Fortran" : "C") + " order, format " + h.majorVersion() + ".0, " + h.dataBytes()
                + " data bytes";
    }

    /** NumPy's notation: the type string without quotes for plain dtypes, the descr list for records. */
    static String descrText(NpyHeader h) {
        String d = h.descr();
        if (d.length() >= 2 && d.charAt(0) == '\'' && d.charAt(d.length() - 1) == '\'') {
            return d.substring(1, d.length() - 1);
        }
        return d;
    }

    private static void header(Json j, NpyHeader h) {
        j.name("descr").value(descrText(h)).name("dtype").value(h.dtype().name()).name("shape").beginArray();
        for (long d : h.shape()) {
            j.value(d);
        }
        j.endArray().name("fortran_order").value(h.fortranOrder()).name("version").value(h.majorVersion() + ".0")
                .name("data_offset").value(h.dataOffset()).name("data_bytes").value(h.dataBytes());
    }
}
