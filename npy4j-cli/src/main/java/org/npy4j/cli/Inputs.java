package org.npy4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.NpyException;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.npy.MapMode;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npz.NpzFile;

/** Opening what the user named: {@code a.npy}, {@code d.npz}, {@code d.npz:member}. */
final class Inputs {
    private Inputs() {
    }

    /** A file and, for archives, the member named after a colon (null when none was named). */
    record Target(Path file, String member) {
        String display() {
            return member == null ? file.toString() : file + ":" + member;
        }
    }

    /** Splits {@code FILE[:MEMBER]}: a name that exists as a file wins over a split at the last colon. */
    static Target parse(String arg) {
        Path whole = Path.of(arg);
        if (Files.exists(whole)) {
            return new Target(whole, null);
        }
        int colon = arg.lastIndexOf(':');
        if (colon > 0 && colon < arg.length() - 1) {
            Path file = Path.of(arg.substring(0, colon));
            if (Files.exists(file)) {
                return new Target(file, arg.substring(colon + 1));
            }
        }
        return new Target(whole, null);
    }

    /** True if the file starts like a zip archive (else it is treated as {@code .npy}). */
    static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && b[0] == 'P' && b[1] == 'K';
        }
    }

    /** An opened array and what must be closed after use. */
    static final class Opened implements AutoCloseable {
        final NdArray array;
        final String name;
        private final AutoCloseable resource;

        Opened(NdArray array, String name, AutoCloseable resource) {
            this.array = array;
            this.name = name;
            this.resource = resource;
        }

        @Override
        public void close() throws IOException {
            if (resource != null) {
                try {
                    resource.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /**
     * Opens the array named by {@code arg}. A {@code .npy} is memory-mapped when {@code preferMap} (so printing reads
     * only what it prints), else loaded; so is a stored archive member, while a deflated one is inflated whole.
     */
    static Opened open(String arg, ReadLimits limits, boolean preferMap) throws IOException {
        Target t = parse(arg);
        if (!Files.exists(t.file())) {
            throw new java.nio.file.NoSuchFileException(t.file().toString());
        }
        if (isZip(t.file())) {
            NpzFile z = Npz.open(t.file(), limits);
            try {
                String member = t.member();
                List<String> files = z.files();
                if (member == null) {
                    if (files.size() != 1) {
                        throw new NpyException(t.file().toString(), "an archive of " + files.size()
                                + " members: name one as " + t.file() + ":MEMBER (members: " + String.join(", ", files) + ")");
                    }
                    member = files.get(0);
                }
                if (!z.contains(member)) {
                    throw new NpyException(t.file().toString(), "no member '" + member + "' (members: "
                            + String.join(", ", files) + ")");
                }
                if (preferMap && z.entry(member).method() == 0) {
                    // a stored member is mapped in place, so printing reads only what it prints
                    return new Opened(z.map(member), t.file() + ":" + member, z);
                }
                return new Opened(z.get(member), t.file() + ":" + member, z);
            } catch (IOException | RuntimeException e) {
                z.close();
                throw e;
            }
        }
        if (t.member() != null) {
            throw new NpyException(t.file().toString(), "not an .npz archive, so it has no member '" + t.member() + "'");
        }
        if (preferMap) {
            MappedNpy m = Npy.map(t.file(), MapMode.READ_ONLY, limits);
            return new Opened(m.array(), t.file().toString(), m);
        }
        return new Opened(Npy.load(t.file(), limits), t.file().toString(), null);
    }
}
