package org.npy4j.npz;

/** One central-directory entry with its zip64 values resolved; where its data starts is found (and checked) lazily. */
final class ZipMember {
    final int index;
    final String name;
    final byte[] rawName;
    final int flags;
    final int method;
    final long crc;
    final long compressedSize;
    final long size;
    final long localOffset;
    /** Offset of the first data byte, -1 until the local header was read and validated. */
    volatile long dataStart = -1;

    ZipMember(int index, String name, byte[] rawName, int flags, int method, long crc, long compressedSize, long size,
            long localOffset) {
        this.index = index;
        this.name = name;
        this.rawName = rawName;
        this.flags = flags;
        this.method = method;
        this.crc = crc;
        this.compressedSize = compressedSize;
        this.size = size;
        this.localOffset = localOffset;
    }

    boolean encrypted() {
        return (flags & Zip.FLAG_ENCRYPTED) != 0;
    }
}
