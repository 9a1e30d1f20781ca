package org.npy4j.cli;

import java.time.LocalDate;
import org.npy4j.dtype.DateTimeUnit;
import org.npy4j.dtype.ScalarDType;

/** {@code np.datetime_as_string} for a datetime64 value in its own unit: {@code 2026-11-23}, {@code 2026-11-23T12:34:56.789}. */
final class DateTimes {
    private DateTimes() {
    }

    static String format(long value, ScalarDType t) {
        if (Values.isNat(value)) {
            return "NaT";
        }
        try {
            return format0(value, t);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            // beyond java.time's years (+-999999999): show the raw count rather than fail the whole print
            return value + " " + t.unit().symbol();
        }
    }

    private static String format0(long value, ScalarDType t) {
        DateTimeUnit unit = t.unit();
        long v = Math.multiplyExact(value, t.multiplier());
        switch (unit) {
            case GENERIC:
                return Long.toString(value);
            case YEAR:
                return year(1970 + v);
            case MONTH: {
                long y = 1970 + Math.floorDiv(v, 12);
                int m = Math.floorMod(v, 12) + 1;
                return year(y) + "-" + two(m);
            }
            case WEEK:
                return date(Math.multiplyExact(v, 7));
            case DAY:
                return date(v);
            default:
                break;
        }
        // time units: split into days and the time of day in the unit's ticks
        long ticksPerDay;
        int fractionDigits;
        switch (unit) {
            case HOUR: ticksPerDay = 24; fractionDigits = -2; break;
            case MINUTE: ticksPerDay = 24 * 60; fractionDigits = -1; break;
            case SECOND: ticksPerDay = 86_400L; fractionDigits = 0; break;
            case MILLISECOND: ticksPerDay = 86_400_000L; fractionDigits = 3; break;
            case MICROSECOND: ticksPerDay = 86_400_000_000L; fractionDigits = 6; break;
            case NANOSECOND: ticksPerDay = 86_400_000_000_000L; fractionDigits = 9; break;
            default: return subNano(v, unit);
        }
        long days = Math.floorDiv(v, ticksPerDay);
        long rem = Math.floorMod(v, ticksPerDay);
        StringBuilder sb = new StringBuilder(date(days)).append('T');
        if (fractionDigits == -2) {
            return sb.append(two((int) rem)).toString();
        }
        if (fractionDigits == -1) {
            return sb.append(two((int) (rem / 60))).append(':').append(two((int) (rem % 60))).toString();
        }
        long perSecond = pow10(fractionDigits);
        long secs = rem / perSecond;
        long frac = rem % perSecond;
        sb.append(two((int) (secs / 3600))).append(':').append(two((int) (secs / 60 % 60))).append(':')
                .append(two((int) (secs % 60)));
        if (fractionDigits > 0) {
            String f = Long.toString(frac);
            sb.append('.');
            for (int i = f.length(); i < fractionDigits; i++) {
                sb.append('0');
            }
            sb.append(f);
        }
        return sb.toString();
    }

    /** ps, fs, as: an int64 count spans at most a few hours around the epoch (about 106 days for ps). */
    private static String subNano(long v, DateTimeUnit unit) {
        int digits = unit == DateTimeUnit.PICOSECOND ? 12 : unit == DateTimeUnit.FEMTOSECOND ? 15 : 18;
        long perSecond = pow10(digits);
        long secs = Math.floorDiv(v, perSecond);
        long frac = Math.floorMod(v, perSecond);
        long days = Math.floorDiv(secs, 86_400L);
        long sod = Math.floorMod(secs, 86_400L);
        StringBuilder sb = new StringBuilder(date(days)).append('T').append(two((int) (sod / 3600))).append(':')
                .append(two((int) (sod / 60 % 60))).append(':').append(two((int) (sod % 60))).append('.');
        String f = Long.toString(frac);
        for (int i = f.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(f).toString();
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static String date(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return year(d.getYear()) + "-" + two(d.getMonthValue()) + "-" + two(d.getDayOfMonth());
    }

    /** C's {@code %04d}, as NumPy: {@code 0042}, {@code -002}, {@code 10000}. */
    private static String year(long y) {
        return String.format(java.util.Locale.ROOT, "%04d", y);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
