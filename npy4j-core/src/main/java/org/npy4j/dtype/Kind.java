package org.npy4j.dtype;

/**
 * The kind of a dtype: NumPy's {@code dtype.kind} character, with records and subarrays told apart
 * (NumPy reports both as {@code 'V'}).
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public enum Kind {
    /** {@code bool}, one byte, 0 or 1. */
    BOOL('b'),
    /** Signed integers: int8, int16, int32, int64. */
    INT('i'),
    /** Unsigned integers: uint8, uint16, uint32, uint64. */
    UINT('u'),
    /** Floating point: float16, float32, float64 and longdouble ({@code f16}). */
    FLOAT('f'),
    /** Complex: complex64, complex128 and clongdouble ({@code c32}), stored as (re, im). */
    COMPLEX('c'),
    /** Fixed-width byte strings {@code S<n>}, NUL-padded. */
    BYTES('S'),
    /** Fixed-width unicode strings {@code U<n>}, UCS-4 code units. */
    UNICODE('U'),
    /** Raw bytes {@code V<n>}. */
    VOID('V'),
    /** {@code datetime64[unit]}: an int64 count of units since 1970-01-01T00:00. */
    DATETIME('M'),
    /** {@code timedelta64[unit]}: an int64 count of units. */
    TIMEDELTA('m'),
    /** Python objects: pickled data, refused by this library. */
    OBJECT('O'),
    /** A structured (record) dtype with named fields; NumPy's kind {@code 'V'}. */
    STRUCT('V'),
    /** A subarray dtype {@code (base, shape)}, found only as the type of a record field; NumPy's kind {@code 'V'}. */
    SUBARRAY('V');

    private final char code;

    Kind(char code) {
        this.code = code;
    }

    /**
     * Returns NumPy's {@code dtype.kind} character.
     *
     * @return the kind character, such as {@code 'f'} or {@code 'M'}
     */
    public char code() {
        return code;
    }
}
