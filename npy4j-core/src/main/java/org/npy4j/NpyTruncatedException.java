package org.npy4j;

/** The data ends before what the header (or zip directory) declares: a truncated or not fully written file. *
 * <p>Thread safety: immutable once thrown.
 */
public class NpyTruncatedException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * The input {@code source} ends early.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param offset where the input ends (its size in bytes), or -1
     * @param problem what is wrong, in plain words
     */
    public NpyTruncatedException(String source, long offset, String problem) {
        super(source, offset, problem);
    }
}
