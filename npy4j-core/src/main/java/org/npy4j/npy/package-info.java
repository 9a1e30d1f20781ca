/**
 * {@code .npy} files beyond whole-array {@link org.npy4j.Npy#save save} / {@link org.npy4j.Npy#load load}: the
 * reader and writer over paths, channels and streams, memory mapping ({@link org.npy4j.npy.MappedNpy}, NumPy's
 * {@code mmap_mode} and {@code open_memmap}), appending rows ({@link org.npy4j.npy.NpyAppender}), reading in
 * blocks with bounded memory ({@link org.npy4j.npy.NpyBlockReader}) and atomic saves
 * ({@link org.npy4j.npy.AtomicWrite}). Most programs reach these through {@link org.npy4j.Npy}.
 */
package org.npy4j.npy;
