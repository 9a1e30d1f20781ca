package org.npy4j.dtype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A structured (record) dtype: named fields at byte offsets within an item of {@link #itemSize()} bytes.
 * Gaps between fields are padding; NumPy writes them as unnamed {@code ('', '|Vn')} entries and drops them on read,
 * and so does this library.
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class StructDType extends DType {
    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final int itemSize;
    /** NumPy's {@code isalignedstruct}: built with {@code align=True}; decides its alignment inside other records. */
    private final boolean aligned;

    private StructDType(List<Field> fields, int itemSize) {
        this(fields, itemSize, false);
    }

    private StructDType(List<Field> fields, int itemSize, boolean aligned) {
        this.aligned = aligned;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        this.itemSize = itemSize;
        Map<String, Field> map = new LinkedHashMap<>();
        Set<String> titles = new HashSet<>();
        for (Field f : this.fields) {
            if (map.put(f.name(), f) != null) {
                throw new IllegalArgumentException("duplicate field name '" + f.name() + "'");
            }
            if (f.title() != null && !titles.add(f.title())) {
                throw new IllegalArgumentException("duplicate field title '" + f.title() + "'");
            }
            if (f.offset() < 0) {
                throw new IllegalArgumentException("field '" + f.name() + "' has no offset");
            }
            if ((long) f.offset() + f.dtype().itemSize() > itemSize) {
                throw new IllegalArgumentException("field '" + f.name() + "' (offset " + f.offset() + ", "
                        + f.dtype().itemSize() + " bytes) does not fit in a record of " + itemSize + " bytes");
            }
        }
        for (Field f : this.fields) {
            if (f.title() != null && map.containsKey(f.title()) && !f.title().equals(f.name())) {
                throw new IllegalArgumentException("title '" + f.title() + "' is already used as a name");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * A record with explicit field offsets and item size (NumPy's dict form with {@code offsets} and {@code itemsize}).
     * Fields may leave gaps; they must not overlap the end of the item.
     *
     * @param fields the fields, each placed with {@link Field#at}
     * @param itemSize the size of one record in bytes
     * @return the record dtype
     * @throws IllegalArgumentException if {@code itemSize} is negative, a field has no offset or does not fit, or names
     *         or titles repeat
     */
    public static StructDType withOffsets(List<Field> fields, int itemSize) {
        Objects.requireNonNull(fields, "fields");
        if (itemSize < 0) {
            throw new IllegalArgumentException("negative itemsize " + itemSize);
        }
        return new StructDType(fields, itemSize);
    }

    static StructDType packed(List<Field> fields) {
        List<Field> placed = new ArrayList<>(fields.size());
        long offset = 0;
        for (Field f : fields) {
            placed.add(f.placedAt(checkedInt(offset)));
            offset += f.dtype().itemSize();
        }
        return new StructDType(placed, checkedInt(offset));
    }

    static StructDType aligned(List<Field> fields) {
        List<Field> placed = new ArrayList<>(fields.size());
        long offset = 0;
        int maxAlign = 1;
        for (Field f : fields) {
            int a = alignmentOf(f.dtype(), true);
            maxAlign = Math.max(maxAlign, a);
            offset = (offset + a - 1) / a * a;
            placed.add(f.placedAt(checkedInt(offset)));
            offset += f.dtype().itemSize();
        }
        offset = (offset + maxAlign - 1) / maxAlign * maxAlign;
        return new StructDType(placed, checkedInt(offset), true);
    }

    /** The C alignment NumPy gives a dtype ({@code dtype.alignment}); records built aligned use their widest field. */
    static int alignmentOf(DType t, boolean alignedRecord) {
        if (t instanceof SubarrayDType) {
            return alignmentOf(((SubarrayDType) t).base(), alignedRecord);
        }
        if (t instanceof StructDType) {
            // a packed record is 1-aligned even inside an aligned one, as in NumPy
            if (!alignedRecord || !((StructDType) t).aligned) {
                return 1;
            }
            int a = 1;
            for (Field f : ((StructDType) t).fields) {
                a = Math.max(a, alignmentOf(f.dtype(), true));
            }
            return a;
        }
        ScalarDType s = (ScalarDType) t;
        switch (s.kind()) {
            case COMPLEX: return s.itemSize() / 2;
            case UNICODE: return 4;
            case BYTES:
            case VOID: return 1;
            default: return Math.max(1, s.itemSize());
        }
    }

    private static int checkedInt(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record itemsize too large: " + v);
        }
        return (int) v;
    }

    /**
     * Returns the fields in NumPy's {@code dtype.names} order, padding left out.
     *
     * @return the fields, unmodifiable
     */
    public List<Field> fields() {
        return fields;
    }

    /**
     * Returns true if this record was laid out with the C compiler's alignment ({@code dtype.isalignedstruct}).
     *
     * @return whether the record is aligned
     */
    public boolean isAligned() {
        return aligned;
    }

    /**
     * Returns the field names in order ({@code dtype.names}).
     *
     * @return a new list of the names
     */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /**
     * Returns the field with this name or title, or {@code null}.
     *
     * @param nameOrTitle a field's name or title
     * @return the field or {@code null}
     */
    public Field field(String nameOrTitle) {
        Field f = byName.get(nameOrTitle);
        if (f == null) {
            for (Field g : fields) {
                if (nameOrTitle.equals(g.title())) {
                    return g;
                }
            }
        }
        return f;
    }

    @Override
    public Kind kind() {
        return Kind.STRUCT;
    }

    @Override
    public int itemSize() {
        return itemSize;
    }

    @Override
    public Endianness endianness() {
        return Endianness.NOT_APPLICABLE;
    }

    @Override
    public StructDType withEndianness(Endianness order) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            out.add(f.withDType(f.dtype().withEndianness(order)));
        }
        return new StructDType(out, itemSize, aligned);
    }

    @Override
    public boolean hasObject() {
        for (Field f : fields) {
            if (f.dtype().hasObject()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isNativeOrder() {
        for (Field f : fields) {
            if (!f.dtype().isNativeOrder()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns true if the fields are in offset order without overlap, so NumPy can write a {@code descr} for it.
     *
     * @return whether a {@code descr} list can describe this record
     */
    public boolean isDescribable() {
        long end = 0;
        for (Field f : fields) {
            if (f.offset() < end) {
                return false;
            }
            end = (long) f.offset() + f.dtype().itemSize();
        }
        return true;
    }

    @Override
    public String str() {
        return "|V" + itemSize;
    }

    @Override
    public String name() {
        return "record of " + fields.size() + " field" + (fields.size() == 1 ? "" : "s");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StructDType)) {
            return false;
        }
        StructDType s = (StructDType) o;
        return itemSize == s.itemSize && fields.equals(s.fields);
    }

    @Override
    public int hashCode() {
        return 31 * fields.hashCode() + itemSize;
    }

    @Override
    public String toString() {
        return "struct" + fields + "[" + itemSize + "]";
    }
}
