package org.npy4j.dtype;

import java.util.Objects;

/**
 * One named field of a {@link StructDType}: its name, optional title, byte offset within the record, and dtype.
 * A field built with {@link #of(String, DType)} has no offset yet ({@code -1}); the record places it.
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class Field {
    private final String name;
    private final String title;
    private final int offset;
    private final DType dtype;

    private Field(String name, String title, int offset, DType dtype) {
        this.name = Objects.requireNonNull(name, "name");
        this.title = title;
        this.offset = offset;
        this.dtype = Objects.requireNonNull(dtype, "dtype");
    }

    /**
     * A field to be placed by the record ({@link DType#struct} packs, {@link DType#alignedStruct} aligns).
     *
     * @param name the field's name
     * @param dtype the field's type
     * @return the unplaced field
     */
    public static Field of(String name, DType dtype) {
        return new Field(name, null, -1, dtype);
    }

    /**
     * A field at an explicit byte offset.
     *
     * @param name the field's name
     * @param dtype the field's type
     * @param offset the byte offset within the record
     * @return the placed field
     */
    public static Field at(String name, DType dtype, int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative field offset " + offset + " for '" + name + "'");
        }
        return new Field(name, null, offset, dtype);
    }

    /**
     * Returns a copy of this field carrying a title (NumPy's {@code ((title, name), type)} form).
     *
     * @param newTitle the title
     * @return the titled field
     */
    public Field withTitle(String newTitle) {
        return new Field(name, newTitle, offset, dtype);
    }

    Field placedAt(int newOffset) {
        return new Field(name, title, newOffset, dtype);
    }

    Field withDType(DType newType) {
        return new Field(name, title, offset, newType);
    }

    /**
     * Returns the field's name, the key of {@code dtype.fields}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the title, or {@code null} if the field has none.
     *
     * @return the title or {@code null}
     */
    public String title() {
        return title;
    }

    /**
     * Returns the byte offset within the record ({@code -1} for a field not yet placed).
     *
     * @return the offset, or -1
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the field's type.
     *
     * @return the dtype of the field's values
     */
    public DType dtype() {
        return dtype;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Field)) {
            return false;
        }
        Field f = (Field) o;
        return name.equals(f.name) && Objects.equals(title, f.title) && offset == f.offset && dtype.equals(f.dtype);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, title, offset, dtype);
    }

    @Override
    public String toString() {
        return (title != null ? "(" + title + ", " + name + ")" : name) + ":" + dtype + "@" + offset;
    }
}
