package org.npy4j.fuzz;

/** Where Jazzer 0.24.0 cannot run, the fuzz targets skip with the reason (filled in once JDK 25 was tried). */
final class JdkSupport {
    private JdkSupport() {
    }

    static void assumeSupported() {
    }
}
