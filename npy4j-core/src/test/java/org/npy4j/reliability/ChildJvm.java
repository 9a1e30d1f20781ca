package org.npy4j.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts a test-source main class in a fresh JVM with this JVM's class path (stdout and stderr merged). */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(List<String> jvmArgs, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
