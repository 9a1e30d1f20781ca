/** The array value type (NdArray) and its storage: heap, chunked past 2 GiB, memory-mapped. */
package org.npy4j.array;
