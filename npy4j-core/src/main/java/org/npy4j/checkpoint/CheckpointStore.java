package org.npy4j.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.Kind;
import org.npy4j.npy.AtomicWrite;
import org.npy4j.npy.NpyWriter;
import org.npy4j.npz.NpzEntry;
import org.npy4j.npz.NpzFile;
import org.npy4j.npz.NpzWriter;

/**
 * A crash-safe store of training checkpoints in one directory, one {@code .npz} per step, shared with NumPy: the files
 * are those of the common recipe ({@code np.savez_compressed(f'{d}/checkpoint_epoch_{epoch}.npz',
 * epoch=np.array([epoch]), ...)}), so either side resumes the other's run.
 *
 * <pre>{@code
 * try (CheckpointStore store = CheckpointStore.open(dir)) {
 *     long start = store.latest().map(c -> c.step() + 1).orElse(1L);
 *     store.save(start, Map.of("weights", w), Map.of("loss", 0.25));
 * }
 * }</pre>
 *
 * <p><b>Files.</b> A checkpoint is {@code prefix + step + ".npz"} (step zero-padded when so configured; any padding is
 * read). Members: {@code epoch} ({@code int64}, shape {@code (1,)}), the named arrays, and with metrics
 * {@code metrics} ({@code float64}, {@code (k,)}) and {@code metric_names} ({@code <U}, {@code (k,)}). Those three
 * names are reserved. Steps are ordered numerically; files that do not match the pattern are never touched.
 *
 * <p><b>Crash safety.</b> A save streams into a temporary file {@code .NAME.RANDOM.tmp} in the folder, forces it,
 * renames it into place and syncs the folder (the {@link NpzWriter} does all four), and only then applies retention.
 * A process killed at any moment leaves the previous checkpoints, possibly plus one complete new one, and perhaps a
 * temporary file: opening a writable store removes those leftovers and reports them ({@link #leftovers()}).
 *
 * <p><b>Verification.</b> {@link #latest()} loads checkpoints newest first, reading every member in full, which
 * checks each member's CRC-32, its {@code .npy} header against the zip directory and the {@code epoch} member against
 * the file name; a damaged file is skipped and named in {@link Checkpoint#skipped()}. The cost is one full read of
 * the returned checkpoint (which is the load itself) plus, per damaged newer file, at most one read of it.
 *
 * <p><b>One writer.</b> A writable store holds an OS lock on {@code .npy4j-checkpoints.lock} in the folder until
 * {@link #close()}; a second writable store on the folder, in this process or another, fails with
 * {@link CheckpointLockedException} or, with {@link CheckpointOptions.Builder#readOnlyWhenLocked}, opens read-only.
 * A read-only store never writes, deletes or cleans anything.
 *
 * <p><b>Threads.</b> Methods may be called from any thread; writes are serialised. Asynchronous saves run on one
 * daemon thread of the store.
 */
public final class CheckpointStore implements AutoCloseable {
    static final String EPOCH = "epoch";
    static final String METRICS = "metrics";
    static final String METRIC_NAMES = "metric_names";

    private final Path dir;
    private final CheckpointOptions options;
    private final DirLock lock;
    private final String readOnlyReason;
    private final List<Path> leftovers;
    private final Map<Long, Map<String, Double>> metricsCache = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    private final Object asyncLock = new Object();
    private ExecutorService executor;
    private int inFlight;
    private long snapshotBytes;
    private Throwable pendingFailure;
    private long pendingStep;
    private boolean closed;

    private CheckpointStore(Path dir, CheckpointOptions options, DirLock lock, String readOnlyReason)
            throws IOException {
        this.dir = dir;
        this.options = options;
        this.lock = lock;
        this.readOnlyReason = readOnlyReason;
        this.leftovers = Collections.unmodifiableList(findLeftovers(lock != null));
    }

    /**
     * Opens {@code dir} (created if missing) for writing with the default options.
     *
     * @param dir the folder
     * @return the store; close it to release the folder
     * @throws CheckpointLockedException if another store writes the folder
     * @throws IOException if the folder cannot be created or read
     */
    public static CheckpointStore open(Path dir) throws IOException {
        return open(dir, CheckpointOptions.defaults());
    }

    /**
     * Opens {@code dir} (created if missing) for writing: takes the folder's lock and removes temporary leftovers of
     * crashed saves ({@link #leftovers()}).
     *
     * @param dir the folder
     * @param options the options
     * @return the store; close it to release the folder
     * @throws CheckpointLockedException if another store writes the folder (unless
     *     {@link CheckpointOptions#readOnlyWhenLocked()}, which gives a read-only store)
     * @throws IOException if the folder cannot be created or read
     */
    public static CheckpointStore open(Path dir, CheckpointOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Path abs = dir.toAbsolutePath();
        Files.createDirectories(abs);
        String[] holder = new String[1];
        DirLock l = DirLock.tryAcquire(abs, holder);
        if (l == null) {
            if (options.readOnlyWhenLocked()) {
                return new CheckpointStore(abs, options, null, "locked by " + holder[0]);
            }
            throw new CheckpointLockedException(abs, holder[0]);
        }
        try {
            return new CheckpointStore(abs, options, l, null);
        } catch (IOException | RuntimeException | Error e) {
            l.close();
            throw e;
        }
    }

    /**
     * Opens {@code dir} for reading only: takes no lock, writes, deletes and cleans nothing, and only reports
     * leftovers. Reading while another process saves is safe (files appear whole, by rename).
     *
     * @param dir an existing folder
     * @param options the options (naming matters; retention and async settings are ignored)
     * @return the store
     * @throws IOException if the folder cannot be read
     */
    public static CheckpointStore openReadOnly(Path dir, CheckpointOptions options) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (!Files.isDirectory(abs)) {
            throw new NoSuchFileException(abs.toString(), null, "not a checkpoint folder");
        }
        return new CheckpointStore(abs, Objects.requireNonNull(options, "options"), null, "opened read-only");
    }

    /**
     * The folder.
     *
     * @return its absolute path
     */
    public Path directory() {
        return dir;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public CheckpointOptions options() {
        return options;
    }

    /**
     * True if this store cannot write (opened read-only, or the folder was locked and it fell back).
     *
     * @return whether writes are refused
     */
    public boolean isReadOnly() {
        return lock == null;
    }

    /**
     * Temporary files of crashed saves found when the store opened: removed if the store is writable, only found
     * (still there) if it is read-only. While another store writes the folder, a read-only store may also list the
     * temporary file of a save in progress.
     *
     * @return the leftovers' paths
     */
    public List<Path> leftovers() {
        return leftovers;
    }

    /**
     * The file name of {@code step} under the current options.
     *
     * @param step the step, at least 0
     * @return e.g. {@code checkpoint_epoch_12.npz}
     */
    public String fileName(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        String digits = options.zeroPad() > 0 ? String.format("%0" + options.zeroPad() + "d", step)
                : Long.toString(step);
        return options.prefix() + digits + ".npz";
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** A file matching the pattern. */
    private static final class Found {
        final long step;
        final Path path;

        Found(long step, Path path) {
            this.step = step;
            this.path = path;
        }
    }

    /** Returns the step a file name stands for, or -1 if it is not a checkpoint name. */
    long stepOf(String name) {
        String p = options.prefix();
        if (!name.startsWith(p) || !name.endsWith(".npz")) {
            return -1;
        }
        String digits = name.substring(p.length(), name.length() - 4);
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /**
     * Scans the folder: one file per step, ascending. Of two names for one step (say {@code _7} and {@code _007})
     * the one the current options write wins, else the shorter; the other goes to {@code duplicates}.
     */
    private List<Found> scan(List<CheckpointListing.Skipped> duplicates) throws IOException {
        Map<Long, Found> bySteps = new HashMap<>();
        List<Found> extra = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                long step = stepOf(name);
                if (step < 0 || !Files.isRegularFile(p)) {
                    continue;
                }
                Found f = new Found(step, p);
                Found old = bySteps.get(step);
                if (old == null) {
                    bySteps.put(step, f);
                } else if (prefer(f, old)) {
                    bySteps.put(step, f);
                    extra.add(old);
                } else {
                    extra.add(f);
                }
            }
        }
        if (duplicates != null) {
            for (Found f : extra) {
                duplicates.add(new CheckpointListing.Skipped(f.path, "another file holds step " + f.step + ": "
                        + bySteps.get(f.step).path.getFileName()));
            }
        }
        List<Found> out = new ArrayList<>(bySteps.values());
        out.sort(Comparator.comparingLong(f -> f.step));
        return out;
    }

    private boolean prefer(Found a, Found b) {
        String canonical = fileName(a.step);
        String an = a.path.getFileName().toString();
        String bn = b.path.getFileName().toString();
        if (an.equals(canonical) != bn.equals(canonical)) {
            return an.equals(canonical);
        }
        return an.length() != bn.length() ? an.length() < bn.length() : an.compareTo(bn) < 0;
    }

    /**
     * The steps in the folder, ascending by number (from file names; not verified).
     *
     * @return the steps
     * @throws IOException if the folder cannot be read
     */
    public List<Long> steps() throws IOException {
        List<Long> out = new ArrayList<>();
        for (Found f : scan(null)) {
            out.add(f.step);
        }
        return out;
    }

    /**
     * Loads and verifies checkpoint {@code step}.
     *
     * @param step the step
     * @return the checkpoint
     * @throws NoSuchElementException if the folder has no checkpoint for {@code step}
     * @throws IOException if it is damaged (an {@link org.npy4j.NpyException} naming file and member) or unreadable
     */
    public Checkpoint load(long step) throws IOException {
        for (Found f : scan(null)) {
            if (f.step == step) {
                return read(f, List.of());
            }
        }
        throw new NoSuchElementException("no checkpoint for step " + step + " in " + dir);
    }

    /**
     * Loads the newest checkpoint that verifies, skipping damaged newer ones (named in {@link Checkpoint#skipped()}).
     * Never throws because of a damaged file. When it returns empty, {@link #listing()} names the damaged files.
     *
     * @return the newest good checkpoint, or empty if there is none
     * @throws IOException only if the folder itself cannot be read
     */
    public Optional<Checkpoint> latest() throws IOException {
        List<CheckpointListing.Skipped> skipped = new ArrayList<>();
        List<Found> found = scan(null);
        for (int i = found.size() - 1; i >= 0; i--) {
            Found f = found.get(i);
            try {
                return Optional.of(read(f, skipped));
            } catch (NoSuchFileException e) {
                continue; // deleted by retention since the scan: not damage, just gone
            } catch (IOException | RuntimeException e) {
                skipped.add(new CheckpointListing.Skipped(f.path, describe(e)));
            } catch (OutOfMemoryError e) {
                // a damaged directory can claim huge members only up to ReadLimits; a real OOM is the caller's heap
                throw e;
            }
        }
        return Optional.empty();
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private Checkpoint read(Found f, List<CheckpointListing.Skipped> skipped) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (NpzFile npz = Npz.open(f.path)) {
            for (NpzEntry e : npz.entries()) {
                if (e.name().endsWith(".npy")) {
                    arrays.put(e.name().substring(0, e.name().length() - 4), npz.get(e));
                } else {
                    npz.bytes(e); // a non-array member: not returned, but its CRC must hold too
                }
            }
        }
        checkEpoch(f, arrays.remove(EPOCH));
        Map<String, Double> metrics = extractMetrics(arrays, true);
        metricsCache.put(f.step, metrics);
        return new Checkpoint(f.step, f.path, arrays, metrics, skipped);
    }

    private static void checkEpoch(Found f, NdArray epoch) throws IOException {
        if (epoch == null) {
            return; // a file without it still has its step in the name
        }
        Kind k = epoch.dtype().kind();
        if (epoch.size() != 1 || k != Kind.INT && k != Kind.UINT) {
            throw new IOException(f.path + ": member 'epoch' is not one integer: " + epoch);
        }
        long e = epoch.toLongArray()[0];
        if (e != f.step) {
            throw new IOException(f.path + ": member 'epoch' is " + e + " but the file name says step " + f.step);
        }
    }

    /** Takes the metrics members out of {@code arrays} if they form a pair of equal length. */
    private static Map<String, Double> extractMetrics(Map<String, NdArray> arrays, boolean remove) {
        NdArray values = arrays.get(METRICS);
        NdArray names = arrays.get(METRIC_NAMES);
        Map<String, Double> out = new LinkedHashMap<>();
        if (values == null || names == null || values.shape().length != 1 || names.shape().length != 1
                || values.size() != names.size() || names.dtype().kind() != Kind.UNICODE
                || values.dtype().kind() != Kind.FLOAT) {
            return out; // not our pair: ordinary arrays
        }
        double[] v = values.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            out.put(names.getString(i), v[i]);
        }
        if (remove) {
            arrays.remove(METRICS);
            arrays.remove(METRIC_NAMES);
        }
        return out;
    }

    /**
     * Lists the folder, verifying every checkpoint file in full (each member's CRC-32 and {@code .npy} header, the
     * {@code epoch} member), without keeping arrays and without deleting anything: the data of
     * {@code npy checkpoints DIR}. Costs one streaming read of every checkpoint file.
     *
     * @return the listing
     * @throws IOException only if the folder itself cannot be read
     */
    public CheckpointListing listing() throws IOException {
        List<CheckpointListing.Skipped> skipped = new ArrayList<>();
        List<CheckpointListing.Skipped> duplicates = new ArrayList<>();
        List<Found> found = scan(duplicates);
        List<CheckpointListing.StepInfo> good = new ArrayList<>();
        for (int i = found.size() - 1; i >= 0; i--) {
            Found f = found.get(i);
            try {
                good.add(inspect(f));
            } catch (NoSuchFileException e) {
                continue; // deleted by retention since the scan
            } catch (IOException | RuntimeException e) {
                skipped.add(new CheckpointListing.Skipped(f.path, describe(e)));
            }
        }
        Collections.reverse(good);
        skipped.addAll(duplicates);
        OptionalLong latest = good.isEmpty() ? OptionalLong.empty() : OptionalLong.of(good.get(good.size() - 1).step());
        List<Path> left = isReadOnly() ? findLeftovers(false) : leftovers;
        return new CheckpointListing(good, latest, skipped, left);
    }

    private CheckpointListing.StepInfo inspect(Found f) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(f.path, BasicFileAttributes.class);
        Map<String, NdArray> small = new LinkedHashMap<>();
        List<String> members;
        try (NpzFile npz = Npz.open(f.path)) {
            members = npz.files();
            for (NpzEntry e : npz.entries()) {
                String n = e.name();
                if (n.endsWith(".npy")) {
                    String bare = n.substring(0, n.length() - 4);
                    if (bare.equals(EPOCH) || bare.equals(METRICS) || bare.equals(METRIC_NAMES)) {
                        small.put(bare, npz.get(e)); // read, so checked, in full
                    } else {
                        npz.header(n);
                        npz.verify(n);
                    }
                } else {
                    npz.verify(n);
                }
            }
        }
        checkEpoch(f, small.get(EPOCH));
        Map<String, Double> metrics = extractMetrics(small, false);
        return new CheckpointListing.StepInfo(f.step, f.path, attrs.size(), members, metrics,
                attrs.lastModifiedTime().toInstant());
    }

    // ---- leftovers -------------------------------------------------------------------------------------------

    /**
     * True for the temporary names our writers make for a checkpoint file: {@code .NAME.RANDOM.tmp} with RANDOM of
     * lowercase letters and digits (base-36 from {@link AtomicWrite}, hex from {@link NpzWriter}).
     */
    boolean isLeftoverName(String name) {
        if (!name.startsWith(".") || !name.endsWith(AtomicWrite.TEMP_SUFFIX)) {
            return false;
        }
        String inner = name.substring(1, name.length() - AtomicWrite.TEMP_SUFFIX.length());
        int dot = inner.lastIndexOf('.');
        if (dot <= 0 || stepOf(inner.substring(0, dot)) < 0) {
            return false;
        }
        String random = inner.substring(dot + 1);
        if (random.isEmpty() || random.length() > 16) {
            return false;
        }
        for (int i = 0; i < random.length(); i++) {
            char c = random.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private List<Path> findLeftovers(boolean delete) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> isLeftoverName(p.getFileName().toString()))) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        Collections.sort(out);
        if (delete) {
            // we hold the folder's lock, so no other store is writing: every such file is a crashed save's
            for (Path p : out) {
                Files.deleteIfExists(p);
            }
            if (!out.isEmpty()) {
                AtomicWrite.syncDirectory(dir);
            }
        }
        return out;
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    private void checkWritable() throws IOException {
        if (lock == null) {
            throw new IllegalStateException("checkpoint store " + dir + " is read-only (" + readOnlyReason + ")");
        }
        synchronized (asyncLock) {
            if (closed) {
                throw new IllegalStateException("checkpoint store " + dir + " is closed");
            }
        }
        throwPending();
    }

    /** Rethrows (once) the failure of an earlier asynchronous save. */
    private void throwPending() throws IOException {
        Throwable t;
        long step;
        synchronized (asyncLock) {
            t = pendingFailure;
            step = pendingStep;
            pendingFailure = null;
        }
        if (t != null) {
            throw new IOException("the asynchronous save of step " + step + " in " + dir + " failed: " + describe(t), t);
        }
    }

    private static void validate(long step, Map<String, NdArray> arrays, Map<String, Double> metrics) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative: " + step);
        }
        Objects.requireNonNull(arrays, "arrays");
        Objects.requireNonNull(metrics, "metrics");
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            String n = Objects.requireNonNull(e.getKey(), "array name");
            Objects.requireNonNull(e.getValue(), n);
            if (n.equals(EPOCH) || n.equals(METRICS) || n.equals(METRIC_NAMES)) {
                throw new IllegalArgumentException("'" + n + "' is a reserved member name of checkpoints"
                        + " (epoch, metrics, metric_names)");
            }
            if (n.isEmpty() || n.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad array name: '" + n.replace("\0", "\\x00") + "'");
            }
            if (e.getValue().dtype().hasObject()) {
                throw new IllegalArgumentException(n + ": object arrays cannot be checkpointed");
            }
            NpyWriter.header(e.getValue()); // refuses what np.save cannot write, before any file exists
        }
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            Objects.requireNonNull(e.getKey(), "metric name");
            Objects.requireNonNull(e.getValue(), e.getKey());
            if (e.getKey().isEmpty() || e.getKey().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad metric name: '" + e.getKey().replace("\0", "\\x00") + "'");
            }
        }
    }

    /**
     * Saves {@code arrays} as checkpoint {@code step} without metrics; see {@link #save(long, Map, Map)}.
     *
     * @param step the step
     * @param arrays the named arrays
     * @return the file written
     * @throws IOException if writing fails (nothing new is left in the folder then)
     */
    public Path save(long step, Map<String, NdArray> arrays) throws IOException {
        return save(step, arrays, Map.of());
    }

    /**
     * Saves checkpoint {@code step} synchronously and durably (replacing an existing file of that step), then applies
     * the retention policy. Waits for pending asynchronous saves first, so saves land in call order.
     *
     * @param step the step, at least 0
     * @param arrays the named arrays, in iteration order (use a {@link LinkedHashMap} to fix it)
     * @param metrics the metrics, stored as {@code metrics}/{@code metric_names}
     * @return the file written
     * @throws IllegalStateException if the store is read-only or closed
     * @throws IllegalArgumentException for a reserved or bad name or an array NumPy cannot save
     * @throws IOException if writing fails (the folder then holds what it held), or an earlier asynchronous save
     *     failed (reported once)
     */
    public Path save(long step, Map<String, NdArray> arrays, Map<String, Double> metrics) throws IOException {
        checkWritable();
        validate(step, arrays, metrics);
        awaitSaves();
        return write(step, arrays, new LinkedHashMap<>(metrics));
    }

    /**
     * Saves checkpoint {@code step} in the background: the arrays are copied before this returns, so the caller may
     * mutate them at once. Waits while {@link CheckpointOptions#maxInFlight()} saves are pending or their snapshots
     * would exceed {@link CheckpointOptions#asyncMemoryBudget()}; a save bigger than the whole budget is written
     * synchronously instead (no copy) and returns a completed future. A failure completes the future exceptionally
     * and is thrown again by the next call of a writing method or {@link #close()}.
     *
     * @param step the step, at least 0
     * @param arrays the named arrays
     * @param metrics the metrics
     * @return a future of the file written
     * @throws IllegalStateException if the store is read-only or closed
     * @throws IOException if an earlier asynchronous save failed (reported once) or a synchronous fallback fails
     */
    public CompletableFuture<Path> saveAsync(long step, Map<String, NdArray> arrays, Map<String, Double> metrics)
            throws IOException {
        checkWritable();
        validate(step, arrays, metrics);
        long bytes = 0;
        for (NdArray a : arrays.values()) {
            bytes += a.byteSize();
        }
        if (bytes > options.asyncMemoryBudget()) {
            awaitSaves();
            return CompletableFuture.completedFuture(write(step, arrays, new LinkedHashMap<>(metrics)));
        }
        synchronized (asyncLock) {
            while (inFlight >= options.maxInFlight() || snapshotBytes + bytes > options.asyncMemoryBudget()) {
                try {
                    asyncLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for an earlier checkpoint save", e);
                }
            }
            inFlight++;
            snapshotBytes += bytes;
            if (executor == null) {
                executor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "npy4j-checkpoint-save " + dir.getFileName());
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        long reserved = bytes;
        Map<String, NdArray> snapshot = new LinkedHashMap<>();
        CompletableFuture<Path> future = new CompletableFuture<>();
        try {
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                NdArray a = e.getValue();
                snapshot.put(e.getKey(), a.copy(a.isFContiguous() && !a.isCContiguous() ? Order.F : Order.C));
            }
            Map<String, Double> m = new LinkedHashMap<>(metrics);
            executor.execute(() -> {
                Path p = null;
                Throwable err = null;
                try {
                    p = write(step, snapshot, m);
                } catch (Throwable t) {
                    err = t;
                }
                release(reserved, err, step);
                if (err == null) {
                    future.complete(p);
                } else {
                    future.completeExceptionally(err);
                }
            });
        } catch (RuntimeException | Error e) {
            release(reserved, null, step);
            throw e;
        }
        return future;
    }

    private void release(long bytes, Throwable failure, long step) {
        synchronized (asyncLock) {
            inFlight--;
            snapshotBytes -= bytes;
            if (failure != null && pendingFailure == null) {
                pendingFailure = failure;
                pendingStep = step;
            }
            asyncLock.notifyAll();
        }
    }

    /**
     * Waits until every asynchronous save has finished, then throws the failure of one, if any (once).
     *
     * @throws IOException if an asynchronous save failed
     */
    public void awaitSaves() throws IOException {
        synchronized (asyncLock) {
            while (inFlight > 0) {
                try {
                    asyncLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for checkpoint saves", e);
                }
            }
        }
        throwPending();
    }

    private Path write(long step, Map<String, NdArray> arrays, Map<String, Double> metrics) throws IOException {
        synchronized (writeLock) {
            Path target = dir.resolve(fileName(step));
            NpzWriter w = Npz.writer(target).compressed(options.compressed()).threads(options.threads()).open();
            try {
                w.add(EPOCH, NdArray.of(new long[] {step}));
                for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                    w.add(e.getKey(), e.getValue());
                }
                if (!metrics.isEmpty()) {
                    double[] v = new double[metrics.size()];
                    String[] n = new String[metrics.size()];
                    int i = 0;
                    for (Map.Entry<String, Double> e : metrics.entrySet()) {
                        n[i] = e.getKey();
                        v[i++] = e.getValue();
                    }
                    w.add(METRICS, NdArray.of(v));
                    w.add(METRIC_NAMES, NdArray.ofStrings(n));
                }
            } catch (IOException | RuntimeException | Error e) {
                w.abort();
                throw e;
            }
            w.close(); // forced, renamed into place, folder synced: durable from here on
            metricsCache.put(step, Collections.unmodifiableMap(new LinkedHashMap<>(metrics)));
            // the same step under another padding would shadow or duplicate this one: the new file replaces it
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (stepOf(p.getFileName().toString()) == step && !p.getFileName().equals(target.getFileName())
                            && Files.isRegularFile(p)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            prune(options.retention());
            return target;
        }
    }

    /**
     * Deletes checkpoint {@code step} (every file of that step).
     *
     * @param step the step
     * @return true if a file was deleted
     * @throws IllegalStateException if the store is read-only or closed
     * @throws IOException if deleting fails
     */
    public boolean delete(long step) throws IOException {
        checkWritable();
        synchronized (writeLock) {
            boolean any = false;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (stepOf(p.getFileName().toString()) == step && Files.isRegularFile(p)) {
                        any |= Files.deleteIfExists(p);
                    }
                }
            }
            metricsCache.remove(step);
            if (any) {
                AtomicWrite.syncDirectory(dir);
            }
            return any;
        }
    }

    /**
     * Applies {@code policy} now (saves apply the store's own policy by themselves): deletes every checkpoint file
     * it does not keep, never the newest nor the best. For {@code npy checkpoints DIR --prune}.
     *
     * @param policy the policy
     * @return the files deleted, by ascending step
     * @throws IllegalStateException if the store is read-only or closed
     * @throws IOException if the folder cannot be read or a file cannot be deleted
     */
    public List<Path> prune(Retention policy) throws IOException {
        Objects.requireNonNull(policy, "policy");
        if (lock == null) {
            throw new IllegalStateException("checkpoint store " + dir + " is read-only (" + readOnlyReason + ")");
        }
        List<Path> deleted = new ArrayList<>();
        if (policy.keepsAll()) {
            return deleted;
        }
        synchronized (writeLock) {
            List<Found> found = scan(null);
            List<Retention.Candidate> cands = new ArrayList<>();
            for (Found f : found) {
                long mtime;
                try {
                    mtime = Files.getLastModifiedTime(f.path).toMillis();
                } catch (IOException e) {
                    continue; // vanished
                }
                cands.add(new Retention.Candidate(f.step, mtime,
                        policy.metric() == null ? Map.of() : metricsOf(f)));
            }
            Set<Long> keep = policy.keep(cands);
            for (Found f : found) {
                if (!keep.contains(f.step) && Files.deleteIfExists(f.path)) {
                    deleted.add(f.path);
                    metricsCache.remove(f.step);
                }
            }
            if (!deleted.isEmpty()) {
                AtomicWrite.syncDirectory(dir);
            }
        }
        return deleted;
    }

    /** The metrics of a checkpoint, read (small members only) and cached; empty if unreadable. */
    private Map<String, Double> metricsOf(Found f) {
        return metricsCache.computeIfAbsent(f.step, s -> {
            try (NpzFile npz = Npz.open(f.path)) {
                if (!npz.contains(METRICS) || !npz.contains(METRIC_NAMES)) {
                    return Map.of();
                }
                Map<String, NdArray> small = new LinkedHashMap<>();
                small.put(METRICS, npz.get(METRICS));
                small.put(METRIC_NAMES, npz.get(METRIC_NAMES));
                return Collections.unmodifiableMap(extractMetrics(small, false));
            } catch (IOException | RuntimeException e) {
                return Map.of(); // damaged: never counts as best
            }
        });
    }

    /**
     * Waits for pending asynchronous saves, then releases the folder's lock. Idempotent.
     *
     * @throws IOException if an asynchronous save failed and was not reported yet
     */
    @Override
    public void close() throws IOException {
        ExecutorService ex;
        synchronized (asyncLock) {
            if (closed) {
                return;
            }
            closed = true;
            ex = executor;
        }
        try {
            awaitSaves();
        } finally {
            if (ex != null) {
                ex.shutdown();
                try {
                    ex.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (lock != null) {
                lock.close();
            }
        }
    }

    @Override
    public String toString() {
        return "CheckpointStore[" + dir + (lock == null ? ", read-only" : "") + "]";
    }
}
