package org.npy4j;

/**
 * The file is well-formed but uses something this library refuses by design or does not implement:
 * pickled object arrays, encrypted zip entries, bzip2/lzma members.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class NpyUnsupportedException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * Something in {@code source} this library does not read or write.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param problem what is wrong, in plain words
     */
    public NpyUnsupportedException(String source, String problem) {
        super(source, -1, problem);
    }
}
