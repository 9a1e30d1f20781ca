/** The .npy header codec: NumPy's exact header bytes, a small literal parser, descr conversion. */
package org.npy4j.header;
