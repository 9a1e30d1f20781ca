package org.npy4j.array;

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
}
