package org.npy4j.dtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DTypeTest {
    @ParameterizedTest
    @CsvSource({"<f8,<f8", "f8,<f8", "=i8,<i8", "?,|b1", "b1,|b1", "<b1,|b1", "i1,|i1", ">u1,|u1", "float64,<f8",
            "|S0,|S0", "<S3,|S3", "|U3,<U3", ">U2,>U2", "V4,|V4", "<M8[ns],<M8[ns]", "M8,<M8", "<m8[10ms],<m8[10ms]",
            ">M8[3600s],>M8[3600s]", "<f16,<f16", "<c32,<c32", "O,|O", "|O8,|O", "a5,|S5"})
    void parsesTypeStringsAsNumpyNormalisesThem(String in, String str) {
        assertEquals(str, DType.parse(in).str());
    }

    @ParameterizedTest
    @CsvSource({"<q9", "<f12", "<M8[xx]", "|S-1", "zz", "<i3", "<", "M8[]", "b2", "O4"})
    void refusesBadTypeStrings(String in) {
        assertThrows(IllegalArgumentException.class, () -> DType.parse(in));
    }

    @Test
    void alignedStructPadsLikeNumpy() {
        StructDType t = DType.alignedStruct(List.of(Field.of("a", DType.UINT8), Field.of("b", DType.FLOAT64),
                Field.of("c", DType.INT16)));
        assertEquals(List.of(0, 8, 16), t.fields().stream().map(Field::offset).toList());
        assertEquals(24, t.itemSize());
    }

    @Test
    void subarrayItemSizeIsBaseTimesCount() {
        assertEquals(2 * 2 * 2, DType.subarray(DType.parse(">i2"), 2, 2).itemSize());
    }

    @org.junit.jupiter.api.Test
    void aPackedRecordIsOneAlignedInsideAnAlignedOne() {
        // NumPy: np.dtype([('x','u1'),('pos','<f4',(2,3)),('in',inner),('tag','S3')], align=True)
        StructDType packedInner = DType.struct(List.of(Field.of("a", DType.INT16), Field.of("b", DType.parse(">f8"))));
        StructDType alignedInner = DType.alignedStruct(List.of(Field.of("a", DType.INT16), Field.of("b", DType.parse(">f8"))));
        for (Object[] c : new Object[][] {{packedInner, 44, 28, 38}, {alignedInner, 56, 32, 48}}) {
            StructDType d = DType.alignedStruct(List.of(Field.of("x", DType.UINT8),
                    Field.of("pos", DType.subarray(DType.FLOAT32, 2, 3)), Field.of("in", (DType) c[0]),
                    Field.of("tag", DType.bytes(3))));
            assertEquals(c[1], d.itemSize());
            assertEquals(c[2], d.field("in").offset());
            assertEquals(c[3], d.field("tag").offset());
            assertEquals(true, d.isAligned());
        }
        assertEquals(false, packedInner.isAligned());
    }
}
