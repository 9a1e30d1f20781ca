/**
 * Text I/O compatible with {@code np.savetxt} / {@code np.loadtxt}, used through {@link org.npy4j.NpyText}.
 *
 * <p>Public here: the two option values ({@link org.npy4j.text.SaveTxtOptions}, {@link org.npy4j.text.LoadTxtOptions})
 * and the engine entry {@link org.npy4j.text.TextCodec}. Package-private: Python {@code %}-format parsing and
 * formatting ({@code PrintfFormat}), exact decimal conversion of doubles ({@code FloatFormat}: 128-bit integer fast
 * path, {@link java.math.BigDecimal} otherwise), the number parser ({@code NumberParser}: Clinger and Eisel-Lemire fast
 * paths, {@link java.lang.Double#parseDouble} otherwise), the row writer and the tokenizing reader.
 */
package org.npy4j.text;
