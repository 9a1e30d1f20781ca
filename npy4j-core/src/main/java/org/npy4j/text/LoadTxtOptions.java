package org.npy4j.text;

/** The arguments of {@code np.loadtxt} after the file: {@code dtype}, {@code delimiter}, {@code skiprows}, … */
public final class LoadTxtOptions {
    /** NumPy's defaults. */
    public static final LoadTxtOptions DEFAULT = new LoadTxtOptions();

    private LoadTxtOptions() {
    }
}
