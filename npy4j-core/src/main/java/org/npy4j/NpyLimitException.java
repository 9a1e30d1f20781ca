package org.npy4j;

/**
 * The input exceeds one of the {@link ReadLimits}. The message names the limit, the value found, and how to raise it;
 * {@link #limit()} gives the limit's name for programs.
 */
public class NpyLimitException extends NpyFormatException {
    private static final long serialVersionUID = 1L;

    private final String limit;

    public NpyLimitException(String source, String limit, long found, long allowed) {
        super(source, -1, limit + " limit exceeded: found " + found + ", allowed " + allowed
                + " (raise it with ReadLimits.builder()." + limit + "(...)"
                + ("maxHeaderSize".equals(limit) ? ", or --max-header-size on the command line" : "") + ")");
        this.limit = limit;
    }

    /** Returns the name of the limit that was exceeded, as in {@link ReadLimits.Builder}. */
    public String limit() {
        return limit;
    }
}
