package org.npy4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.npy4j.Npy;
import org.npy4j.ReadLimits;
import org.npy4j.array.NdArray;
import org.npy4j.array.Order;
import org.npy4j.header.NpyHeader;

/** Any array of any dtype and layout survives save then load: same dtype, shape, order and element bytes. */
class RoundTripPropertyTest {
    @Property(tries = 300)
    void saveThenLoadGivesTheSameArray(@ForAll long seed) throws IOException {
        RandomArrays gen = new RandomArrays(seed);
        var t = gen.dtype(2);
        long[] shape = gen.shape();
        RandomArrays.Layout layout = gen.layout(shape);
        byte[] raw = gen.bytes(t, RandomArrays.baseShape(shape, layout));
        NdArray a = RandomArrays.view(t, shape, layout, raw);
        byte[] file = Npy.toBytes(a);
        NdArray b = Npy.fromBytes(file);
        assertEquals(a.dtype(), b.dtype());
        assertArrayEquals(a.shape(), b.shape());
        assertEquals(NpyWriter.writesFortranOrder(a), NpyWriter.writesFortranOrder(b));
        // element bytes, compared in C order through a contiguous copy of each
        assertArrayEquals(Npy.toBytes(a.copy(Order.C)), Npy.toBytes(b.copy(Order.C)));
        assertArrayEquals(file, Npy.toBytes(b));
        NpyHeader h = NpyHeader.read(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(file)),
                ReadLimits.UNLIMITED, "bytes");
        assertEquals(file.length - a.byteSize(), h.dataOffset());
        assertEquals(0, h.dataOffset() % 64);
    }
}
