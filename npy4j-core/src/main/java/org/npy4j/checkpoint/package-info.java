/**
 * A crash-safe checkpoint store over a directory of {@code .npz} files that a Java trainer and a NumPy notebook can
 * share ({@link org.npy4j.checkpoint.CheckpointStore}).
 *
 * <p>Layout: one archive per step, {@code checkpoint_epoch_{step}.npz} by default, holding the named arrays plus
 * {@code epoch} ({@code int64}, shape {@code (1,)}), the layout of the common NumPy recipe; metrics, when given, are
 * the members {@code metrics} ({@code float64}, shape {@code (k,)}) and {@code metric_names} ({@code <U}, shape
 * {@code (k,)}), so {@code dict(zip(f['metric_names'], f['metrics']))} recovers them with plain {@code np.load}.
 */
package org.npy4j.checkpoint;
