package org.npy4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the tool in-process ({@link Main#run}) and captures exit code, stdout and stderr. */
final class Cli {
    /** The conformance corpus, read in place from the core module (nothing copied). */
    static final Path CORPUS = Path.of(System.getProperty("user.dir")).resolve(
            "../npy4j-core/src/test/resources/conformance/corpus").normalize();

    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static String corpus(String name) {
        return CORPUS.resolve(name).toString();
    }
}
