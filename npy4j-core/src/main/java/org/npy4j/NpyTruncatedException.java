package org.npy4j;

/** The data ends before what the header (or zip directory) declares: a truncated or not fully written file. */
public class NpyTruncatedException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    public NpyTruncatedException(String source, long offset, String problem) {
        super(source, offset, problem);
    }
}
