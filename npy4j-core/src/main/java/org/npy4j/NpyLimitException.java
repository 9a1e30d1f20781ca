package org.npy4j;

/**
 * The input exceeds one of the {@link ReadLimits}. The message names the limit, the value found, and how to raise it;
 * {@link #limit()} gives the limit's name for programs.
 *
 * <p>Thread safety: immutable once thrown.
 */
public class NpyLimitException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    /** The name of the exceeded limit, such as {@code "maxHeaderSize"}. */
    private final String limit;

    /**
     * A limit exceeded in {@code source}; the message says how to raise it.
     *
     * @param source the file, member or stream the problem is in (named first in the message)
     * @param limit the name of the limit, as the {@link ReadLimits.Builder} method that sets it
     * @param found the value the input has or claims
     * @param allowed the limit's value
     */
    public NpyLimitException(String source, String limit, long found, long allowed) {
        super(source, -1, limit + " limit exceeded: found " + found + ", allowed " + allowed
                + " (raise it with ReadLimits.builder()." + limit + "(...)"
                + ("maxHeaderSize".equals(limit) ? ", or --max-header-size on the command line" : "") + ")");
        this.limit = limit;
    }

    /**
     * Returns the name of the limit that was exceeded, as in {@link ReadLimits.Builder}.
     *
     * @return the limit's name
     */
    public String limit() {
        return limit;
    }
}
