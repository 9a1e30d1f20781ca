/** .npz archives: the zip container, savez / savez_compressed and the lazy NpzFile. */
package org.npy4j.npz;
