/** The dtype model: plain, record and subarray dtypes, type strings, byte orders and datetime units. */
package org.npy4j.dtype;
