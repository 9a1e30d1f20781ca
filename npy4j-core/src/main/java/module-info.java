/**
 * npy4j: NumPy's {@code .npy} and {@code .npz} files (and {@code np.loadtxt} / {@code np.savetxt} text) for the JVM,
 * byte-identical to what NumPy writes and strict on hostile input.
 *
 * <pre>{@code
 * Npy.save(Path.of("a.npy"), NdArray.of(new double[] {1, 2, 3}));   // np.save('a.npy', np.array([1., 2., 3.]))
 * NdArray a = Npy.load(Path.of("a.npy"));                           // a = np.load('a.npy')
 * }</pre>
 *
 * <p>The module requires only JDK modules: {@code java.base}, and {@code jdk.unsupported} for unmapping a
 * memory-mapped file at once on Java 17-21 ({@code sun.misc.Unsafe.invokeCleaner}).
 */
module org.npy4j {
    // Java 17-21 unmap a mapped file at once through sun.misc.Unsafe.invokeCleaner, found reflectively (MappedStorage).
    // Not "requires static": that leaves jdk.unsupported out of the module graph of an application started with -m, the
    // lookup then fails and only the GC unmaps (ModulePathTest checks this on the module path). Java 22+ use an Arena.
    requires jdk.unsupported;

    exports org.npy4j;
    exports org.npy4j.array;
    exports org.npy4j.checkpoint;
    exports org.npy4j.dtype;
    exports org.npy4j.header;
    exports org.npy4j.npy;
    exports org.npy4j.npz;
    exports org.npy4j.text;
}
