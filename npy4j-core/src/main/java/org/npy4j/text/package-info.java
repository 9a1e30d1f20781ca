/** Text I/O compatible with np.savetxt / np.loadtxt. */
package org.npy4j.text;
