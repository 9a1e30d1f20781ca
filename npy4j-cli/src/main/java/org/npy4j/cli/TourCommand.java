package org.npy4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.npy4j.Npy;
import org.npy4j.NpyText;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npz.NpzFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code npy tour}: a narrated walk through the library on real files in a temporary folder, ending with NumPy's
 * verdict on what Java wrote when {@code python3} with NumPy is present. Each section stands alone: a section whose
 * library call is not implemented in this build says so and the tour goes on.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
        header = "A narrated walk through the library on real files.",
        description = "Walk through save/load, .npz archives, compression, memory mapping and binary vs text on real"
                + " files in a temporary folder; NumPy checks the files at the end if python3 has numpy.",
        footer = {"", "Example:", "  npy tour", "  npy tour --keep --dir /tmp/npy-tour"})
final class TourCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work in DIR (created if needed) instead of a temporary folder.")
    Path dir;

    @Option(names = "--keep", description = "Keep the files afterwards (the folder is printed).")
    boolean keep;

    @Option(names = "--no-numpy", description = "Skip the NumPy check even when python3 with numpy is present.")
    boolean noNumpy;

    private PrintWriter out;
    private Path work;
    private final List<String> written = new ArrayList<>();
    private int skipped;
    private int failed;

    /** A section of the tour; may throw, the tour reports and continues. */
    private interface Section {
        void run() throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        out = main.spec.commandLine().getOut();
        boolean temp = dir == null;
        work = temp ? Files.createTempDirectory("npy-tour") : Files.createDirectories(dir);
        long t0 = System.nanoTime();
        say("npy tour: NumPy's file formats from Java, in " + work);
        try {
            section("1. Single arrays: Npy.save / Npy.load (np.save / np.load)", this::singleArrays);
            section("2. Named arrays in one archive: Npz.savez (np.savez)", this::namedArchive);
            section("3. Positional arrays: arr_0, arr_1, ...", this::positional);
            section("4. savez_compressed vs savez", this::compression);
            section("5. Memory-mapping an 800 MB array: Npy.create / Npy.map (np.load(mmap_mode='r'))", this::mmap);
            section("6. Binary vs text: Npy.save vs NpyText.savetxt", this::binaryVsText);
            section("7. Checkpoints: save every epoch atomically, crash, resume from the latest", this::checkpoints);
            if (!noNumpy) {
                section("8. What NumPy says about the files Java wrote", this::numpyVerdict);
            }
        } finally {
            if (temp && !keep) {
                deleteTree(work);
            }
        }
        say("");
        say(String.format(Locale.ROOT, "tour finished in %.1f s%s%s", (System.nanoTime() - t0) / 1e9,
                skipped > 0 ? ", " + skipped + " section(s) skipped (not implemented in this build yet)" : "",
                failed > 0 ? ", " + failed + " section(s) FAILED" : ""));
        if (keep || !temp) {
            say("files kept in " + work);
        }
        out.flush();
        return failed > 0 ? Main.BAD_INPUT : 0;
    }

    private void section(String title, Section s) {
        say("");
        say(title);
        try {
            s.run();
        } catch (UnsupportedOperationException e) {
            skipped++;
            say("   skipped: " + firstFrameHint(e) + " is not implemented in this build of npy4j yet");
        } catch (Exception e) {
            failed++;
            say("   FAILED: " + Main.message(e));
            if (main.debug) {
                e.printStackTrace(main.spec.commandLine().getErr());
            }
        }
        out.flush();
    }

    /** Names the library call that is still a stub, e.g. {@code Npz.savez}. */
    private static String firstFrameHint(UnsupportedOperationException e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("org.npy4j.") && !f.getClassName().startsWith("org.npy4j.cli.")) {
                String c = f.getClassName();
                return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
            }
        }
        return "a library call";
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    // ---- sections --------------------------------------------------------------------------------------------

    private void singleArrays() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("matrix.npy", matrix());
        arrays.put("counts.npy", counts());
        arrays.put("flags.npy", flags());
        arrays.put("names.npy", names());
        arrays.put("days.npy", days());
        ArrayPrinter p = new ArrayPrinter(8, false);
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            Path f = work.resolve(e.getKey());
            Npy.save(f, e.getValue());
            written.add(e.getKey());
            NdArray back = Npy.load(f);
            boolean same = sameBytes(e.getValue(), back);
            say(String.format(Locale.ROOT, "   %-11s %-22s %-8s %5d bytes  loaded back: %s", e.getKey(),
                    e.getValue().dtype().name(), ArrayPrinter.tuple(e.getValue().shape()), Files.size(f),
                    same ? "identical" : "DIFFERENT"));
            if (!same) {
                throw new IllegalStateException(e.getKey() + " did not load back as saved");
            }
        }
        say("   names.npy prints as NumPy would: " + p.str(Npy.load(work.resolve("names.npy"))));
        say("   matrix.npy:");
        for (String line : p.str(Npy.load(work.resolve("matrix.npy"))).split("\n")) {
            say("      " + line);
        }
    }

    private void namedArchive() throws IOException {
        Map<String, NdArray> named = new LinkedHashMap<>();
        named.put("features", features());
        named.put("labels", labels());
        named.put("meta", meta());
        Path f = Npz.savez(work.resolve("dataset.npz"), named);
        written.add("dataset.npz");
        try (NpzFile z = Npz.open(f)) {
            say("   Npz.savez(dataset.npz, features=(100, 10) float64, labels=(100,) int64, meta=3 strings)");
            say("   .files -> " + pyList(z.files()));
            NdArray labels = z.get("labels");
            say("   z.get(\"labels\") -> " + labels.dtype().name() + " " + ArrayPrinter.tuple(labels.shape())
                    + ", equal to what was saved: " + sameBytes(named.get("labels"), labels));
        }
    }

    private void positional() throws IOException {
        Path f = Npz.savez(work.resolve("positional.npz"), Map.of(), counts(), matrix(), flags());
        written.add("positional.npz");
        try (NpzFile z = Npz.open(f)) {
            say("   Npz.savez(positional.npz, counts, matrix, flags)  ->  .files " + pyList(z.files()));
        }
    }

    private void compression() throws IOException {
        NdArray sparse = NdArray.zeros(DType.FLOAT64, 1000, 1000);
        Random r = new Random(7);
        for (long i = 0; i < 1000L * 1000L; i += 97) {
            sparse.storage().putLong(i * 8, Double.doubleToRawLongBits(r.nextDouble()));
        }
        NdArray random = NdArray.zeros(DType.FLOAT64, 1000, 1000);
        for (long i = 0; i < 1000L * 1000L; i++) {
            random.storage().putLong(i * 8, Double.doubleToRawLongBits(r.nextDouble()));
        }
        say("   two 1000 x 1000 float64 arrays (8 MB each): one 99% zeros, one random");
        for (Map.Entry<String, NdArray> e : Map.of("sparse", sparse, "random", random).entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder())).toList()) {
            String name = e.getKey();
            Path stored;
            Path deflated;
            Progress p = new Progress("   compressing " + name);
            try {
                stored = Npz.savez(work.resolve(name + "_stored.npz"), Map.of("data", e.getValue()));
                deflated = Npz.savezCompressed(work.resolve(name + "_compressed.npz"), Map.of("data", e.getValue()));
            } finally {
                p.close();
            }
            written.add(name + "_stored.npz");
            written.add(name + "_compressed.npz");
            long a = Files.size(stored);
            long b = Files.size(deflated);
            say(String.format(Locale.ROOT, "   %-6s  savez %,10d bytes   savez_compressed %,10d bytes   ratio %5.1fx",
                    name, a, b, (double) a / b));
        }
        say("   compression pays on sparse data; random float bits barely shrink.");
    }

    private void mmap() throws IOException {
        Path f = work.resolve("big.npy");
        long rows = 100_000;
        long cols = 1_000;
        long t0 = System.nanoTime();
        Progress progress = new Progress("   creating big.npy");
        try (MappedNpy m = Npy.create(f, DType.FLOAT64, new long[] {rows, cols}, Order.C, true)) {
            NdArray a = m.array();
            long row = 54_321;
            for (long j = 0; j < cols; j++) {
                a.storage().putLong(a.byteOffset(row, j), Double.doubleToRawLongBits(j * 0.25));
            }
            m.force();
        } finally {
            progress.close();
        }
        written.add("big.npy");
        double created = (System.nanoTime() - t0) / 1e6;
        say(String.format(Locale.ROOT, "   Npy.create(big.npy, float64, (%d, %d)): a %,d-byte file in %.0f ms", rows, cols,
                Files.size(f), created));
        say("   (sized, not written: pages nobody touches cost nothing); row 54321 filled through the mapping");
        t0 = System.nanoTime();
        try (MappedNpy m = Npy.map(f, MapMode.READ_ONLY)) {
            NdArray row = m.array().get(54_321).slice(0, 5, 1);
            StringBuilder sb = new StringBuilder();
            for (long j = 0; j < 5; j++) {
                sb.append(j == 0 ? "" : ", ").append(FloatRepr.pythonRepr(row.getDouble(j), FloatRepr.Width.DOUBLE));
            }
            say(String.format(Locale.ROOT, "   Npy.map(big.npy).get(54321).slice(0, 5) -> [%s]", sb));
            say(String.format(Locale.ROOT, "   in %.1f ms: the mapping reads the page it needs, not 800 MB",
                    (System.nanoTime() - t0) / 1e6));
        }
    }

    private void binaryVsText() throws IOException {
        NdArray table = NdArray.zeros(DType.FLOAT64, 100_000, 4);
        Random r = new Random(11);
        for (long i = 0; i < 400_000; i++) {
            table.storage().putLong(i * 8, Double.doubleToRawLongBits(r.nextGaussian()));
        }
        Path bin = work.resolve("table.npy");
        Path txt = work.resolve("table.txt");
        // one small untimed round of each first, so neither timing includes class loading and the first JIT pass
        NdArray warm = table.slice(0, 0, 2_000, 1);
        Npy.save(work.resolve("warm.npy"), warm);
        NpyText.savetxt(work.resolve("warm.txt"), warm);
        Files.delete(work.resolve("warm.npy"));
        Files.delete(work.resolve("warm.txt"));
        long t0 = System.nanoTime();
        Npy.save(bin, table);
        long binNs = System.nanoTime() - t0;
        written.add("table.npy");
        long txtNs;
        Progress p = new Progress("   savetxt");
        try {
            t0 = System.nanoTime();
            NpyText.savetxt(txt, table);
            txtNs = System.nanoTime() - t0;
        } finally {
            p.close();
        }
        written.add("table.txt");
        say(String.format(Locale.ROOT, "   100000 x 4 float64:  Npy.save        %,11d bytes in %5.0f ms", Files.size(bin),
                binNs / 1e6));
        say(String.format(Locale.ROOT, "                        NpyText.savetxt %,11d bytes in %5.0f ms", Files.size(txt),
                txtNs / 1e6));
        say(String.format(Locale.ROOT, "   binary is %.0fx faster to write and %.1fx smaller, and loads without parsing",
                (double) txtNs / Math.max(1, binNs),
                (double) Files.size(txt) / Files.size(bin)));
    }

    private void checkpoints() throws IOException {
        Path folder = work.resolve("checkpoints");
        org.npy4j.checkpoint.Retention keep = org.npy4j.checkpoint.Retention.builder().keepLast(2)
                .keepBest(1, "loss", org.npy4j.checkpoint.Retention.Mode.MIN).build();
        org.npy4j.checkpoint.CheckpointOptions options = org.npy4j.checkpoint.CheckpointOptions.builder()
                .retention(keep).build();
        NdArray weights = matrix().copy();
        try (org.npy4j.checkpoint.CheckpointStore store = org.npy4j.checkpoint.CheckpointStore.open(folder, options)) {
            for (long epoch = 1; epoch <= 5; epoch++) {
                weights.setDouble(weights.getDouble(0, 0) + 1, 0, 0);          // "training"
                double loss = Math.abs(epoch - 3) + 0.25;
                store.saveAsync(epoch, Map.of("weights", weights), Map.of("loss", loss));
            }
            store.awaitSaves();
            say("   epochs 1..5 saved with saveAsync (arrays copied, written behind); kept: " + store.steps()
                    + " (the last 2 and the best loss, epoch 3)");
        }
        // a crash mid-save leaves a temporary file and a half-written "newest" file: the store skips and cleans both
        Files.write(folder.resolve(".checkpoint_epoch_6.npz.crashed.tmp"), new byte[] {1, 2, 3});
        Files.write(folder.resolve("checkpoint_epoch_6.npz"), new byte[] {'P', 'K', 3, 4, 0});
        try (org.npy4j.checkpoint.CheckpointStore store = org.npy4j.checkpoint.CheckpointStore.open(folder, options)) {
            org.npy4j.checkpoint.Checkpoint latest = store.latest().orElseThrow();
            say("   after a simulated crash: removed leftover " + store.leftovers().size() + " temp file(s); latest()"
                    + " skipped " + latest.skipped().size() + " damaged file and resumes from epoch " + latest.step()
                    + " (weights[0,0] = " + latest.arrays().get("weights").getDouble(0, 0) + ")");
        }
        Files.delete(folder.resolve("checkpoint_epoch_6.npz"));
        written.add("checkpoints/checkpoint_epoch_5.npz");
    }

    private void numpyVerdict() throws IOException, InterruptedException {
        if (written.isEmpty()) {
            say("   nothing was written, nothing to check");
            return;
        }
        String script = String.join("\n",
                "import os, sys",
                "try:",
                "    import numpy as np",
                "except ImportError:",
                "    print('NONUMPY'); sys.exit(0)",
                "d = sys.argv[1]; names = sys.argv[2:]; ok = []; bad = []",
                "def check(name, fn):",
                "    try:",
                "        (ok if fn(os.path.join(d, name)) else bad).append(name)",
                "    except Exception as e:",
                "        bad.append(name + ' (' + type(e).__name__ + ': ' + str(e)[:80] + ')')",
                "expect = {",
                "  'matrix.npy': lambda p: np.array_equal(np.load(p), np.arange(12.).reshape(3, 4) * 0.5),",
                "  'counts.npy': lambda p: np.load(p).dtype == np.int32 and np.load(p).tolist() == [-2000, -1000, 0, 1000, 2000],",
                "  'flags.npy': lambda p: np.load(p).tolist() == [i % 3 == 0 for i in range(6)],",
                "  'names.npy': lambda p: np.load(p).tolist() == ['train', 'test', 'val'] and np.load(p).dtype == '<U5',",
                "  'days.npy': lambda p: np.load(p).tolist() == list(np.array(['1970-01-01', '1971-01-01', '2024-10-04'],"
                        + " 'M8[D]').tolist()),",
                "  'dataset.npz': lambda p: (lambda z: z.files == ['features', 'labels', 'meta'] and z['features'].shape =="
                        + " (100, 10) and z['labels'].tolist() == [i % 2 for i in range(100)] and z['meta'].tolist() =="
                        + " ['train', 'test', 'validation'])(np.load(p)),",
                "  'positional.npz': lambda p: np.load(p).files == ['arr_0', 'arr_1', 'arr_2'],",
                "  'checkpoints/checkpoint_epoch_5.npz': lambda p: (lambda z: z['epoch'].tolist() == [5] and z['epoch'].dtype"
                        + " == np.int64 and dict(zip(z['metric_names'].tolist(), z['metrics'].tolist())) == {'loss': 2.25}"
                        + " and z['weights'][0, 0] == 5.0)(np.load(p)),",
                "  'big.npy': lambda p: (lambda a: a.shape == (100000, 1000) and a[54321, :5].tolist() == [0.0, 0.25, 0.5,"
                        + " 0.75, 1.0] and a[0, :5].tolist() == [0.0] * 5)(np.load(p, mmap_mode='r')),",
                "  'table.txt': lambda p: np.load(os.path.join(d, 'table.npy')).shape == np.loadtxt(p).shape and"
                        + " np.array_equal(np.load(os.path.join(d, 'table.npy')), np.loadtxt(p)),",
                "}",
                "for n in names:",
                "    if n in expect:",
                "        check(n, expect[n])",
                "    elif n.endswith('_compressed.npz'):",
                "        check(n, lambda p: np.array_equal(np.load(p)['data'], np.load(p.replace('_compressed', '_stored'))['data']))",
                "    else:",
                "        check(n, lambda p: np.load(p) is not None)",
                "print('NUMPY', np.__version__, len(ok), len(bad))",
                "for b in bad: print('BAD', b)");
        Path py = work.resolve("verdict.py");
        Files.writeString(py, script, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("python3", py.toString(), work.toString()));
        cmd.addAll(written);
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            say("   python3 not found: skipping the NumPy check");
            return;
        }
        String output;
        Progress p = new Progress("   NumPy is loading the files");
        try (InputStream in = proc.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IOException("python3 did not finish within 60 s");
            }
        } finally {
            p.close();
        }
        if (output.startsWith("NONUMPY")) {
            say("   python3 has no numpy: skipping the NumPy check (pip install numpy to see it)");
            return;
        }
        String[] lines = output.split("\n");
        String head = Stream.of(lines).filter(l -> l.startsWith("NUMPY ")).findFirst().orElse(null);
        if (head == null) {
            throw new IOException("python3 failed: " + output.strip());
        }
        String[] h = head.split(" ");
        int ok = Integer.parseInt(h[2]);
        int bad = Integer.parseInt(h[3]);
        if (bad == 0) {
            say("   NumPy " + h[1] + " loaded all " + ok + " files Java wrote and found every value as expected.");
        } else {
            say("   NumPy " + h[1] + ": " + ok + " files as expected, " + bad + " NOT:");
            for (String l : lines) {
                if (l.startsWith("BAD ")) {
                    say("      " + l.substring(4));
                }
            }
            throw new IllegalStateException("NumPy disagrees about " + bad + " file(s)");
        }
    }

    // ---- the tour's arrays (built from raw little-endian storage writes) ------------------------------------------

    private static NdArray matrix() {
        NdArray a = NdArray.zeros(DType.FLOAT64, 3, 4);
        for (int k = 0; k < 12; k++) {
            a.storage().putLong(k * 8L, Double.doubleToRawLongBits(k * 0.5));
        }
        return a;
    }

    private static NdArray counts() {
        NdArray a = NdArray.zeros(DType.INT32, 5);
        for (int k = 0; k < 5; k++) {
            a.storage().putInt(k * 4L, (k - 2) * 1000);
        }
        return a;
    }

    private static NdArray flags() {
        NdArray a = NdArray.zeros(DType.BOOL, 6);
        for (int k = 0; k < 6; k++) {
            a.storage().putByte(k, (byte) (k % 3 == 0 ? 1 : 0));
        }
        return a;
    }

    private static NdArray strings(int width, String... values) {
        NdArray a = NdArray.zeros(DType.unicode(width), values.length);
        for (int i = 0; i < values.length; i++) {
            int[] cps = values[i].codePoints().toArray();
            for (int c = 0; c < cps.length; c++) {
                a.storage().putInt((long) i * width * 4 + c * 4L, cps[c]);
            }
        }
        return a;
    }

    private static NdArray names() {
        return strings(5, "train", "test", "val");
    }

    private static NdArray meta() {
        return strings(10, "train", "test", "validation");
    }

    private static NdArray days() {
        NdArray a = NdArray.zeros(DType.datetime64(DateTimeUnit.DAY), 3);
        long[] d = {0, 365, java.time.LocalDate.of(2024, 10, 4).toEpochDay()};
        for (int i = 0; i < 3; i++) {
            a.storage().putLong(i * 8L, d[i]);
        }
        return a;
    }

    private static NdArray features() {
        NdArray a = NdArray.zeros(DType.FLOAT64, 100, 10);
        Random r = new Random(42);
        for (int k = 0; k < 1000; k++) {
            a.storage().putLong(k * 8L, Double.doubleToRawLongBits(r.nextDouble()));
        }
        return a;
    }

    private static NdArray labels() {
        NdArray a = NdArray.zeros(DType.INT64, 100);
        for (int k = 0; k < 100; k++) {
            a.storage().putLong(k * 8L, k % 2);
        }
        return a;
    }

    private static boolean sameBytes(NdArray a, NdArray b) {
        if (!a.dtype().equals(b.dtype()) || !java.util.Arrays.equals(a.shape(), b.shape())) {
            return false;
        }
        NdArray x = a.copy();
        NdArray y = b.copy();
        Storage s = x.storage();
        Storage t = y.storage();
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.getByte(i) != t.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    private static String pyList(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('\'').append(names.get(i)).append('\'');
        }
        return sb.append(']').toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
