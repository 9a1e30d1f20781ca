package org.npy4j.dtype;

import java.util.Objects;

/** A plain, non-record dtype: {@code bool}, integers, floats, complex, {@code S}, {@code U}, {@code V}, datetimes, objects. *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class ScalarDType extends DType {
    private final Kind kind;
    private final Endianness order;
    private final int itemSize;
    private final DateTimeUnit unit;
    private final int multiplier;

    private ScalarDType(Kind kind, Endianness order, int itemSize, DateTimeUnit unit, int multiplier) {
        this.kind = kind;
        this.order = order;
        this.itemSize = itemSize;
        this.unit = unit;
        this.multiplier = multiplier;
    }

    /**
     * Returns the plain dtype of a kind, byte order and item size, checking the combination as NumPy does
     * (byte order is normalised to {@code '|'} where it does not apply).
     *
     * @param kind the kind
     * @param order the byte order
     * @param itemSize the element size in bytes
     * @return the dtype
     * @throws IllegalArgumentException if NumPy has no such dtype
     */
    public static ScalarDType of(Kind kind, Endianness order, int itemSize) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(order, "order");
        switch (kind) {
            case BOOL:
                require(itemSize == 1, kind, itemSize);
                break;
            case INT:
            case UINT:
                require(itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8, kind, itemSize);
                break;
            case FLOAT:
                require(itemSize == 2 || itemSize == 4 || itemSize == 8 || itemSize == 16, kind, itemSize);
                break;
            case COMPLEX:
                require(itemSize == 8 || itemSize == 16 || itemSize == 32, kind, itemSize);
                break;
            case BYTES:
            case VOID:
                require(itemSize >= 0, kind, itemSize);
                break;
            case UNICODE:
                require(itemSize >= 0 && itemSize % 4 == 0, kind, itemSize);
                break;
            case OBJECT:
                require(itemSize == 8, kind, itemSize);
                break;
            case DATETIME:
            case TIMEDELTA:
                return time(kind, order, DateTimeUnit.GENERIC, 1);
            default:
                throw new IllegalArgumentException("not a plain kind: " + kind);
        }
        return new ScalarDType(kind, normalise(kind, order, itemSize), itemSize, null, 0);
    }

    static ScalarDType time(Kind kind, Endianness order, DateTimeUnit unit, int multiplier) {
        if (kind != Kind.DATETIME && kind != Kind.TIMEDELTA) {
            throw new IllegalArgumentException("not a datetime kind: " + kind);
        }
        Objects.requireNonNull(unit, "unit");
        if (multiplier < 1) {
            throw new IllegalArgumentException("datetime multiplier must be positive: " + multiplier);
        }
        if (unit == DateTimeUnit.GENERIC && multiplier != 1) {
            throw new IllegalArgumentException("a generic datetime has no multiplier");
        }
        return new ScalarDType(kind, normalise(kind, order, 8), 8, unit, multiplier);
    }

    private static void require(boolean ok, Kind kind, int itemSize) {
        if (!ok) {
            throw new IllegalArgumentException("no " + kind.name().toLowerCase() + " type of " + itemSize + " bytes");
        }
    }

    private static Endianness normalise(Kind kind, Endianness order, int itemSize) {
        if (kind == Kind.BYTES || kind == Kind.VOID || kind == Kind.OBJECT || kind == Kind.BOOL || itemSize == 1
                && kind != Kind.UNICODE) {
            return Endianness.NOT_APPLICABLE;
        }
        return order == Endianness.NOT_APPLICABLE ? Endianness.nativeOrder() : order;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public int itemSize() {
        return itemSize;
    }

    @Override
    public Endianness endianness() {
        return order;
    }

    /**
     * Returns the datetime unit, or {@code null} if this is not a datetime/timedelta dtype.
     *
     * @return the unit or {@code null}
     */
    public DateTimeUnit unit() {
        return unit;
    }

    /**
     * Returns the datetime unit multiplier ({@code 10} for {@code m8[10ms]}), or 0 if not a datetime dtype.
     *
     * @return the multiplier or 0
     */
    public int multiplier() {
        return multiplier;
    }

    /**
     * For {@code U}: the number of code points; for {@code S}/{@code V}: the number of bytes; otherwise the item size.
     *
     * @return the length
     */
    public int length() {
        return kind == Kind.UNICODE ? itemSize / 4 : itemSize;
    }

    @Override
    public ScalarDType withEndianness(Endianness newOrder) {
        if (kind == Kind.DATETIME || kind == Kind.TIMEDELTA) {
            return time(kind, newOrder, unit, multiplier);
        }
        return new ScalarDType(kind, normalise(kind, newOrder, itemSize), itemSize, null, 0);
    }

    @Override
    public boolean hasObject() {
        return kind == Kind.OBJECT;
    }

    @Override
    public boolean isNativeOrder() {
        return order == Endianness.NOT_APPLICABLE || order == Endianness.nativeOrder();
    }

    @Override
    public String str() {
        StringBuilder sb = new StringBuilder(12).append(order.symbol()).append(kind.code());
        if (kind == Kind.UNICODE) {
            sb.append(itemSize / 4);
        } else if (kind != Kind.OBJECT) {
            sb.append(itemSize);
        }
        if (unit != null && unit != DateTimeUnit.GENERIC) {
            sb.append('[');
            if (multiplier != 1) {
                sb.append(multiplier);
            }
            sb.append(unit.symbol()).append(']');
        }
        return sb.toString();
    }

    @Override
    public String name() {
        switch (kind) {
            case BOOL: return "bool";
            case INT: return "int" + itemSize * 8;
            case UINT: return "uint" + itemSize * 8;
            case FLOAT: return itemSize == 16 ? "longdouble" : "float" + itemSize * 8;
            case COMPLEX: return itemSize == 32 ? "clongdouble" : "complex" + itemSize * 8;
            case BYTES: return "bytes of " + itemSize;
            case UNICODE: return "unicode string of " + itemSize / 4;
            case VOID: return "void of " + itemSize;
            case OBJECT: return "object (pickled)";
            case DATETIME:
            case TIMEDELTA: {
                String base = kind == Kind.DATETIME ? "datetime64" : "timedelta64";
                if (unit == DateTimeUnit.GENERIC) {
                    return base;
                }
                return base + "[" + (multiplier != 1 ? String.valueOf(multiplier) : "") + unit.symbol() + "]";
            }
            default: return str();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScalarDType)) {
            return false;
        }
        ScalarDType t = (ScalarDType) o;
        return kind == t.kind && order == t.order && itemSize == t.itemSize && unit == t.unit && multiplier == t.multiplier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, order, itemSize, unit, multiplier);
    }
}
