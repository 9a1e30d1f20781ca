/** Reading and writing .npy data over paths, channels and streams. */
package org.npy4j.npy;
