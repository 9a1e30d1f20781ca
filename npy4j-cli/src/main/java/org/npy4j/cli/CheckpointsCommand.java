package org.npy4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.npy4j.checkpoint.CheckpointListing;
import org.npy4j.checkpoint.CheckpointOptions;
import org.npy4j.checkpoint.CheckpointStore;
import org.npy4j.checkpoint.Retention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code npy checkpoints DIR}: lists a checkpoint folder (steps, sizes, members, metrics, times) and marks the one
 * {@code latest()} would load. Without {@code --prune} it only reads: nothing is deleted or cleaned.
 */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        header = "List a checkpoint folder; --prune applies a retention policy.",
        description = "List the checkpoints in DIR (checkpoint_epoch_{step}.npz, as CheckpointStore and the common NumPy"
                + " recipe write them): step, size, members, metrics and time, '*' on the one latest() would load,"
                + " damaged files and leftovers of crashed saves. Only reads, unless --prune is given.",
        footer = {"", "Examples:", "  npy checkpoints runs/exp1", "  npy checkpoints runs/exp1 --json",
            "  npy checkpoints runs/exp1 --prune --keep-last 3 --keep-best 1 --metric loss --mode min"})
final class CheckpointsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "DIR", description = "the checkpoint folder")
    Path dir;

    @Option(names = "--prefix", description = "file name prefix (default: ${DEFAULT-VALUE})")
    String prefix = "checkpoint_epoch_";

    @Option(names = "--json", description = "print the listing as JSON")
    boolean json;

    @Option(names = "--prune", description = "delete the checkpoints the policy does not keep (never the newest or the best)")
    boolean prune;

    @Option(names = "--keep-last", paramLabel = "N", description = "with --prune: keep the newest N")
    Integer keepLast;

    @Option(names = "--keep-best", paramLabel = "K", description = "with --prune: keep the best K by --metric")
    Integer keepBest;

    @Option(names = "--metric", paramLabel = "NAME", description = "the metric --keep-best ranks by")
    String metric;

    @Option(names = "--mode", paramLabel = "min|max", description = "whether a smaller (min) or larger (max) metric is better")
    String mode = "min";

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString());
        }
        CheckpointOptions options = CheckpointOptions.builder().prefix(prefix).build();
        PrintWriter out = main.spec.commandLine().getOut();
        if (prune) {
            Retention policy = policy();
            try (CheckpointStore store = CheckpointStore.open(dir, options)) {
                for (Path p : store.leftovers()) {
                    out.println("removed leftover " + p);
                }
                for (Path p : store.prune(policy)) {
                    out.println("deleted " + p);
                }
            }
            out.flush();
            return 0;
        }
        if (keepLast != null || keepBest != null || metric != null) {
            throw new Main.UsageProblem("--keep-last, --keep-best and --metric only apply with --prune");
        }
        CheckpointListing listing;
        try (CheckpointStore store = CheckpointStore.openReadOnly(dir, options)) {
            listing = store.listing();
        }
        if (json) {
            printJson(listing, out);
        } else {
            printText(listing, out);
        }
        out.flush();
        return 0;
    }

    private Retention policy() {
        if (keepLast == null && keepBest == null) {
            throw new Main.UsageProblem("--prune needs --keep-last N and/or --keep-best K --metric NAME");
        }
        Retention.Builder b = Retention.builder();
        if (keepLast != null) {
            b.keepLast(keepLast);
        }
        if (keepBest != null) {
            if (metric == null) {
                throw new Main.UsageProblem("--keep-best needs --metric NAME");
            }
            Retention.Mode m;
            switch (mode) {
                case "min":
                    m = Retention.Mode.MIN;
                    break;
                case "max":
                    m = Retention.Mode.MAX;
                    break;
                default:
                    throw new Main.UsageProblem("--mode is min or max, not '" + mode + "'");
            }
            b.keepBest(keepBest, metric, m);
        }
        return b.build();
    }

    private static void printText(CheckpointListing l, PrintWriter out) {
        if (l.steps().isEmpty()) {
            out.println("no checkpoints");
        }
        for (CheckpointListing.StepInfo s : l.steps()) {
            boolean latest = l.latest().isPresent() && l.latest().getAsLong() == s.step();
            StringBuilder sb = new StringBuilder();
            sb.append(latest ? "* " : "  ").append("step ").append(s.step()).append("  ").append(s.file().getFileName())
                    .append("  ").append(s.size()).append(" bytes  ").append(s.modified()).append("  members ")
                    .append(String.join(", ", s.members()));
            if (!s.metrics().isEmpty()) {
                sb.append("  metrics ");
                boolean first = true;
                for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                    sb.append(first ? "" : ", ").append(m.getKey()).append('=')
                            .append(FloatRepr.pythonRepr(m.getValue(), FloatRepr.Width.DOUBLE));
                    first = false;
                }
            }
            out.println(sb);
        }
        for (CheckpointListing.Skipped s : l.skipped()) {
            out.println("  skipped " + s.file().getFileName() + ": " + s.problem());
        }
        for (Path p : l.leftovers()) {
            out.println("  leftover " + p.getFileName() + " (a crashed save; removed when a store opens the folder)");
        }
    }

    private static void printJson(CheckpointListing l, PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        Json j = new Json(sb);
        j.beginObject().name("steps").beginArray();
        for (CheckpointListing.StepInfo s : l.steps()) {
            j.beginObject().name("step").value(s.step()).name("file").value(s.file().toString()).name("size")
                    .value(s.size()).name("time").value(s.modified().toString()).name("members").beginArray();
            for (String m : s.members()) {
                j.value(m);
            }
            j.endArray().name("metrics").beginObject();
            for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                j.name(m.getKey());
                double d = m.getValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    j.value(FloatRepr.pythonRepr(d, FloatRepr.Width.DOUBLE));
                } else {
                    j.number(FloatRepr.pythonRepr(d, FloatRepr.Width.DOUBLE));
                }
            }
            j.endObject().endObject();
        }
        j.endArray().name("latest");
        if (l.latest().isPresent()) {
            j.value(l.latest().getAsLong());
        } else {
            j.nullValue();
        }
        j.name("skipped").beginArray();
        for (CheckpointListing.Skipped s : l.skipped()) {
            j.beginObject().name("file").value(s.file().toString()).name("problem").value(s.problem()).endObject();
        }
        j.endArray().name("leftovers").beginArray();
        for (Path p : l.leftovers()) {
            j.value(p.toString());
        }
        j.endArray().endObject();
        out.println(sb);
    }
}
