/**
 * The array value type {@link org.npy4j.array.NdArray} (views, typed element access, bulk export, casts), its
 * {@link org.npy4j.array.Storage} (heap, chunked past 2 GiB, memory-mapped) and the element values that have no Java
 * type: {@link org.npy4j.array.Complex} and {@link org.npy4j.array.Float16} conversions. Everything else here is
 * package-private: the element codec, the run iterator and bulk transfers, longdouble and datetime conversions.
 */
package org.npy4j.array;
