package org.npy4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.npy4j.Npy;
import org.npy4j.array.NdArray;
import org.npy4j.dtype.DType;
import org.npy4j.npy.AtomicWrite;

/**
 * An atomic save replaces the target by a new file, so it must give the new file the old one's permissions: found by
 * reviewing {@code AtomicWrite}, a save over a private ({@code rw-------}) file made it readable by everyone (the
 * temporary file was created with the default mode, and was so while the data was being written). NumPy's
 * {@code np.save} writes into the existing file, whose mode stays.
 */
class SavePermissionsTest {
    @Test
    void savingOverAPrivateFileKeepsItPrivate(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
        Path target = dir.resolve("secret.npy");
        Npy.save(target, NdArray.zeros(DType.parse("<f8"), 4));
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(target, mode);
        Npy.save(target, NdArray.zeros(DType.parse("<f8"), 8));
        assertEquals(mode, Files.getPosixFilePermissions(target));
        assertEquals(8, Npy.load(target).size());
    }

    @Test
    void theTemporaryFileIsNeverMoreOpenThanTheTarget(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
        Path target = dir.resolve("secret.npy");
        Files.write(target, new byte[0]);
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(target, mode);
        Set<?>[] seen = new Set<?>[1];
        AtomicWrite.write(target, ch -> {
            try (var s = Files.list(dir)) {
                Path tmp = s.filter(p -> p.getFileName().toString().endsWith(AtomicWrite.TEMP_SUFFIX)).findFirst()
                        .orElseThrow();
                seen[0] = Files.getPosixFilePermissions(tmp);
            }
        });
        assertEquals(mode, seen[0], "mode of the temporary file while the data is written");
    }

    @Test
    void aGroupWritableFileStaysGroupWritable(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX only");
        Path target = dir.resolve("shared.npy");
        Npy.save(target, NdArray.zeros(DType.parse("<f8"), 4));
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(target, mode);
        Npy.save(target, NdArray.zeros(DType.parse("<f8"), 8));
        assertEquals(mode, Files.getPosixFilePermissions(target), "the umask must not strip bits the old file had");
    }
}
