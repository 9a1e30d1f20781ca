package org.npy4j.array;

/** Memory order of an array's elements: row-major {@code C} or column-major {@code F} (NumPy's {@code order=}). *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public enum Order {
    /** Row-major: the last index varies fastest. */
    C,
    /** Column-major (Fortran): the first index varies fastest. */
    F
}
