package org.npy4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code npy dump FILE[:MEMBER] --json}: the values as JSON shaped like {@code a.tolist()}. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        header = "Write the values as JSON shaped like a.tolist().",
        description = "Write the values as JSON shaped like NumPy's a.tolist(): nested lists, records as objects,"
                + " floats in shortest round-trip form, \"nan\"/\"inf\"/\"-inf\" and \"NaT\" as strings.",
        footer = {"", "Example:", "  npy dump labels.npy --json", "  npy dump dataset.npz:meta --json"})
final class DumpCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE[:MEMBER]", description = "a .npy file, or an .npz archive and member name")
    String target;

    @Option(names = "--json", required = true, description = "JSON output (the only format so far; required).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = main.spec.commandLine().getOut();
        try (Inputs.Opened o = Inputs.open(target, main.limits(), true)) {
            JsonDump.write(o.array, new Json(out));
            out.println();
            out.flush();
        }
        return 0;
    }
}
