package org.npy4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The data source's options, parsed once on the driver. */
final class Options implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<String> paths;
    final boolean columnsLayout;
    final boolean fileColumns;
    /** -1: take Spark's {@code spark.sql.files.maxPartitionBytes}. */
    final long maxPartitionBytes;
    /** {@code .npz} members to read ({@code members=a,b}), or null for every array member. */
    final List<String> members;
    /** Target bytes of one columnar batch. */
    final int batchBytes;

    Options(Map<String, String> m) {
        Map<String, String> lower = new java.util.HashMap<>();
        m.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        paths = paths(lower);
        String layout = lower.getOrDefault("layout", "rows").toLowerCase(Locale.ROOT);
        if (!layout.equals("rows") && !layout.equals("columns")) {
            throw new IllegalArgumentException("option layout must be 'rows' or 'columns', not '" + layout + "'");
        }
        columnsLayout = layout.equals("columns");
        fileColumns = bool(lower, "includefilecolumns");
        String mpb = lower.get("maxpartitionbytes");
        maxPartitionBytes = mpb == null ? -1 : Math.max(1, bytes(mpb, "maxPartitionBytes"));
        String ms = lower.get("members");
        if (ms == null) {
            members = null;
        } else {
            List<String> names = new ArrayList<>();
            for (String n : ms.split(",")) {
                if (!n.trim().isEmpty()) {
                    names.add(n.trim());
                }
            }
            members = names;
        }
        String bb = lower.get("batchbytes");
        batchBytes = bb == null ? 4 << 20 : (int) Math.min(Integer.MAX_VALUE - 64, Math.max(1, bytes(bb, "batchBytes")));
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = m.getOrDefault(key, "false").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("option " + key + " must be true or false, not '" + v + "'");
        }
        return v.equals("true");
    }

    /** Parses {@code 4m}, {@code 128MB}, {@code 1g}, {@code 1048576}, {@code 512b}. */
    static long bytes(String text, String what) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(what + " is not a byte size: '" + text + "'");
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        int shift;
        switch (unit) {
            case "": case "b": shift = 0; break;
            case "k": case "kb": case "kib": shift = 10; break;
            case "m": case "mb": case "mib": shift = 20; break;
            case "g": case "gb": case "gib": shift = 30; break;
            case "t": case "tb": case "tib": shift = 40; break;
            default: throw new IllegalArgumentException(what + " has an unknown unit: '" + text + "'");
        }
        return Math.multiplyExact(n, 1L << shift);
    }

    /** Spark passes one path as {@code path} and several as {@code paths}, a JSON array of strings. */
    private static List<String> paths(Map<String, String> m) {
        List<String> out = new ArrayList<>();
        String one = m.get("path");
        if (one != null) {
            out.add(one);
        }
        String many = m.get("paths");
        if (many != null) {
            out.addAll(jsonStrings(many));
        }
        return out;
    }

    /** A JSON array of strings, as Spark's {@code DataFrameReader} writes it. */
    static List<String> jsonStrings(String json) {
        List<String> out = new ArrayList<>();
        String s = json.trim();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("option paths is not a JSON array: " + json);
        }
        int i = 1;
        while (i < s.length() - 1) {
            char c = s.charAt(i);
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    char x = s.charAt(i);
                    if (x == '\\') {
                        char e = s.charAt(++i);
                        switch (e) {
                            case 'n': sb.append('\n'); break;
                            case 't': sb.append('\t'); break;
                            case 'r': sb.append('\r'); break;
                            case 'b': sb.append('\b'); break;
                            case 'f': sb.append('\f'); break;
                            case 'u': sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                            default: sb.append(e);
                        }
                    } else {
                        sb.append(x);
                    }
                    i++;
                }
                out.add(sb.toString());
            }
            i++;
        }
        return out;
    }
}
