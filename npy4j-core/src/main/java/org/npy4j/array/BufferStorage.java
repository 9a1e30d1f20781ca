package org.npy4j.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

/** {@link Storage} over one or more {@link ByteBuffer}s of {@code 1 << shift} bytes each (the last may be shorter). */
final class BufferStorage implements Storage {
    /** 1 GiB chunks: below Java's array limit, and a power of two so offsets split with a shift and a mask. */
    static final int DEFAULT_CHUNK_SHIFT = 30;

    private final ByteBuffer[] chunks;
    private final int shift;
    private final long mask;
    private final long size;
    private final boolean readOnly;
    /** The single chunk when there is only one: the common case takes no division at all. */
    private final ByteBuffer only;

    BufferStorage(ByteBuffer[] chunks, int shift) {
        if (shift < 3 || shift > 30) {
            throw new IllegalArgumentException("chunk shift out of range: " + shift);
        }
        this.chunks = new ByteBuffer[chunks.length];
        long total = 0;
        boolean ro = false;
        for (int i = 0; i < chunks.length; i++) {
            ByteBuffer c = chunks[i].slice().order(ByteOrder.LITTLE_ENDIAN);
            if (i < chunks.length - 1 && c.capacity() != (1 << shift)) {
                throw new IllegalArgumentException("chunk " + i + " has " + c.capacity() + " bytes, expected " + (1 << shift));
            }
            if (c.capacity() > (1 << shift)) {
                throw new IllegalArgumentException("last chunk larger than the chunk size");
            }
            ro |= c.isReadOnly();
            this.chunks[i] = c;
            total += c.capacity();
        }
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.size = total;
        this.readOnly = ro;
        this.only = this.chunks.length == 1 ? this.chunks[0] : null;
    }

    static BufferStorage allocate(long size, int shift) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        long chunkSize = 1L << shift;
        int n = (int) Math.max(1, (size + chunkSize - 1) >>> shift);
        ByteBuffer[] chunks = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long len = Math.min(chunkSize, size - (long) i * chunkSize);
            chunks[i] = ByteBuffer.allocate((int) Math.max(0, len));
        }
        return new BufferStorage(chunks, shift);
    }

    static BufferStorage wrap(ByteBuffer buffer) {
        return new BufferStorage(new ByteBuffer[] {buffer}, 30);
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public int chunkShift() {
        return shift;
    }

    @Override
    public int chunkCount() {
        return chunks.length;
    }

    @Override
    public ByteBuffer chunk(int i) {
        return chunks[i].duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
    }

    private ByteBuffer chunkOf(long offset) {
        if (offset < 0 || offset >= size) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside storage of " + size + " bytes");
        }
        return chunks[(int) (offset >>> shift)];
    }

    /** True if {@code n} bytes at {@code offset} lie within one chunk. */
    private boolean inOneChunk(long offset, int n) {
        return ((offset & mask) + n) <= (1L << shift);
    }

    @Override
    public byte getByte(long offset) {
        if (only != null) {
            return only.get(index(offset));
        }
        return chunkOf(offset).get((int) (offset & mask));
    }

    @Override
    public short getShort(long offset) {
        if (only != null) {
            return only.getShort(index(offset));
        }
        if (inOneChunk(offset, 2)) {
            return chunkOf(offset).getShort((int) (offset & mask));
        }
        return (short) slowGet(offset, 2);
    }

    @Override
    public int getInt(long offset) {
        if (only != null) {
            return only.getInt(index(offset));
        }
        if (inOneChunk(offset, 4)) {
            return chunkOf(offset).getInt((int) (offset & mask));
        }
        return (int) slowGet(offset, 4);
    }

    @Override
    public long getLong(long offset) {
        if (only != null) {
            return only.getLong(index(offset));
        }
        if (inOneChunk(offset, 8)) {
            return chunkOf(offset).getLong((int) (offset & mask));
        }
        return slowGet(offset, 8);
    }

    private long slowGet(long offset, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (getByte(offset + i) & 0xFF);
        }
        return v;
    }

    private void slowPut(long offset, long v, int n) {
        for (int i = 0; i < n; i++) {
            putByte(offset + i, (byte) (v >>> (8 * i)));
        }
    }

    private int index(long offset) {
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside storage of " + size + " bytes");
        }
        return (int) offset;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new ReadOnlyBufferException();
        }
    }

    @Override
    public void putByte(long offset, byte value) {
        checkWritable();
        if (only != null) {
            only.put(index(offset), value);
        } else {
            chunkOf(offset).put((int) (offset & mask), value);
        }
    }

    @Override
    public void putShort(long offset, short value) {
        checkWritable();
        if (only != null) {
            only.putShort(index(offset), value);
        } else if (inOneChunk(offset, 2)) {
            chunkOf(offset).putShort((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 2);
        }
    }

    @Override
    public void putInt(long offset, int value) {
        checkWritable();
        if (only != null) {
            only.putInt(index(offset), value);
        } else if (inOneChunk(offset, 4)) {
            chunkOf(offset).putInt((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 4);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        checkWritable();
        if (only != null) {
            only.putLong(index(offset), value);
        } else if (inOneChunk(offset, 8)) {
            chunkOf(offset).putLong((int) (offset & mask), value);
        } else {
            slowPut(offset, value, 8);
        }
    }

    @Override
    public void getBytes(long offset, byte[] dst, int dstOffset, int length) {
        checkRange(offset, length);
        while (length > 0) {
            ByteBuffer c = chunks[(int) (offset >>> shift)];
            int pos = (int) (offset & mask);
            int n = Math.min(length, c.capacity() - pos);
            c.get(pos, dst, dstOffset, n);
            offset += n;
            dstOffset += n;
            length -= n;
        }
    }

    @Override
    public void putBytes(long offset, byte[] src, int srcOffset, int length) {
        checkWritable();
        checkRange(offset, length);
        while (length > 0) {
            ByteBuffer c = chunks[(int) (offset >>> shift)];
            int pos = (int) (offset & mask);
            int n = Math.min(length, c.capacity() - pos);
            c.put(pos, src, srcOffset, n);
            offset += n;
            srcOffset += n;
            length -= n;
        }
    }

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + length) + ") outside storage of "
                    + size + " bytes");
        }
    }

    @Override
    public String toString() {
        return "BufferStorage[" + size + " bytes in " + chunks.length + " chunk(s) of 2^" + shift + "]";
    }
}
