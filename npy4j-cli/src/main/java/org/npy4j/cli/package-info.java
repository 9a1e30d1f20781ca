/**
 * The {@code npy} command line tool ({@link org.npy4j.cli.Main}): {@code info}, {@code show}, {@code dump},
 * {@code convert}, {@code check} and {@code tour}, on top of the npy4j library. Printing follows NumPy's
 * {@code arrayprint} rules, JSON follows {@code tolist()}; both decode elements from raw bytes in {@code Values}.
 */
package org.npy4j.cli;
