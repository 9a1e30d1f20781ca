package org.npy4j.npz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.npy4j.NpyFormatException;
import org.npy4j.NpyLimitException;
import org.npy4j.NpyTruncatedException;
import org.npy4j.NpyUnsupportedException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.array.Storage;
import org.npy4j.header.NpyHeader;

/**
 * An open {@code .npz} archive, like NumPy's {@code NpzFile} ({@code np.load('d.npz')}): opening reads only the zip's
 * central directory; each {@link #get} reads, inflates and checks one member. Unlike NumPy, a stored member can also
 * be {@linkplain #map memory-mapped} straight out of the archive.
 *
 * <pre>{@code
 * try (NpzFile f = Npz.open(Path.of("d.npz"))) {   // with np.load('d.npz') as f:
 *     List<String> names = f.files();               //     f.files
 *     NdArray x = f.get("x");                        //     f['x']
 * }
 * }</pre>
 *
 * <p><b>Names.</b> {@link #files()} lists every member in archive order with one trailing {@code .npy} removed, as
 * NumPy's {@code .files} does, including members that are not arrays ({@code README.txt}: read them with
 * {@link #bytes}). Lookups accept the name with or without {@code .npy}; when both {@code x} and {@code x.npy} exist,
 * {@code "x"} means the member {@code x} (as NumPy 2.4). Member names are only ever compared, never used as file paths,
 * so names such as {@code ../evil}, {@code /abs} or names with NUL are harmless. A name that occurs twice in the
 * directory is listed twice but cannot be looked up by name (that would be ambiguous): use {@link #get(NpzEntry)}.
 *
 * <p><b>Checks.</b> Every member read in full has its CRC-32 verified; a deflated member may never inflate past the
 * size the directory declares (a zip bomb stops after that many bytes, having allocated only the declared array), the
 * {@code .npy} header must agree with that size, and {@link ReadLimits} bounds the entry count, the header and the
 * inflated bytes per member and per archive. Problems throw an {@link org.npy4j.NpyException} subclass whose message
 * names {@code archive.npz:member}.
 *
 * <p><b>Threads.</b> Reads use positional I/O on one {@link FileChannel}, and each read has its own inflater, so any
 * number of threads may read members of one open archive at the same time. {@link #close()} ends all reads. A stored
 * member of 1 MiB or more is copied out of a read-only mapping of the archive (not on Windows, nor with
 * {@code -Dnpy4j.noMappedRead=true}), from 8 MiB on in parallel parts ({@code -Dnpy4j.threads=1} keeps it on the
 * calling thread), and its CRC-32 is checked all the same.
 */
public final class NpzFile implements AutoCloseable {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Mapped views are split into 1 GiB chunks, the largest power of two a {@link ByteBuffer} holds. */
    static final int MAP_CHUNK_SHIFT = 30;
    /** Deflate's best case: a 258-byte match coded in 2 bits, so no stream inflates more than 1032 times its size. */
    static final long MAX_DEFLATE_RATIO = 1032;

    private final Path path;
    private final String source;
    private final FileChannel channel;
    private final ReadLimits limits;
    private final ZipDirectory directory;
    private final List<String> files;
    private final List<NpzEntry> entries;
    private final Map<String, List<ZipMember>> byName = new HashMap<>();
    private final AtomicLong inflated = new AtomicLong();
    private volatile boolean closed;
    int mapChunkShift = MAP_CHUNK_SHIFT;
    /** Test hook: copy large stored members out of a mapping ({@link MemberInput#MAPPED_READ} by default). */
    boolean mappedRead = MemberInput.MAPPED_READ;
    /** Test hook: chunk size (log2) of the storage {@link #get} allocates; 0 for the default. */
    int storageChunkShift;
    /** Test hook: runs in each part of a mapped copy of a stored member, after mapping, before copying. */
    Runnable beforeMappedCopy;

    private NpzFile(Path path, FileChannel channel, ReadLimits limits, ZipDirectory directory) {
        this.path = path;
        this.source = path.toString();
        this.channel = channel;
        this.limits = limits;
        this.directory = directory;
        List<String> f = new ArrayList<>(directory.members.size());
        List<NpzEntry> e = new ArrayList<>(directory.members.size());
        for (ZipMember m : directory.members) {
            f.add(m.name.endsWith(".npy") ? m.name.substring(0, m.name.length() - 4) : m.name);
            e.add(new NpzEntry(m.name, m.method, m.compressedSize, m.size, m.crc, m.encrypted(), m.index));
            byName.computeIfAbsent(m.name, k -> new ArrayList<>(1)).add(m);
        }
        this.files = Collections.unmodifiableList(f);
        this.entries = Collections.unmodifiableList(e);
    }

    /**
     * Opens {@code path} under {@code limits}, reading only the end records and the central directory
     * ({@link org.npy4j.Npz#open(Path, ReadLimits)} is the usual way in).
     *
     * @param path the archive
     * @param limits the limits to enforce
     * @return the open archive
     * @throws IOException if the file cannot be read, is not a valid zip, or exceeds {@code limits}
     */
    public static NpzFile open(Path path, ReadLimits limits) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new NpzFile(path, ch, limits, ZipDirectory.read(ch, path.toString(), limits));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Returns the archive's path.
     *
     * @return the path given to open
     */
    public Path path() {
        return path;
    }

    /**
     * Member names as NumPy's {@code .files}: archive order, one trailing {@code .npy} stripped, non-arrays included.
     *
     * @return the names, unmodifiable
     */
    public List<String> files() {
        return files;
    }

    /**
     * The archive's entries with their zip metadata, in archive order.
     *
     * @return the entries, unmodifiable
     */
    public List<NpzEntry> entries() {
        return entries;
    }

    /**
     * True if {@code name} (with or without {@code .npy}) is a member.
     *
     * @param name a member name
     * @return whether the archive has it
     */
    public boolean contains(String name) {
        return byName.containsKey(name) || byName.containsKey(name + ".npy");
    }

    /**
     * Returns the entry of member {@code name} (with or without {@code .npy}).
     *
     * @param name a member name, with or without {@code .npy}
     * @return its entry
     * @throws IOException if the name is ambiguous
     */
    public NpzEntry entry(String name) throws IOException {
        return entries.get(resolve(name).index);
    }

    /**
     * Reads member {@code name} (with or without {@code .npy}) as an array in heap storage of its own (chunked past
     * 2 GiB), verifying its CRC-32; like {@code f[name]}, every call reads again and returns a new array, read-only like
     * {@link org.npy4j.Npy#load(java.nio.file.Path) Npy.load}'s ({@code copy()} gives a writable one).
     *
     * @param name a member name, with or without {@code .npy}
     * @return a new array
     * @throws NoSuchElementException if there is no such member ({@code KeyError} in NumPy)
     * @throws IOException if the member cannot be read or is invalid (an {@link org.npy4j.NpyException} naming it)
     */
    public NdArray get(String name) throws IOException {
        return read(resolve(name));
    }

    /**
     * Reads the member of {@code entry} (one of {@link #entries()}), the way to reach duplicated names.
     *
     * @param entry an entry of this archive
     * @return a new array
     * @throws IOException if the member cannot be read or is invalid (an {@link org.npy4j.NpyException} naming it)
     */
    public NdArray get(NpzEntry entry) throws IOException {
        return read(member(entry));
    }

    /**
     * Reads only the {@code .npy} header of member {@code name}, inflating just the header's bytes.
     *
     * @param name a member name, with or without {@code .npy}
     * @return the header
     * @throws IOException if the member cannot be read or is invalid (an {@link org.npy4j.NpyException} naming it)
     */
    public NpyHeader header(String name) throws IOException {
        ZipMember m = resolve(name);
        String where = where(m);
        try (MemberInput in = open(m, where)) {
            return readHeader(in, m, where);
        }
    }

    /**
     * Opens member {@code name} (with or without {@code .npy}) as a stream of its uncompressed bytes, {@code .npy}
     * header included, inflating only as it is read and never past the declared size; the CRC-32 is checked when the
     * last byte is read. For members too large to hold whole (a data source reading a deflated member row by row).
     *
     * @param name a member name, with or without {@code .npy}
     * @return the stream (close it; closing the archive ends it too)
     * @throws IOException if the member cannot be opened (an {@link org.npy4j.NpyException} naming it)
     */
    public InputStream stream(String name) throws IOException {
        ZipMember m = resolve(name);
        return open(m, where(m));
    }

    /**
     * Returns the raw uncompressed bytes of member {@code name} (with or without {@code .npy}), CRC checked: how
     * NumPy returns members that are not {@code .npy} files ({@code f['README.txt']} gives {@code bytes}).
     *
     * @param name a member name, with or without {@code .npy}
     * @return the bytes
     * @throws IOException if the member cannot be read or is invalid (an {@link org.npy4j.NpyException} naming it)
     */
    public byte[] bytes(String name) throws IOException {
        return bytes(resolve(name));
    }

    /**
     * Returns the raw uncompressed bytes of the member of {@code entry} (one of {@link #entries()}).
     *
     * @param entry an entry of this archive
     * @return the bytes
     * @throws IOException if the member cannot be read or is invalid (an {@link org.npy4j.NpyException} naming it)
     */
    public byte[] bytes(NpzEntry entry) throws IOException {
        return bytes(member(entry));
    }

    private byte[] bytes(ZipMember m) throws IOException {
        String where = where(m);
        if (m.size > Integer.MAX_VALUE - 8) {
            throw new NpyLimitException(where, "maxInflatedBytesPerMember", m.size, Integer.MAX_VALUE - 8);
        }
        reserve(m, where);
        try (MemberInput in = open(m, where)) {
            byte[] out = new byte[(int) m.size];
            if (mappedRead && m.method == Zip.STORED && m.size >= MemberInput.MAPPED_READ_MIN) {
                in.readStoredMapped(Storage.wrap(out), beforeMappedCopy);
                return out;
            }
            int done = 0;
            while (done < out.length) {
                int n = in.read(out, done, out.length - done);
                if (n < 0) {
                    throw new NpyTruncatedException(where, done, "member ends early");
                }
                done += n;
            }
            return out;
        }
    }

    /**
     * Returns a read-only array whose storage is a memory mapping of the stored member's data inside the archive:
     * nothing is copied or read beyond the header, so members larger than the heap work (NumPy cannot map members of
     * an {@code .npz}). The mapping is split into 1 GiB chunks. The data's CRC-32 is <em>not</em> verified (that would
     * read the whole member); call {@link #verify} for that, or use {@link #get} for a checked copy.
     *
     * <p>The mapping stays valid after this archive is closed and is released only when the array becomes
     * unreachable and is garbage-collected (Java offers no safe unmapping); on Windows the archive file cannot be
     * deleted or replaced while such a mapping lives.
     *
     * @param name a member name, with or without {@code .npy}
     * @return a read-only array over the mapping
     * @throws NpyUnsupportedException if the member is deflated (only stored members, {@code np.savez}, can be mapped)
     */
    public NdArray map(String name) throws IOException {
        ZipMember m = resolve(name);
        String where = where(m);
        NpyHeader h;
        long start;
        try (MemberInput in = open(m, where)) {
            if (m.method != Zip.STORED) {
                throw new NpyUnsupportedException(where, "cannot map a " + Zip.methodName(m.method)
                        + " member; only stored members (np.savez) can be mapped, read it with get()");
            }
            h = readHeader(in, m, where);
            start = m.dataStart + h.dataOffset();
        }
        long n = h.dataBytes();
        int shift = mapChunkShift;
        long chunk = 1L << shift;
        int count = (int) Math.max(1, (n + chunk - 1) >>> shift);
        ByteBuffer[] bufs = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long len = Math.min(chunk, n - (long) i * chunk);
            bufs[i] = len == 0 ? ByteBuffer.allocate(0).asReadOnlyBuffer()
                    : channel.map(FileChannel.MapMode.READ_ONLY, start + (long) i * chunk, len);
        }
        return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C,
                Storage.ofChunks(bufs, shift), 0, false);
    }

    /**
     * Reads member {@code name} through without keeping it, checking its CRC-32 and sizes (like Python's
     * {@code ZipFile.testzip} for one member): the check {@link #map} skips. Does not count against the inflation
     * limits, since nothing is kept.
     *
     * @param name a member name, with or without {@code .npy}
     * @throws IOException if the member is corrupt or cannot be read (an {@link org.npy4j.NpyException} naming it)
     */
    public void verify(String name) throws IOException {
        ZipMember m = resolve(name);
        String where = where(m);
        try (MemberInput in = open(m, where)) {
            byte[] scratch = new byte[1 << 16];
            while (in.read(scratch, 0, scratch.length) >= 0) {
                // MemberInput checks the CRC when the last declared byte has been read
            }
        }
    }

    /** Closes the archive; later reads throw {@link IllegalStateException}. Mapped arrays stay valid. */
    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    /** Like NumPy's repr: {@code NpzFile 'd.npz' with keys: x, y} (at most five names, then {@code ...}). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NpzFile '").append(source).append("' with keys: ");
        for (int i = 0; i < Math.min(5, files.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(files.get(i));
        }
        if (files.size() > 5) {
            sb.append("...");
        }
        return sb.toString();
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    private ZipMember resolve(String name) throws NpyFormatException {
        if (closed) {
            throw new IllegalStateException(source + ": archive is closed");
        }
        List<ZipMember> found = byName.get(name);
        if (found == null) {
            found = byName.get(name + ".npy");
        }
        if (found == null) {
            throw new NoSuchElementException(name + " is not a file in the archive " + source);
        }
        if (found.size() > 1) {
            throw new NpyFormatException(where(found.get(0)), "the archive holds " + found.size()
                    + " members with this name; the name is ambiguous (read them through get(NpzEntry))");
        }
        return found.get(0);
    }

    private ZipMember member(NpzEntry entry) {
        if (closed) {
            throw new IllegalStateException(source + ": archive is closed");
        }
        if (entry.index < 0 || entry.index >= entries.size() || entries.get(entry.index) != entry) {
            throw new IllegalArgumentException(entry + " is not an entry of " + source);
        }
        return directory.members.get(entry.index);
    }

    private String where(ZipMember m) {
        return source + ":" + m.name;
    }

    private NdArray read(ZipMember m) throws IOException {
        String where = where(m);
        reserve(m, where);
        try (MemberInput in = open(m, where)) {
            NpyHeader h = readHeader(in, m, where);
            Storage s = storageChunkShift > 0 ? Storage.allocate(h.dataBytes(), storageChunkShift)
                    : Storage.allocate(h.dataBytes());
            if (mappedRead && m.method == Zip.STORED && h.dataBytes() >= MemberInput.MAPPED_READ_MIN) {
                in.readStoredMapped(s, beforeMappedCopy);
                return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, s, 0, false);
            }
            for (int i = 0; i < s.chunkCount(); i++) {
                ByteBuffer c = s.chunk(i);
                while (c.hasRemaining()) {
                    if (in.read(c) < 0) {
                        throw new NpyTruncatedException(where, -1, "member ends inside the array data");
                    }
                }
            }
            // the last byte read made MemberInput check the end of the deflate stream and the CRC-32
            return NdArray.contiguous(h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, s, 0, false);
        }
    }

    /** Counts a member against the inflation limits before a single byte of it is read. */
    private void reserve(ZipMember m, String where) throws NpyLimitException {
        if (m.size > limits.maxInflatedBytesPerMember()) {
            throw new NpyLimitException(where, "maxInflatedBytesPerMember", m.size, limits.maxInflatedBytesPerMember());
        }
        long total = inflated.addAndGet(m.size);
        if (total < 0 || total > limits.maxInflatedBytesPerArchive()) {
            inflated.addAndGet(-m.size);
            throw new NpyLimitException(where, "maxInflatedBytesPerArchive", total, limits.maxInflatedBytesPerArchive());
        }
    }

    private NpyHeader readHeader(MemberInput in, ZipMember m, String where) throws IOException {
        byte[] magic = new byte[(int) Math.min(NPY_MAGIC.length, m.size)];
        int done = 0;
        while (done < magic.length) {
            int n = in.read(magic, done, magic.length - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        if (!Arrays.equals(magic, NPY_MAGIC)) {
            throw new NpyFormatException(where, 0, "member is not a .npy file (no \\x93NUMPY magic);"
                    + " read raw members with bytes(name)");
        }
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(magic), new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the member stream belongs to the caller
            }
        });
        NpyHeader h = NpyHeader.read(Channels.newChannel(rest), limits, where);
        if (h.dtype().hasObject()) {
            throw new NpyUnsupportedException(where, "object arrays cannot be loaded (pickled data is refused)");
        }
        long declared;
        try {
            declared = Math.addExact(h.dataOffset(), h.dataBytes());
        } catch (ArithmeticException e) {
            declared = -1;
        }
        if (declared != m.size) {
            throw new NpyFormatException(where, "the .npy header declares " + h.dataOffset() + " header bytes and "
                    + (declared < 0 ? "an overflowing number of" : String.valueOf(h.dataBytes()))
                    + " data bytes, but the zip directory says the member holds " + m.size + " bytes");
        }
        return h;
    }

    private MemberInput open(ZipMember m, String where) throws IOException {
        if (closed) {
            throw new IllegalStateException(source + ": archive is closed");
        }
        if (m.encrypted()) {
            throw new NpyUnsupportedException(where, "member is encrypted (zip flag bit 0); encryption is not supported");
        }
        if (m.method != Zip.STORED && m.method != Zip.DEFLATED) {
            throw new NpyUnsupportedException(where, "compression method " + m.method + " (" + Zip.methodName(m.method)
                    + ") is not supported; only stored (0) and deflate (8) members can be read");
        }
        if (m.method == Zip.DEFLATED && m.size > m.compressedSize * MAX_DEFLATE_RATIO + 64) {
            // checked before any allocation: the declared size is the only thing a lying directory controls
            throw new NpyFormatException(where, "declares " + m.size + " uncompressed bytes from only "
                    + m.compressedSize + " deflated bytes, more than deflate can produce (at most "
                    + MAX_DEFLATE_RATIO + " to 1)");
        }
        if (m.method == Zip.STORED && m.compressedSize != m.size) {
            throw new NpyFormatException(where, "stored member declares " + m.compressedSize + " bytes in the archive"
                    + " but " + m.size + " uncompressed");
        }
        try {
            return new MemberInput(channel, where, m, dataStart(m, where));
        } catch (ClosedChannelException e) {
            throw new IllegalStateException(source + ": archive is closed", e);
        }
    }

    /** Reads and validates the member's local header against the central directory; cached once valid. */
    private long dataStart(ZipMember m, String where) throws IOException {
        long start = m.dataStart;
        if (start >= 0) {
            return start;
        }
        byte[] h = ZipDirectory.readFully(channel, m.localOffset, Zip.LOCAL_HEADER, where);
        if (Zip.getInt(h, 0) != Zip.LOCAL_SIG) {
            throw new NpyFormatException(where, m.localOffset, "no local file header where the directory points");
        }
        int flags = Zip.getShort(h, 6);
        int method = Zip.getShort(h, 8);
        int nameLen = Zip.getShort(h, 26);
        int extraLen = Zip.getShort(h, 28);
        byte[] ne = ZipDirectory.readFully(channel, m.localOffset + Zip.LOCAL_HEADER, nameLen + extraLen, where);
        if (!Arrays.equals(ne, 0, nameLen, m.rawName, 0, m.rawName.length)) {
            throw new NpyFormatException(where, m.localOffset, "the local header names a different member");
        }
        if (method != m.method || (flags & Zip.FLAG_ENCRYPTED) != (m.flags & Zip.FLAG_ENCRYPTED)) {
            throw new NpyFormatException(where, m.localOffset, "local header and central directory disagree on"
                    + " method or encryption");
        }
        if ((flags & Zip.FLAG_DESCRIPTOR) == 0) {
            long crc = Zip.getInt(h, 14);
            long[] z = {Zip.getInt(h, 22), Zip.getInt(h, 18), 0, 0};
            ZipDirectory.resolveZip64(Arrays.copyOfRange(ne, nameLen, ne.length), z,
                    new boolean[] {z[0] == Zip.U32, z[1] == Zip.U32, false, false}, where, m.localOffset);
            if (crc != m.crc || z[0] != m.size || z[1] != m.compressedSize) {
                throw new NpyFormatException(where, m.localOffset, "local header (CRC " + Long.toHexString(crc) + ", "
                        + z[1] + " -> " + z[0] + " bytes) and central directory (CRC " + Long.toHexString(m.crc) + ", "
                        + m.compressedSize + " -> " + m.size + " bytes) disagree");
            }
        }
        start = m.localOffset + Zip.LOCAL_HEADER + nameLen + extraLen;
        if (start + m.compressedSize > directory.cdOffset) {
            throw new NpyFormatException(where, start, "member data (" + m.compressedSize
                    + " bytes) runs into the central directory");
        }
        m.dataStart = start;
        return start;
    }
}
