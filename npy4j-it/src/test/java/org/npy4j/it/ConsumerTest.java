package org.npy4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published POM as a user meets it: the consumer project ({@code npy4j-it/consumer}, one dependency on
 * {@code org.npy4j:npy4j-core}) is built offline by a separate Maven run against a local repository holding the
 * packaged core jar, the core's POM and the parent POM, exactly the files {@code mvn deploy} would publish. The build
 * succeeding proves nothing the POMs name is missing; the consumer jar's {@code Class-Path} (Maven's resolved runtime
 * class path) being the core jar alone proves nothing leaks (the core has no runtime dependencies); running its
 * {@code Main} on that class path proves save and load work from the jar alone.
 *
 * <p>The local repository is a copy of the build's own ({@code ~/.m2/repository}) made of symbolic links, except that
 * {@code org/npy4j} is a fresh directory: plugins resolve offline from what building npy4j downloaded, and no npy4j
 * artifact installed earlier can stand in for the ones under test.
 */
class ConsumerTest {
    @TempDir
    Path tmp;

    @Test
    void consumerProjectBuildsAndRunsAgainstThePackagedCore() throws Exception {
        String version = System.getProperty("npy4j.version");
        Path root = Path.of(System.getProperty("npy4j.root")).toRealPath();
        Path coreJar = root.resolve("npy4j-core/target/npy4j-core-" + version + ".jar");
        Assumptions.assumeTrue(Files.isRegularFile(coreJar), "run after the core is packaged (mvn verify): " + coreJar);

        Path repo = overlayRepository(Path.of(System.getProperty("npy4j.localRepository")));
        Path coreDir = Files.createDirectories(repo.resolve("org/npy4j/npy4j-core/" + version));
        Files.copy(coreJar, coreDir.resolve("npy4j-core-" + version + ".jar"));
        Files.copy(root.resolve("npy4j-core/pom.xml"), coreDir.resolve("npy4j-core-" + version + ".pom"));
        Path parentDir = Files.createDirectories(repo.resolve("org/npy4j/npy4j-parent/" + version));
        Files.copy(root.resolve("pom.xml"), parentDir.resolve("npy4j-parent-" + version + ".pom"));

        Path consumer = tmp.resolve("consumer");
        copyTree(root.resolve("npy4j-it/consumer"), consumer);
        List<String> mvn = new ArrayList<>(List.of(mavenExecutable(), "-B", "-q", "-o", "-Dmaven.repo.local=" + repo,
                "-Dnpy4j.version=" + version, "-f", consumer.resolve("pom.xml").toString(), "package"));
        String build = run(mvn, consumer, 300);

        Path jar = consumer.resolve("target/npy4j-consumer-1.jar");
        assertTrue(Files.isRegularFile(jar), "consumer build made no jar:\n" + build);
        Manifest mf;
        try (JarFile jf = new JarFile(jar.toFile())) {
            mf = jf.getManifest();
        }
        assertEquals("npy4j-core-" + version + ".jar", mf.getMainAttributes().getValue("Class-Path"),
                "the consumer's runtime class path is the core jar alone");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = jar + File.pathSeparator + coreDir.resolve("npy4j-core-" + version + ".jar");
        String out = run(List.of(java, "-cp", cp, "demo.Main", tmp.resolve("a.npy").toString(),
                tmp.resolve("b.npz").toString()), tmp, 120);
        assertEquals("<f8 [2, 3] 6.5\n[a] 2.0\n", out.replace("\r\n", "\n"));
        // byte for byte what np.save writes for np.array([[1, 2, 3], [4, 5, 6.5]])
        byte[] npy = Files.readAllBytes(tmp.resolve("a.npy"));
        assertEquals(128 + 6 * 8, npy.length);
        String header = new String(npy, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
    }

    /** A local repository that sees everything in {@code m2} except {@code org/npy4j}. */
    private Path overlayRepository(Path m2) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        if (Files.isDirectory(m2)) {
            try (Stream<Path> top = Files.list(m2)) {
                for (Path p : (Iterable<Path>) top::iterator) {
                    if (!p.getFileName().toString().equals("org")) {
                        Files.createSymbolicLink(repo.resolve(p.getFileName().toString()), p);
                    }
                }
            }
            Path org = Files.createDirectories(repo.resolve("org"));
            if (Files.isDirectory(m2.resolve("org"))) {
                try (Stream<Path> orgs = Files.list(m2.resolve("org"))) {
                    for (Path p : (Iterable<Path>) orgs::iterator) {
                        if (!p.getFileName().toString().equals("npy4j")) {
                            Files.createSymbolicLink(org.resolve(p.getFileName().toString()), p);
                        }
                    }
                }
            }
        }
        return repo;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dst = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isEmpty()) {
            Path mvn = Path.of(home, "bin", File.separatorChar == '\\' ? "mvn.cmd" : "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    private static String run(List<String> command, Path dir, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
