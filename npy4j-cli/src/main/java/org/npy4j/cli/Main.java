package org.npy4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.npy4j.NpyException;
import org.npy4j.ReadLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code npy} command: look into, check and convert NumPy {@code .npy} / {@code .npz} files.
 *
 * <pre>{@code
 * npy info data.npz            # dtype, shape, order, sizes of every member, headers only
 * npy show a.npy               # the values, printed as NumPy prints them
 * npy dump a.npy --json        # the values as JSON, shaped like a.tolist()
 * }</pre>
 *
 * Exit codes: 0 success, 1 bad input (one line on stderr naming the file and the problem), 2 usage error.
 */
@Command(name = "npy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Look into, check and convert NumPy .npy / .npz files.",
        subcommands = {InfoCommand.class, ShowCommand.class, DumpCommand.class, ConvertCommand.class, CheckCommand.class,
            CheckpointsCommand.class,
            TourCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 bad input, 2 usage error."})
public final class Main implements Callable<Integer> {
    /** Exit code for bad input: the file is damaged, refused or missing. */
    static final int BAD_INPUT = 1;

    @Option(names = "--max-header-size", paramLabel = "N", scope = CommandLine.ScopeType.INHERIT,
            description = "Largest .npy header accepted, in characters (NumPy's max_header_size; default 10000);"
                    + " raises the record field-count limit along with it.")
    int maxHeaderSize = 10_000;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the Java stack trace of an error.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits with its code; used by {@code java -jar npy.jar}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // UTF-8 whatever the platform default (Java 17 on a POSIX locale would print '?' for NumPy unicode data)
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }

    /**
     * Runs the tool with the given output streams (for tests and embedding).
     *
     * @param args the command line
     * @param out where results go
     * @param err where the one-line error messages go
     * @return the exit code: 0 success, 1 bad input, 2 usage error
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println(message(ex));
            if (main.debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageProblem ? cmd.getCommandSpec().exitCodeOnInvalidInput() : BAD_INPUT;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line naming the file and the problem; the core's exceptions already carry the source in their message. */
    static String message(Throwable ex) {
        if (ex instanceof NpyException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException) {
            return ((NoSuchFileException) ex).getFile() + ": no such file";
        }
        if (ex instanceof AccessDeniedException) {
            return ((AccessDeniedException) ex).getFile() + ": permission denied";
        }
        if (ex instanceof java.nio.file.FileAlreadyExistsException) {
            return ((java.nio.file.FileAlreadyExistsException) ex).getFile() + ": already exists";
        }
        if (ex instanceof UnsupportedOperationException && "TODO".equals(ex.getMessage())) {
            return "npy: this operation is not implemented in this build of npy4j yet";
        }
        if (ex instanceof UsageProblem) {
            return "npy: " + ex.getMessage();
        }
        if (ex instanceof IOException) {
            return "npy: " + ex.getMessage();
        }
        String m = ex.getMessage();
        return "npy: " + (m == null ? ex.getClass().getSimpleName() : m);
    }

    /** The read limits the global flags ask for. */
    ReadLimits limits() {
        if (maxHeaderSize == 10_000) {
            return ReadLimits.DEFAULT;
        }
        if (maxHeaderSize <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-header-size must be positive");
        }
        // each record field takes several header characters, so a header the user trusts at N characters cannot
        // describe more than N fields: raise the field-count limit with it (NumPy has only max_header_size)
        return ReadLimits.DEFAULT.toBuilder().maxHeaderSize(maxHeaderSize)
                .maxFields(Math.max(ReadLimits.DEFAULT.maxFields(), maxHeaderSize)).build();
    }

    /** Without a command: prints the usage and succeeds. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** A problem with what the user asked that is only found when running (a member not named, say). */
    static final class UsageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"npy (npy4j) " + (v == null ? "development build" : v), "Java " + System.getProperty(
                    "java.version")};
        }
    }
}
