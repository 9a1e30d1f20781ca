/** npy4j: NumPy .npy / .npz files for the JVM. Start with {@link org.npy4j.Npy} and {@link org.npy4j.array.NdArray}. */
package org.npy4j;
