package org.npy4j.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the README honest: every {@code ```java} block in it is compiled against the library and run (in a fresh
 * folder, as a user would), and must finish without an exception. A block may use {@code assert}-free checks by
 * throwing; what it prints is not compared. The Spark blocks (they use {@code spark.read()} / {@code SparkSession})
 * need a Spark session and are run by {@code npy4j-spark}'s {@code ReadmeExampleTest} and read/write tests instead.
 */
class ReadmeJavaExamplesTest {
    private static final String IMPORTS = String.join("\n", "import java.nio.file.*;", "import java.util.*;",
            "import java.util.concurrent.*;", "import org.npy4j.*;", "import org.npy4j.array.*;", "import org.npy4j.dtype.*;",
            "import org.npy4j.header.*;", "import org.npy4j.npy.*;", "import org.npy4j.npz.*;", "import org.npy4j.text.*;", "");

    @TempDir
    Path tmp;

    static Path readme() {
        Path p = Path.of("").toAbsolutePath().resolve("../README.md").normalize();
        assertTrue(Files.exists(p), "README.md at " + p);
        return p;
    }

    static Stream<String> blocks() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : Files.readAllLines(readme(), StandardCharsets.UTF_8)) {
            if (cur == null && line.trim().equals("```java")) {
                cur = new StringBuilder();
            } else if (cur != null && line.trim().equals("```")) {
                String block = cur.toString();
                if (!block.contains("SparkSession") && !block.contains("spark.read()")) {
                    out.add(block);
                }
                cur = null;
            } else if (cur != null) {
                cur.append(line).append('\n');
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void compilesAndRuns(String block) throws Exception {
        boolean hasImports = block.lines().anyMatch(l -> l.startsWith("import "));
        String body = block.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
        String imports = IMPORTS + (hasImports ? block.lines().filter(l -> l.startsWith("import "))
                .reduce("", (a, b) -> a + b + "\n") : "");
        String src = imports + "public class Example {\n public static void main(String[] args) throws Exception {\n"
                + body + "\n }\n}\n";
        Path srcDir = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(srcDir.resolve("Example.java"), src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("java.class.path");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", cp, srcDir.resolve("Example.java").toString());
        assertEquals(0, rc, "README example does not compile:\n" + src);
        Path work = Files.createDirectories(tmp.resolve("work"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classes + java.io.File.pathSeparator + cp, "Example").directory(work.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "example timed out");
        assertEquals(0, p.exitValue(), "README example failed:\n" + output + "\n--- source ---\n" + src);
    }
}
