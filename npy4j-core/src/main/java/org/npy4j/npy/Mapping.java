package org.npy4j.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.header.NpyHeader;

/**
 * Memory mapping of {@code .npy} files, behind {@link org.npy4j.Npy#map} ({@code np.load(path, mmap_mode=...)}) and
 * {@link org.npy4j.Npy#create} ({@code np.lib.format.open_memmap(path, mode='w+', ...)}).
 *
 * <pre>{@code
 * try (MappedNpy m = Mapping.create(path, DType.FLOAT64, new long[] {1000, 1000}, Order.C, false)) {
 *     m.array().setDouble(1.0, 0, 0);                                 // a[0, 0] = 1.0, straight into the file
 * }
 * }</pre>
 *
 * <p>Opening is O(1) in the file size, in time and heap: only the header is read, and the data region is mapped (not
 * read) in chunks of {@code 2^30} bytes, each when first touched; the OS pages data in as elements are touched. The file must hold at least the bytes its header
 * declares (bytes after them are ignored, as NumPy ignores them).
 *
 * <p>Thread safety: stateless static methods, safe to call from any thread.
 */
public final class Mapping {
    private Mapping() {
    }

    /**
     * Maps {@code path} in {@code mode} with 1 GiB chunks; see {@link #map(Path, MapMode, ReadLimits, int)}.
     *
     * @param path the {@code .npy} file
     * @param mode read-only, read-write or copy-on-write
     * @param limits the bounds on header length and element count
     * @return the mapping; close it to unmap
     * @throws IOException if the file cannot be mapped, or a {@link org.npy4j.NpyException} for a bad header
     */
    public static MappedNpy map(Path path, MapMode mode, ReadLimits limits) throws IOException {
        return map(path, mode, limits, MappedStorage.DEFAULT_CHUNK_SHIFT);
    }

    /**
     * Maps the {@code .npy} file {@code path} in {@code mode}, reading only its header under {@code limits}. The
     * mapping is split into chunks of {@code 1 << chunkShift} bytes (3..30; the default 30 is right for real use,
     * small values exercise chunk-boundary code in tests). Chunks are mapped when first touched; on Java 17-21 the
     * file stays open (one descriptor) until every chunk is mapped or the mapping is closed, and for a file of at most
     * one chunk it is closed at once.
     *
     * <p>Unlike NumPy, {@link MapMode#COPY_ON_WRITE} needs write permission on the file: the JDK creates private
     * mappings only through a channel opened for writing (nothing is ever written to the file).
     *
     * @param path the {@code .npy} file
     * @param mode read-only, read-write or copy-on-write
     * @param limits the bounds on header length and element count
     * @param chunkShift log2 of the chunk size, 3..30
     * @return the mapping; close it to unmap
     * @throws NpyTruncatedException if the file is shorter than its header declares
     * @throws NpyUnsupportedException for object ({@code '|O'}) dtypes, whose data is pickled
     * @throws NpyFormatException for a malformed header (and its subclasses for limits)
     */
    public static MappedNpy map(Path path, MapMode mode, ReadLimits limits, int chunkShift) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(limits, "limits");
        String source = path.toString();
        // the JDK maps PRIVATE (copy-on-write) only through a channel open for writing, although nothing is written
        OpenOption[] options = mode != MapMode.READ_ONLY
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
        // the file key from before the open lets a lazy mapping reopen this very file if an interrupt closes it
        Object key = MappedStorage.fileKey(path);
        FileChannel ch = FileChannel.open(path, options);
        boolean handedOver = false;
        try {
            NpyHeader header = NpyHeader.read(ch, limits, source);
            if (header.dtype().hasObject()) {
                throw new NpyUnsupportedException(source, "array can't be memory-mapped: Python objects in dtype "
                        + header.descr() + " (the data is pickled)");
            }
            long dataBytes;
            long end;
            try {
                dataBytes = header.dataBytes();
                end = Math.addExact(header.dataOffset(), dataBytes);
            } catch (ArithmeticException e) {
                throw new NpyFormatException(source, "shape " + java.util.Arrays.toString(header.shape())
                        + " of " + header.descr() + " overflows 64-bit byte counts");
            }
            long fileSize = ch.size();
            if (fileSize < end) {
                throw new NpyTruncatedException(source, fileSize, "mmap length is greater than file size: the header"
                        + " declares " + dataBytes + " data bytes from offset " + header.dataOffset()
                        + ", the file has " + fileSize + " bytes");
            }
            handedOver = true; // the storage owns the channel now, also if mapping fails
            MappedStorage storage = MappedStorage.mapOwned(ch, new MappedStorage.Reopener(path, options, key),
                    channelMode(mode), header.dataOffset(), dataBytes, chunkShift, description(path));
            return wrap(path, header, mode, storage);
        } finally {
            if (!handedOver) {
                ch.close();
            }
        }
    }

    /**
     * Creates {@code path} with 1 GiB chunks; see {@link #create(Path, DType, long[], Order, boolean, int)}.
     *
     * @param path the file to create
     * @param dtype the element type
     * @param shape the array's shape
     * @param order C or Fortran order of the data
     * @param overwrite whether an existing file at {@code path} may be replaced
     * @return the read-write mapping of the new array; close it to unmap
     * @throws IOException if the file exists and {@code overwrite} is false, or cannot be created or mapped
     */
    public static MappedNpy create(Path path, DType dtype, long[] shape, Order order, boolean overwrite) throws IOException {
        return create(path, dtype, shape, order, overwrite, MappedStorage.DEFAULT_CHUNK_SHIFT);
    }

    /**
     * Creates a new zero-filled {@code .npy} of {@code dtype}, {@code shape} and {@code order} and maps it read-write.
     * The header is exactly what {@code np.save} writes for such an array ({@code fortran_order: True} only when the
     * array is Fortran- and not also C-contiguous, i.e. {@code order == F} with more than one axis longer than 1), so
     * once filled the file is byte-identical to {@code np.save}'s. The data is not written: the file is extended
     * sparsely, so creating a 100 GB array takes no time and no disk until pages are written.
     *
     * <p>Unlike NumPy's {@code open_memmap(mode='w+')}, an existing file is never replaced unless {@code overwrite}
     * is true; then the new file is built under a temporary name in the same directory and renamed over the old one,
     * so a failure leaves the old file intact.
     *
     * @param path the file to create
     * @param dtype the element type
     * @param shape the array's shape
     * @param order C or Fortran order of the data
     * @param overwrite whether an existing file at {@code path} may be replaced
     * @param chunkShift log2 of the chunk size, 3..30
     * @return the read-write mapping of the new array; close it to unmap
     * @throws FileAlreadyExistsException if {@code path} exists and {@code overwrite} is false
     * @throws IllegalArgumentException for a negative or overflowing shape or an object dtype
     */
    public static MappedNpy create(Path path, DType dtype, long[] shape, Order order, boolean overwrite, int chunkShift)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(order, "order");
        long[] s = shape.clone();
        long dataBytes;
        try {
            dataBytes = Math.multiplyExact(NdArray.sizeOf(s), (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(s) + " of " + dtype
                    + " overflows 64-bit byte counts", e);
        }
        if (dtype.hasObject()) {
            throw new IllegalArgumentException("array can't be memory-mapped: Python objects in dtype " + dtype);
        }
        if (chunkShift < 3 || chunkShift > 30) {
            throw new IllegalArgumentException("chunk shift out of range 3..30: " + chunkShift);
        }
        NpyHeader header = NpyHeader.of(dtype, s, order == Order.F && isFortranOnly(s));
        byte[] headerBytes = header.encode();
        if (!overwrite) {
            java.nio.file.attribute.FileTime before = AtomicWrite.dirTimeOf(path.toAbsolutePath());
            FileChannel ch;
            try {
                ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(path.toString(), null,
                        "refusing to replace an existing file (pass overwrite=true to replace it)");
            }
            boolean ok = false;
            try {
                MappedNpy m = fill(path, path, ch, header, headerBytes, dataBytes, order, chunkShift);
                ok = true;
                AtomicWrite.cleanAfter(path.toAbsolutePath(), before);
                return m;
            } finally {
                if (!ok) {
                    Files.deleteIfExists(path);
                }
            }
        }
        // created with the usual permissions (not Files.createTempFile's owner-only ones): it becomes the target;
        // locked until renamed, so a leftover of a killed process is recognised and deleted by later writes
        AtomicWrite.Held held = AtomicWrite.hold(path);
        MappedNpy m = null;
        boolean moved = false;
        try {
            // the locked channel itself: on Windows the lock would block writes through any other handle
            m = fill(path, held.path, held.handOver(), header, headerBytes, dataBytes, order, chunkShift);
            held.relockIfClosed(); // a mapping that needs no channel has closed it, and with it the lock

            moveOver(held.path, path);
            moved = true;
            MappedNpy done = m;
            m = null;
            held.renamed();
            AtomicWrite.cleanAfter(held.target, held.before);
            return done;
        } finally {
            if (m != null) {
                m.close();
            }
            if (!moved) {
                held.release(true);
            }
        }
    }

    /**
     * Writes the header, extends the file to its full (sparse) size, forces both, and maps the data read-write. The
     * mapping owns {@code ch} (open on {@code file}, which becomes {@code path}) from here on, also on failure.
     */
    private static MappedNpy fill(Path path, Path file, FileChannel ch, NpyHeader header, byte[] headerBytes,
            long dataBytes, Order order, int chunkShift) throws IOException {
        Object key;
        try {
            writeFully(ch, ByteBuffer.wrap(headerBytes), 0);
            if (dataBytes > 0) {
                // one byte at the very end makes the file its full length without writing (or allocating) the rest
                writeFully(ch, ByteBuffer.wrap(new byte[1]), headerBytes.length + dataBytes - 1);
            }
            ch.force(true);
            // the file was just created by this call: its key now is the key of what ch writes (a rename keeps it)
            key = MappedStorage.fileKey(file);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
        MappedStorage storage = MappedStorage.mapOwned(ch, new MappedStorage.Reopener(path,
                new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}, key),
                FileChannel.MapMode.READ_WRITE, headerBytes.length, dataBytes, chunkShift, description(path));
        return new MappedNpy(path, header, MapMode.READ_WRITE, storage,
                NdArray.contiguous(header.dtype(), header.shape(), order, storage, 0, true));
    }

    private static MappedNpy wrap(Path path, NpyHeader header, MapMode mode, MappedStorage storage) {
        NdArray a = NdArray.contiguous(header.dtype(), header.shape(), header.fortranOrder() ? Order.F : Order.C, storage,
                0, mode != MapMode.READ_ONLY);
        return new MappedNpy(path, header, mode, storage, a);
    }

    static String description(Path path) {
        return "MappedNpy(path=" + path + ")";
    }

    static FileChannel.MapMode channelMode(MapMode mode) {
        switch (mode) {
            case READ_ONLY:
                return FileChannel.MapMode.READ_ONLY;
            case READ_WRITE:
                return FileChannel.MapMode.READ_WRITE;
            default:
                return FileChannel.MapMode.PRIVATE;
        }
    }

    /**
     * True if a Fortran-ordered array of {@code shape} is not also C-contiguous (NumPy's relaxed rule: empty arrays
     * and arrays with at most one axis longer than 1 are both), the only case {@code np.save} writes
     * {@code fortran_order: True}.
     */
    static boolean isFortranOnly(long[] shape) {
        int longAxes = 0;
        for (long d : shape) {
            if (d == 0) {
                return false;
            }
            if (d != 1) {
                longAxes++;
            }
        }
        return longAxes > 1;
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += ch.write(b, position);
        }
    }

    /**
     * Renames {@code tmp} over {@code target} atomically (a plain rename where the file system cannot promise
     * atomicity) and syncs the directory, as {@link AtomicWrite} does for saves.
     */
    static void moveOver(Path tmp, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicWrite.syncDirectory(abs.getParent());
    }
}
