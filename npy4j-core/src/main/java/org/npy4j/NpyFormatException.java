package org.npy4j;

/** The content is not a valid {@code .npy} / {@code .npz} (bad magic, malformed header, inconsistent sizes, …). *
 * <p>Thread safety: immutable once thrown.
 */
public class NpyFormatException extends NpyException {
    private static final long serialVersionUID = 1L;

    /**
     * A format error in {@code source} at no particular offset.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param problem what is wrong, in plain words
     */
    public NpyFormatException(String source, String problem) {
        super(source, -1, problem, null);
    }

    /**
     * A format error in {@code source} at byte {@code offset}.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param offset the byte offset of the problem in {@code source}, or -1
     * @param problem what is wrong, in plain words
     */
    public NpyFormatException(String source, long offset, String problem) {
        super(source, offset, problem, null);
    }

    /**
     * A format error in {@code source} at byte {@code offset}, caused by {@code cause}.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param offset the byte offset of the problem in {@code source}, or -1
     * @param problem what is wrong, in plain words
     * @param cause the underlying exception, or {@code null}
     */
    public NpyFormatException(String source, long offset, String problem, Throwable cause) {
        super(source, offset, problem, cause);
    }
}
