package org.npy4j;

import java.io.IOException;

/**
 * The root of npy4j's checked exceptions: something about an array file or stream is wrong.
 * The message always names the source (a file path, {@code archive.npz:member}, or a stream description)
 * and, where it helps, the byte offset.
 */
public class NpyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    public NpyException(String source, String problem) {
        this(source, -1, problem, null);
    }

    public NpyException(String source, long offset, String problem, Throwable cause) {
        super(format(source, offset, problem), cause);
        this.source = source;
        this.offset = offset;
    }

    private static String format(String source, long offset, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        sb.append(problem);
        if (offset >= 0) {
            sb.append(" (at byte ").append(offset).append(')');
        }
        return sb.toString();
    }

    /** Returns the file, member or stream the problem was found in (may be empty for anonymous streams). */
    public String source() {
        return source;
    }

    /** Returns the byte offset of the problem within the source, or -1 when no single offset applies. */
    public long offset() {
        return offset;
    }
}
