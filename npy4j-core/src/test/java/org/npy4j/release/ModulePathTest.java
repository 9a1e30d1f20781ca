package org.npy4j.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.testing.Python;

/**
 * The core as a JPMS module, as a modular application sees it: a program in its own module {@code demo} that
 * {@code requires org.npy4j} is compiled and run on the module path ({@code java --module-path ... -m demo/demo.Main})
 * against the core's exploded module ({@code target/classes} with {@code module-info.class}). The suite itself runs on
 * the class path, so this is the test that proves module-info is complete: every package a user needs is exported,
 * nothing else is required, and mapped files are still unmapped at once (on Java 17-21 that needs
 * {@code jdk.unsupported} in the module graph).
 */
class ModulePathTest {
    static final Set<String> API = Set.of("org.npy4j", "org.npy4j.array", "org.npy4j.checkpoint", "org.npy4j.dtype",
            "org.npy4j.header",
            "org.npy4j.npy", "org.npy4j.npz", "org.npy4j.text");

    private static final String MAIN = String.join("\n",
            "package demo;",
            "",
            "import java.nio.file.Path;",
            "import org.npy4j.Npy;",
            "import org.npy4j.Npz;",
            "import org.npy4j.array.NdArray;",
            "import org.npy4j.npy.MapMode;",
            "import org.npy4j.npy.MappedNpy;",
            "import org.npy4j.npy.MappedStorage;",
            "",
            "public class Main {",
            "    public static void main(String[] args) throws Exception {",
            "        Module m = Npy.class.getModule();",
            "        System.out.println(\"module \" + m.getName() + \" named=\" + m.isNamed());",
            "        Path out = Path.of(args[0]);",
            "        Npy.save(out, NdArray.of(new double[] {1.5, -2.25, 1e300}));",
            "        NdArray back = Npy.load(out);",
            "        System.out.println(\"back \" + back.getDouble(0) + \" \" + back.getDouble(1) + \" \" + back.getDouble(2));",
            "        NdArray fromNumpy = Npy.load(Path.of(args[1]));",
            "        long sum = 0;",
            "        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) sum += fromNumpy.getLong(i, j);",
            "        System.out.println(\"numpy \" + fromNumpy.dtype().str() + \" \" + java.util.Arrays.toString(fromNumpy.shape())"
                    + " + \" sum=\" + sum);",
            "        try (MappedNpy mapped = Npy.map(out, MapMode.READ_ONLY)) {",
            "            System.out.println(\"mapped \" + mapped.array().getDouble(2));",
            "        }",
            "        System.out.println(\"unmapsOnClose \" + MappedStorage.unmapsOnClose());",
            "        System.out.println(\"npz \" + Npz.class.getModule().getName());",
            "    }",
            "}",
            "");

    @TempDir
    Path tmp;

    /** The core's compiled classes: an exploded module while {@code mvn test} runs. */
    static Path coreModule() throws Exception {
        Path classes = Path.of(Npy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")) || Files.isRegularFile(classes),
                "no module-info.class in " + classes);
        return classes;
    }

    @Test
    void descriptorExportsTheApiAndRequiresOnlyJdkModules() throws Exception {
        ModuleReference ref = ModuleFinder.of(coreModule()).find("org.npy4j").orElseThrow();
        ModuleDescriptor d = ref.descriptor();
        Set<String> exported = d.exports().stream().peek(e -> assertTrue(e.targets().isEmpty(), "qualified: " + e))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("java.base", "jdk.unsupported")), requires);
        assertTrue(d.opens().isEmpty() && !d.isOpen(), "nothing is opened for reflection");
        // every package is exported except org.npy4j.internal (shared implementation: parallel copies, CRC combine);
        // a new package must be either added to the exports (and to API above) or left out of them on purpose here
        Set<String> all = new TreeSet<>(API);
        all.add("org.npy4j.internal");
        assertEquals(all, new TreeSet<>(d.packages()));
    }

    @Test
    void programOnTheModulePathSavesLoadsAndMaps() throws Exception {
        Python.requireNumpy();
        Path core = coreModule();
        Path src = Files.createDirectories(tmp.resolve("src/demo/demo"));
        Files.writeString(tmp.resolve("src/demo/module-info.java"), "module demo {\n    requires org.npy4j;\n}\n");
        Files.writeString(src.resolve("Main.java"), MAIN);
        Path out = tmp.resolve("out");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(diag, true, StandardCharsets.UTF_8)) {
            rc = javac.run(null, ps, ps, "--release", "17", "-Xlint:all", "-Werror", "-d", out.toString(),
                    "--module-path", core.toString(), "--module-source-path", tmp.resolve("src").toString(),
                    "--module", "demo");
        }
        assertEquals(0, rc, "demo module does not compile:\n" + diag.toString(StandardCharsets.UTF_8));

        Path numpyFile = tmp.resolve("numpy.npy");
        Python.run("import sys\nimport numpy as np\nnp.save(sys.argv[1], np.arange(6, dtype='<i4').reshape(2, 3))",
                Python.arg(numpyFile));
        Path ours = tmp.resolve("ours.npy");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out.resolve("demo") + File.pathSeparator + core, "-m", "demo/demo.Main",
                ours.toString(), numpyFile.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo timed out");
        assertEquals(0, p.exitValue(), "demo failed:\n" + output);
        assertEquals(String.join("\n",
                "module org.npy4j named=true",
                "back 1.5 -2.25 1.0E300",
                "numpy <i4 [2, 3] sum=15",
                "mapped 1.0E300",
                // Java 17-21: Unsafe.invokeCleaner, reachable only because module-info requires jdk.unsupported;
                // Java 22+: a shared Arena
                "unmapsOnClose true",
                "npz org.npy4j",
                ""), output.replace("\r\n", "\n"));

        // what the module wrote is what NumPy reads, and what np.save writes for the same array
        String check = Python.run(String.join("\n",
                "import sys, io",
                "import numpy as np",
                "a = np.load(sys.argv[1])",
                "b = io.BytesIO(); np.save(b, np.array([1.5, -2.25, 1e300]))",
                "print(a.dtype.str, a.tolist(), open(sys.argv[1], 'rb').read() == b.getvalue())"), Python.arg(ours));
        assertEquals("<f8 [1.5, -2.25, 1e+300] True", check.strip());
    }
}
