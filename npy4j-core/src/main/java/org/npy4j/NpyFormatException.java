package org.npy4j;

/** The content is not a valid {@code .npy} / {@code .npz} (bad magic, malformed header, inconsistent sizes, …). */
public class NpyFormatException extends NpyException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String source, String problem) {
        super(source, -1, problem, null);
    }

    public NpyFormatException(String source, long offset, String problem) {
        super(source, offset, problem, null);
    }

    public NpyFormatException(String source, long offset, String problem, Throwable cause) {
        super(source, offset, problem, cause);
    }
}
