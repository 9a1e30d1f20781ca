package org.npy4j.spark;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * File access for the data source. Local paths (no scheme under a {@code file:} default file system, or
 * {@code file:} URIs) go through {@code java.nio}; every other scheme goes through Hadoop's {@code FileSystem}.
 * Local files never touch Hadoop: on JDK 24+ Hadoop's {@code UserGroupInformation} fails, and the local case must not.
 */
final class Store implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String defaultFs;
    /** Null when every path is local: then nothing of Hadoop is shipped or touched. */
    private final HadoopConf hadoop;

    Store(String defaultFs, HadoopConf hadoop) {
        this.defaultFs = defaultFs == null ? "file:///" : defaultFs;
        this.hadoop = hadoop;
    }

    /** A listed data file. */
    static final class FileInfo implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;
        final long size;

        FileInfo(String path, long size) {
            this.path = path;
            this.size = size;
        }
    }

    /** Returns true if {@code path} is read through java.nio. */
    boolean isLocal(String path) {
        String scheme = scheme(path);
        if (scheme == null) {
            String d = scheme(defaultFs);
            return d == null || d.equals("file");
        }
        return scheme.equals("file");
    }

    /** Returns the URI scheme of {@code path} in lower case, or null (a Windows drive letter is not a scheme). */
    static String scheme(String path) {
        int colon = path.indexOf(':');
        if (colon < 2) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = path.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return null;
            }
        }
        return path.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    static Path localPath(String path) {
        if (scheme(path) != null) {
            return Path.of(URI.create(path.startsWith("file:/") && !path.startsWith("file://") ? "file://" + path.substring(5)
                    : path));
        }
        return Path.of(path);
    }

    private org.apache.hadoop.conf.Configuration conf() {
        if (hadoop == null) {
            throw new IllegalStateException("no Hadoop configuration: the path was planned as local");
        }
        return hadoop.get();
    }

    /** Returns true if {@code name} is skipped in listings as Spark's file sources skip it. */
    static boolean hidden(String name) {
        return (name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
    }

    static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /**
     * Lists the data files under {@code paths}: files as given, directories recursively (only names ending in
     * {@code extension}, hidden names skipped), globs expanded. Fails if a path matches nothing.
     */
    List<FileInfo> list(List<String> paths, String extension) {
        List<FileInfo> out = new ArrayList<>();
        for (String p : paths) {
            int before = out.size();
            try {
                if (isLocal(p)) {
                    listLocal(p, extension, out);
                } else {
                    listHadoop(p, extension, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
            }
            if (out.size() == before && !hasGlob(p)) {
                // an existing but empty directory is fine; a missing path is not
                if (isLocal(p) ? !Files.exists(localPath(p)) : !existsHadoop(p)) {
                    throw new IllegalArgumentException("Path does not exist: " + p);
                }
            }
        }
        out.sort(Comparator.comparing(f -> f.path));
        List<FileInfo> unique = new ArrayList<>();
        for (FileInfo f : out) {
            if (unique.isEmpty() || !unique.get(unique.size() - 1).path.equals(f.path)) {
                unique.add(f);
            }
        }
        return unique;
    }

    private boolean existsHadoop(String p) {
        try {
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(p);
            return hp.getFileSystem(conf()).exists(hp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void listLocal(String p, String ext, List<FileInfo> out) throws IOException {
        if (!hasGlob(p)) {
            Path path = localPath(p).toAbsolutePath().normalize();
            addLocal(path, ext, true, out);
            return;
        }
        String s = p;
        if (scheme(p) != null) {
            s = p.substring(p.indexOf(':') + 1);
            while (s.startsWith("//")) {
                s = s.substring(1);
            }
        }
        String[] parts = s.split("/");
        int i = 0;
        Path base = s.startsWith("/") ? Path.of("/") : Path.of("").toAbsolutePath();
        for (; i < parts.length; i++) {
            if (hasGlob(parts[i])) {
                break;
            }
            if (!parts[i].isEmpty()) {
                base = base.resolve(parts[i]);
            }
        }
        StringBuilder rest = new StringBuilder();
        for (int j = i; j < parts.length; j++) {
            if (!parts[j].isEmpty()) {
                rest.append(rest.length() == 0 ? "" : "/").append(parts[j]);
            }
        }
        int depth = rest.toString().split("/").length;
        if (!Files.isDirectory(base)) {
            return;
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        Path b = base;
        try (Stream<Path> walk = Files.walk(base, depth)) {
            List<Path> hits = new ArrayList<>();
            walk.filter(x -> !x.equals(b)).filter(x -> b.relativize(x).getNameCount() == depth)
                    .filter(x -> m.matches(b.relativize(x))).forEach(hits::add);
            for (Path h : hits) {
                if (!hidden(h.getFileName().toString())) {
                    addLocal(h.normalize(), ext, true, out);
                }
            }
        }
    }

    private static void addLocal(Path path, String ext, boolean explicit, List<FileInfo> out) throws IOException {
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path c : ds) {
                    String name = c.getFileName().toString();
                    if (hidden(name)) {
                        continue;
                    }
                    if (Files.isDirectory(c) || name.toLowerCase(Locale.ROOT).endsWith(ext)) {
                        addLocal(c, ext, false, out);
                    }
                }
            }
        } else if (Files.isRegularFile(path, new LinkOption[0]) || explicit && Files.exists(path)) {
            out.add(new FileInfo(path.toString(), Files.size(path)));
        }
    }

    private void listHadoop(String p, String ext, List<FileInfo> out) throws IOException {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(p);
        FileSystem fs = hp.getFileSystem(conf());
        FileStatus[] matches = fs.globStatus(hp);
        if (matches == null) {
            return;
        }
        for (FileStatus st : matches) {
            if (hasGlob(p) && hidden(st.getPath().getName())) {
                continue;
            }
            addHadoop(fs, st, ext, out);
        }
    }

    private static void addHadoop(FileSystem fs, FileStatus st, String ext, List<FileInfo> out) throws IOException {
        if (st.isDirectory()) {
            for (FileStatus c : fs.listStatus(st.getPath())) {
                String name = c.getPath().getName();
                if (hidden(name)) {
                    continue;
                }
                if (c.isDirectory() || name.toLowerCase(Locale.ROOT).endsWith(ext)) {
                    addHadoop(fs, c, ext, out);
                }
            }
        } else {
            out.add(new FileInfo(st.getPath().toString(), st.getLen()));
        }
    }

    /** Opens {@code path} for positional reads. */
    Input open(String path) throws IOException {
        if (isLocal(path)) {
            return new LocalInput(FileChannel.open(localPath(path), StandardOpenOption.READ));
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
        FileSystem fs = hp.getFileSystem(conf());
        return new HadoopInput(fs.open(hp), fs.getFileStatus(hp).getLen());
    }

    /** Positional reads of one file. */
    interface Input extends Closeable {
        long size() throws IOException;

        /** A channel at offset 0 for reading the header (not to be closed separately). */
        ReadableByteChannel atStart() throws IOException;

        /** Fills {@code dst} from its position to its limit with the bytes at {@code pos}, or throws if the file ends. */
        void readFully(long pos, ByteBuffer dst) throws IOException;
    }

    private static final class LocalInput implements Input {
        private final FileChannel ch;

        LocalInput(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public ReadableByteChannel atStart() throws IOException {
            return ch.position(0);
        }

        @Override
        public void readFully(long pos, ByteBuffer dst) throws IOException {
            long p = pos;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, p);
                if (n < 0) {
                    throw new java.io.EOFException("file ends at " + p);
                }
                p += n;
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static final class HadoopInput implements Input {
        private final FSDataInputStream in;
        private final long size;
        private byte[] tmp;

        HadoopInput(FSDataInputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public ReadableByteChannel atStart() throws IOException {
            in.seek(0);
            return Channels.newChannel(in);
        }

        @Override
        public void readFully(long pos, ByteBuffer dst) throws IOException {
            if (dst.hasArray()) {
                int n = dst.remaining();
                in.readFully(pos, dst.array(), dst.arrayOffset() + dst.position(), n);
                dst.position(dst.position() + n);
                return;
            }
            if (tmp == null) {
                tmp = new byte[1 << 20];
            }
            long p = pos;
            while (dst.hasRemaining()) {
                int n = Math.min(tmp.length, dst.remaining());
                in.readFully(p, tmp, 0, n);
                dst.put(tmp, 0, n);
                p += n;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    // ---- writing ----

    boolean exists(String path) throws IOException {
        if (isLocal(path)) {
            return Files.exists(localPath(path));
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
        return hp.getFileSystem(conf()).exists(hp);
    }

    boolean isDirectory(String path) throws IOException {
        if (isLocal(path)) {
            return Files.isDirectory(localPath(path));
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
        return hp.getFileSystem(conf()).getFileStatus(hp).isDirectory();
    }

    void mkdirs(String path) throws IOException {
        if (isLocal(path)) {
            Files.createDirectories(localPath(path));
        } else {
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
            hp.getFileSystem(conf()).mkdirs(hp);
        }
    }

    /** Deletes {@code path} recursively if it exists. */
    void delete(String path) throws IOException {
        if (isLocal(path)) {
            Path p = localPath(path);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> w = Files.walk(p)) {
                List<Path> all = new ArrayList<>();
                w.forEach(all::add);
                all.sort(Comparator.reverseOrder());
                for (Path x : all) {
                    Files.deleteIfExists(x);
                }
            }
        } else {
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
            hp.getFileSystem(conf()).delete(hp, true);
        }
    }

    /** Names directly inside directory {@code path}. */
    List<String> children(String path) throws IOException {
        List<String> names = new ArrayList<>();
        if (isLocal(path)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(localPath(path))) {
                for (Path c : ds) {
                    names.add(c.getFileName().toString());
                }
            }
        } else {
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
            for (FileStatus st : hp.getFileSystem(conf()).listStatus(hp)) {
                names.add(st.getPath().getName());
            }
        }
        return names;
    }

    /** Moves {@code from} to {@code to} (same file system), failing if {@code to} exists. */
    void rename(String from, String to) throws IOException {
        if (isLocal(from)) {
            Files.move(localPath(from), localPath(to), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } else {
            org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(from);
            org.apache.hadoop.fs.Path t = new org.apache.hadoop.fs.Path(to);
            FileSystem fs = f.getFileSystem(conf());
            if (fs.exists(t) || !fs.rename(f, t)) {
                throw new IOException("cannot move " + from + " to " + to);
            }
        }
    }

    /** Creates (or replaces) {@code path} and returns a stream writing it. */
    OutputStream create(String path) throws IOException {
        if (isLocal(path)) {
            return Files.newOutputStream(localPath(path));
        }
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(path);
        return hp.getFileSystem(conf()).create(hp, true);
    }

    /** Joins a directory and a child name. */
    static String child(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
