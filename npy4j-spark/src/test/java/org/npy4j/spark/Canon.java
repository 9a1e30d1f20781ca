package org.npy4j.spark;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;

/** Spark's row values as the text {@link Py#CANON}'s {@code canon} gives NumPy's, for exact comparison. */
final class Canon {
    private Canon() {
    }

    static String row(Row r, int columns) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            parts.add(value(r.get(i)));
        }
        return String.join("|", parts);
    }

    static String value(Object v) {
        if (v == null) {
            return "NaT";
        }
        if (v instanceof Row) {
            Row r = (Row) v;
            return row(r, r.length());
        }
        if (v instanceof scala.collection.Seq || v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object e : WritePlan.list(v)) {
                parts.add(value(e));
            }
            return String.join("|", parts);
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "1" : "0";
        }
        if (v instanceof Float) {
            return Integer.toString(Float.floatToRawIntBits((Float) v));
        }
        if (v instanceof Double) {
            return Long.toString(Double.doubleToRawLongBits((Double) v));
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof String) {
            return HexFormat.of().formatHex(((String) v).getBytes(StandardCharsets.UTF_8));
        }
        if (v instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) v);
        }
        if (v instanceof Instant) {
            Instant i = (Instant) v;
            return Long.toString(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000);
        }
        if (v instanceof LocalDateTime) {
            Instant i = ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
            return Long.toString(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000);
        }
        if (v instanceof LocalDate) {
            return Long.toString(((LocalDate) v).toEpochDay());
        }
        if (v instanceof Duration) {
            Duration d = (Duration) v;
            return Long.toString(d.getSeconds() * 1_000_000L + d.getNano() / 1000);
        }
        if (v instanceof Period) {
            return Long.toString(((Period) v).toTotalMonths());
        }
        throw new IllegalArgumentException("no canonical form for " + v.getClass());
    }
}
