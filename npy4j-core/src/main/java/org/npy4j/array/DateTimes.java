package org.npy4j.array;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.Kind;
import org.npy4j.dtype.ScalarDType;

/** datetime64 / timedelta64 counts to {@code java.time} values (NumPy's epoch 1970-01-01T00:00 UTC, proleptic Gregorian). */
final class DateTimes {
    private DateTimes() {
    }

    /** Returns {@code count * multiplier}, refusing overflow with a message naming the dtype. */
    private static long units(long count, ScalarDType t) {
        try {
            return Math.multiplyExact(count, (long) t.multiplier());
        } catch (ArithmeticException e) {
            throw new ArithmeticException(count + " x " + t.multiplier() + " overflows for " + t.name());
        }
    }

    static Instant toInstant(long count, ScalarDType t) {
        require(t, Kind.DATETIME);
        DateTimeUnit u = t.unit();
        long n = units(count, t);
        try {
            switch (u) {
                case YEAR:
                case MONTH:
                case WEEK:
                case DAY:
                    return toLocalDate(count, t).atStartOfDay(ZoneOffset.UTC).toInstant();
                case HOUR:
                    return Instant.ofEpochSecond(Math.multiplyExact(n, 3600L));
                case MINUTE:
                    return Instant.ofEpochSecond(Math.multiplyExact(n, 60L));
                case SECOND:
                    return Instant.ofEpochSecond(n);
                case MILLISECOND:
                    return Instant.ofEpochSecond(Math.floorDiv(n, 1000L), Math.floorMod(n, 1000L) * 1_000_000L);
                case MICROSECOND:
                    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000L);
                case NANOSECOND:
                    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
                default:
                    throw new UnsupportedOperationException("datetime64 unit '" + u.symbol() + "' of " + t.name()
                            + " is finer than java.time.Instant's nanoseconds (or generic): read the count with getLong");
            }
        } catch (ArithmeticException | DateTimeException e) {
            throw new ArithmeticException("datetime " + count + " of " + t.name() + " is outside java.time.Instant's range");
        }
    }

    static LocalDate toLocalDate(long count, ScalarDType t) {
        require(t, Kind.DATETIME);
        long n = units(count, t);
        try {
            switch (t.unit()) {
                case YEAR:
                    return LocalDate.of(Math.toIntExact(Math.addExact(1970L, n)), 1, 1);
                case MONTH:
                    return LocalDate.of(Math.toIntExact(Math.addExact(1970L, Math.floorDiv(n, 12L))),
                            (int) Math.floorMod(n, 12L) + 1, 1);
                case WEEK:
                    return LocalDate.ofEpochDay(Math.multiplyExact(n, 7L));
                case DAY:
                    return LocalDate.ofEpochDay(n);
                default:
                    throw new UnsupportedOperationException("getLocalDate needs a day-or-coarser unit (Y, M, W, D), not "
                            + t.name() + ": use getInstant");
            }
        } catch (ArithmeticException | DateTimeException e) {
            throw new ArithmeticException("datetime " + count + " of " + t.name() + " is outside java.time.LocalDate's range");
        }
    }

    static Duration toDuration(long count, ScalarDType t) {
        require(t, Kind.TIMEDELTA);
        long nanosPerUnit = t.unit().nanosPerUnit();
        if (nanosPerUnit <= 0) {
            throw new UnsupportedOperationException("timedelta64 unit '" + t.unit().symbol() + "' of " + t.name()
                    + " has no fixed length in nanoseconds (calendar, generic or sub-nanosecond): read the count with getLong");
        }
        long n = units(count, t);
        if (nanosPerUnit >= 1_000_000_000L) {
            try {
                return Duration.ofSeconds(Math.multiplyExact(n, nanosPerUnit / 1_000_000_000L));
            } catch (ArithmeticException e) {
                throw new ArithmeticException("timedelta " + count + " of " + t.name() + " overflows java.time.Duration");
            }
        }
        long perSecond = 1_000_000_000L / nanosPerUnit;
        return Duration.ofSeconds(Math.floorDiv(n, perSecond), Math.floorMod(n, perSecond) * nanosPerUnit);
    }

    private static void require(ScalarDType t, Kind k) {
        if (t.kind() != k) {
            throw new IllegalStateException("dtype " + t.name() + " is not a " + (k == Kind.DATETIME ? "datetime64" : "timedelta64"));
        }
    }

    // ---- unit conversion (astype) ----------------------------------------------------------------------------

    /** Attoseconds per unit; timedelta years and months are NumPy's Gregorian averages; null for datetime Y/M. */
    private static BigInteger attos(DateTimeUnit u, boolean timedelta) {
        switch (u) {
            case YEAR: return timedelta ? BigInteger.valueOf(31_556_952L).multiply(BigInteger.TEN.pow(18)) : null;
            case MONTH: return timedelta ? BigInteger.valueOf(2_629_746L).multiply(BigInteger.TEN.pow(18)) : null;
            case PICOSECOND: return BigInteger.valueOf(1_000_000L);
            case FEMTOSECOND: return BigInteger.valueOf(1_000L);
            case ATTOSECOND: return BigInteger.ONE;
            default: return BigInteger.valueOf(u.nanosPerUnit()).multiply(BigInteger.valueOf(1_000_000_000L));
        }
    }

    /**
     * {@code floor(v * num / den)} computed the way NumPy's datetime casts do in int64: the product wraps on
     * overflow, then negative values are floored with {@code (x - (den - 1)) / den}. Without overflow this is exact.
     */
    private static long scale(long v, BigInteger num, BigInteger den) {
        BigInteger g = num.gcd(den);
        num = num.divide(g);
        den = den.divide(g);
        if (num.bitLength() < 64 && den.bitLength() < 64) {
            long x = v * num.longValue();
            long d = den.longValue();
            return v < 0 ? (x - (d - 1)) / d : x / d;
        }
        BigInteger[] qr = BigInteger.valueOf(v).multiply(num).divideAndRemainder(den);
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValue();
    }

    /** Returns true if {@link #convert} handles these two datetime/timedelta dtypes. */
    static boolean convertible(ScalarDType from, ScalarDType to) {
        return from.kind() == to.kind() && from.unit() != DateTimeUnit.GENERIC && to.unit() != DateTimeUnit.GENERIC;
    }

    /**
     * Converts a count between units as NumPy's {@code astype} does: to a coarser unit rounds toward minus infinity,
     * to a finer one multiplies (wrapping on overflow), datetime years and months go through the calendar, NaT stays.
     */
    static long convert(long v, ScalarDType from, ScalarDType to) {
        if (v == Long.MIN_VALUE) {
            return v;
        }
        boolean td = from.kind() == Kind.TIMEDELTA;
        DateTimeUnit fu = from.unit();
        DateTimeUnit tu = to.unit();
        BigInteger m1 = BigInteger.valueOf(from.multiplier());
        BigInteger m2 = BigInteger.valueOf(to.multiplier());
        BigInteger fa = attos(fu, td);
        BigInteger ta = attos(tu, td);
        if (fa != null && ta != null) {
            return scale(v, fa.multiply(m1), ta.multiply(m2));
        }
        try {
            long months;
            if (fa == null) {
                months = v * from.multiplier() * (fu == DateTimeUnit.YEAR ? 12 : 1);
                if (ta == null) {
                    return Math.floorDiv(months, (long) to.multiplier() * (tu == DateTimeUnit.YEAR ? 12 : 1));
                }
                long days = LocalDate.of(Math.toIntExact(1970 + Math.floorDiv(months, 12L)), (int) Math.floorMod(months, 12L) + 1, 1)
                        .toEpochDay();
                // like NumPy: the count in the target's base unit first (wrapping), then the multiplier
                long base = scale(days, attos(DateTimeUnit.DAY, false), ta);
                return scale(base, BigInteger.ONE, m2);
            }
            long days = scale(v, fa.multiply(m1), attos(DateTimeUnit.DAY, false));
            LocalDate d = LocalDate.ofEpochDay(days);
            months = (d.getYear() - 1970L) * 12 + d.getMonthValue() - 1;
            return Math.floorDiv(months, (long) to.multiplier() * (tu == DateTimeUnit.YEAR ? 12 : 1));
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("datetime " + v + " of " + from.name() + " cannot be expressed in " + to.name()
                    + " (outside the calendar's range)");
        }
    }
}
