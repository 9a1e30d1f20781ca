package org.npy4j.text;

/** The arguments of {@code np.savetxt} after the array: {@code fmt}, {@code delimiter}, {@code newline}, … */
public final class SaveTxtOptions {
    /** NumPy's defaults. */
    public static final SaveTxtOptions DEFAULT = new SaveTxtOptions();

    private SaveTxtOptions() {
    }
}
