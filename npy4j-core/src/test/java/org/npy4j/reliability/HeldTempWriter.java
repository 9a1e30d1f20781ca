package org.npy4j.reliability;

import java.io.IOException;
import java.nio.file.Path;
import org.npy4j.Npy;
import org.npy4j.array.Order;
import org.npy4j.dtype.DType;
import org.npy4j.npy.MappedNpy;
import org.npy4j.npy.NpyAppender;

/**
 * Child process of {@link HeldTempCleanupTest}. {@code append TARGET}: starts an appender on a new file {@code TARGET},
 * appends rows, prints {@code ready} and waits (its temporary file open) until it is killed. {@code create TARGET}:
 * prints {@code ready}, then creates {@code TARGET} as a {@code w+} mapping over and over until it is killed.
 */
public final class HeldTempWriter {
    private HeldTempWriter() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path target = Path.of(args[1]);
        DType i8 = DType.parse("<i8");
        if (args[0].equals("append")) {
            NpyAppender app = Npy.appender(target, i8, new long[] {4}, true);
            for (long i = 0; i < 1000; i++) {
                app.append(new long[] {i, i, i, i});
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(120_000);
            app.close();
        } else {
            System.out.println("ready");
            System.out.flush();
            for (long g = 0;; g++) {
                try (MappedNpy m = Npy.create(target, i8, new long[] {1 << 16}, Order.C, true)) {
                    m.array().storage().putLong(0, g);
                }
            }
        }
    }
}
