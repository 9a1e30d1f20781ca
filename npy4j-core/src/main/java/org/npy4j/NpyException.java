package org.npy4j;

import java.io.IOException;

/**
 * The root of npy4j's checked exceptions: something about an array file or stream is wrong.
 * The message always names the source (a file path, {@code archive.npz:member}, or a stream description)
 * and, where it helps, the byte offset.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class NpyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file, member or stream the problem was found in. */
    private final String source;
    /** The byte offset of the problem within the source, or -1. */
    private final long offset;

    /**
     * An exception about {@code source} at no particular offset.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param problem what is wrong, in plain words
     */
    public NpyException(String source, String problem) {
        this(source, -1, problem, null);
    }

    /**
     * An exception about {@code source} at byte {@code offset}; the message is {@code "source: problem (at byte offset)"}.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param offset the byte offset of the problem in {@code source}, or -1
     * @param problem what is wrong, in plain words
     * @param cause the underlying exception, or {@code null}
     */
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

    /**
     * Returns the file, member or stream the problem was found in (may be empty for anonymous streams).
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * Returns the byte offset of the problem within the source, or -1 when no single offset applies.
     *
     * @return the offset or -1
     */
    public long offset() {
        return offset;
    }
}
