package org.npy4j;

/**
 * The file is well-formed but uses something this library refuses by design or does not implement:
 * pickled object arrays, encrypted zip entries, bzip2/lzma members.
 */
public class NpyUnsupportedException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    public NpyUnsupportedException(String source, String problem) {
        super(source, -1, problem);
    }
}
