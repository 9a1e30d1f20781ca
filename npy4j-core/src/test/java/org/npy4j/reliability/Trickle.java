package org.npy4j.reliability;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A stream that delivers at most one byte per read call, so every partial-read path of a reader runs. */
final class Trickle extends InputStream {
    private final ByteArrayInputStream in;

    Trickle(byte[] bytes) {
        this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return len == 0 ? 0 : in.read(b, off, 1);
    }

    @Override
    public int available() {
        return 0;
    }
}
