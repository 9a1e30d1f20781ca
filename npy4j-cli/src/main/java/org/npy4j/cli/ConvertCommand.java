package org.npy4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.npy4j.Npy;
import org.npy4j.NpyText;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.npz.NpzEntry;
import org.npy4j.npz.NpzFile;
import org.npy4j.npz.NpzWriter;
import org.npy4j.text.LoadTxtOptions;
import org.npy4j.text.SaveTxtOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code npy convert IN OUT}: between .npy, .npz and text, chosen by extension. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        header = "Convert between .npy, .npz and .csv/.txt.",
        description = "Convert between .npy, .npz and .csv/.txt (np.savetxt / np.loadtxt), chosen by file extension."
                + " .npy -> .npy and stored .npz -> .npz re-write NumPy's files byte for byte. A .npy input and stored"
                + " .npz members are memory-mapped and streamed, so files larger than RAM convert.",
        footer = {"", "Examples:", "  npy convert features.npy features.csv", "  npy convert dataset.npz small.npz --compress",
            "  npy convert dataset.npz:labels labels.npy", "  npy convert table.csv table.npy --skiprows 1"})
final class ConvertCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "IN", description = "input: .npy, .npz, .npz:MEMBER, .csv or .txt")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "output: .npy, .npz, .csv or .txt")
    Path out;

    @Option(names = "--compress", negatable = true,
            description = "Deflate .npz members (savez_compressed). Default: as the input archive, else stored.")
    Boolean compress;

    @Option(names = "--member", paramLabel = "NAME",
            description = "Member name: the member to read from an .npz input, or the name in an .npz output"
                    + " (default: the input file's name).")
    String member;

    @Option(names = "--delimiter", paramLabel = "D",
            description = "Text column separator (default ',' for .csv, whitespace/one space for .txt).")
    String delimiter;

    @Option(names = "--fmt", paramLabel = "FMT", description = "np.savetxt's fmt for text output (default %%.18e).")
    String fmt;

    @Option(names = "--skiprows", paramLabel = "N", description = "np.loadtxt's skiprows for text input.")
    Integer skiprows;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "np.loadtxt's dtype for text input (default float64).")
    String dtype;

    private enum Format {
        NPY, NPZ, TEXT
    }

    private static Format formatOf(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) {
            return Format.NPY;
        }
        if (n.endsWith(".npz")) {
            return Format.NPZ;
        }
        if (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".csv.gz") || n.endsWith(".txt.gz")) {
            return Format.TEXT;
        }
        throw new Main.UsageProblem("cannot tell the format of '" + p + "' from its extension (.npy, .npz, .csv, .txt)");
    }

    @Override
    public Integer call() throws Exception {
        Inputs.Target t = Inputs.parse(in);
        if (!Files.exists(t.file())) {
            throw new NoSuchFileException(t.file().toString());
        }
        if (member != null && t.member() == null && Inputs.isZip(t.file())) {
            t = new Inputs.Target(t.file(), member);
        }
        Format from = Inputs.isZip(t.file()) ? Format.NPZ : formatOf(t.file());
        Format to = formatOf(out);
        // options that cannot apply are refused rather than silently ignored
        if ((dtype != null || skiprows != null) && from != Format.TEXT) {
            throw new Main.UsageProblem("--dtype and --skiprows apply to text input (.csv, .txt) only");
        }
        if (fmt != null && to != Format.TEXT) {
            throw new Main.UsageProblem("--fmt applies to text output (.csv, .txt) only");
        }
        if (delimiter != null && from != Format.TEXT && to != Format.TEXT) {
            throw new Main.UsageProblem("--delimiter applies to text input or output only");
        }
        if (compress != null && to != Format.NPZ) {
            throw new Main.UsageProblem("--compress applies to .npz output only");
        }
        if (from == Format.NPZ && to == Format.NPZ && t.member() == null) {
            npzToNpz(t.file());
        } else {
            NdArray a;
            Inputs.Opened opened = null;
            if (from == Format.TEXT) {
                a = NpyText.loadtxt(t.file(), loadOptions());
            } else {
                opened = Inputs.open(t.display(), main.limits(), true);
                a = opened.array;
            }
            try {
                write(a, to, t);
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
        }
        PrintWriter o = main.spec.commandLine().getOut();
        o.flush();
        return 0;
    }

    private void write(NdArray a, Format to, Inputs.Target t) throws IOException {
        switch (to) {
            case NPY:
                Npy.save(out, a);
                break;
            case NPZ: {
                String name = member != null ? member : t.member() != null ? t.member() : stem(t.file());
                try (NpzWriter w = Npz.writer(out).compressed(Boolean.TRUE.equals(compress)).open()) {
                    w.add(name, a);
                }
                break;
            }
            default:
                NpyText.savetxt(out, a, saveOptions());
                break;
        }
    }

    /** Every array member, in archive order; stored stays stored and deflated stays deflated unless told otherwise. */
    private void npzToNpz(Path file) throws IOException {
        try (NpzFile z = Npz.open(file, main.limits())) {
            boolean deflate = compress != null ? compress
                    : z.entries().stream().anyMatch(e -> e.method() == 8);
            try (NpzWriter w = Npz.writer(out).compressed(deflate).open()) {
                for (NpzEntry e : z.entries()) {
                    if (!e.name().endsWith(".npy")) {
                        main.spec.commandLine().getErr().println("npy: " + file + ": skipping " + e.name()
                                + " (not an array)");
                        continue;
                    }
                    String name = e.name().substring(0, e.name().length() - 4);
                    // stored members are mapped and streamed, so archives larger than the heap convert
                    w.add(name, e.method() == 0 ? z.map(name) : z.get(name));
                }
            }
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private String textDelimiter() {
        if (delimiter != null) {
            return delimiter;
        }
        return out.getFileName().toString().toLowerCase(Locale.ROOT).contains(".csv") ? "," : null;
    }

    private SaveTxtOptions saveOptions() {
        try {
            SaveTxtOptions.Builder b = SaveTxtOptions.builder();
            if (fmt != null) {
                b.fmt(fmt);
            }
            String d = textDelimiter();
            if (d != null) {
                b.delimiter(d);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageProblem(e.getMessage());
        }
    }

    private LoadTxtOptions loadOptions() {
        try {
            LoadTxtOptions.Builder b = LoadTxtOptions.builder();
            String d = delimiter != null ? delimiter : in.toLowerCase(Locale.ROOT).contains(".csv") ? "," : null;
            if (d != null) {
                b.delimiter(d);
            }
            if (skiprows != null) {
                b.skiprows(skiprows);
            }
            if (dtype != null) {
                b.dtype(DType.parse(dtype));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageProblem(e.getMessage());
        }
    }
}
