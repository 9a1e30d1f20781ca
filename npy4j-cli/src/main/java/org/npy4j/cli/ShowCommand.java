package org.npy4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code npy show FILE[:MEMBER]}: the values as {@code print(a)} shows them. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Print an array as NumPy's print(a) / repr(a) does.",
        description = "Print an array the way NumPy's print(a) does (repr(a) with --repr), summarised with '...'"
                + " beyond 1000 elements. A .npy (and a stored .npz member) is memory-mapped, so only what is printed"
                + " is read.",
        footer = {"", "Example:", "  npy show matrix.npy", "  npy show dataset.npz:labels --full"})
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE[:MEMBER]", description = "a .npy file, or an .npz archive and member name")
    String target;

    @Option(names = "--full", description = "Print every element (no '...' summary).")
    boolean full;

    @Option(names = "--precision", paramLabel = "N", defaultValue = "8",
            description = "Digits after the decimal point at most (default ${DEFAULT-VALUE}).")
    int precision;

    @Option(names = "--repr", description = "Print as repr(a): array([...], dtype=...).")
    boolean repr;

    @Override
    public Integer call() throws Exception {
        if (precision < 0) {
            throw new Main.UsageProblem("--precision must not be negative");
        }
        PrintWriter out = main.spec.commandLine().getOut();
        try (Inputs.Opened o = Inputs.open(target, main.limits(), true)) {
            ArrayPrinter p = new ArrayPrinter(precision, full);
            out.println(repr ? p.repr(o.array) : p.str(o.array));
        }
        out.flush();
        return 0;
    }
}
