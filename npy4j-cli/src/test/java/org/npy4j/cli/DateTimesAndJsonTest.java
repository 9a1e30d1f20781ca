package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.npy4j.dtype.DType;
import org.npy4j.dtype.ScalarDType;

/** {@code np.datetime_as_string} for every unit against NumPy; the JSON writer's escaping read back by Jackson. */
class DateTimesAndJsonTest {
    @Test
    void datetimeStringsMatchNumpyForEveryUnit() {
        Random r = new Random(3);
        String[] units = {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "3W", "25h", "10ms", "7ns"};
        long[] ranges = {8000, 96000, 400_000, 3_000_000, 70_000_000L, 4_000_000_000L, 250_000_000_000L,
            250_000_000_000_000L, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2,
            Long.MAX_VALUE / 2, 100_000, 1_000_000, 25_000_000_000_000L, Long.MAX_VALUE / 16};
        StringBuilder script = new StringBuilder("import numpy as np\n");
        List<String> mine = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            ScalarDType t = DType.parse("<M8[" + units[u] + "]");
            List<Long> values = new ArrayList<>(List.of(0L, -1L, 1L));
            for (int i = 0; i < 40; i++) {
                values.add((long) ((r.nextDouble() * 2 - 1) * ranges[u]));
            }
            script.append("print('\\n'.join(np.datetime_as_string(np.array(").append(values)
                    .append(", dtype='<M8[").append(units[u]).append("]'))))\n");
            for (long v : values) {
                mine.add(DateTimes.format(v, t));
            }
        }
        String[] numpy = Py.run(script.toString()).split("\n");
        assertEquals(mine.size(), numpy.length);
        for (int i = 0; i < numpy.length; i++) {
            assertEquals(numpy[i], mine.get(i), "value " + i);
        }
    }

    @Test
    void jsonStringsRoundTripThroughAParser() throws Exception {
        String[] samples = {"plain", "quote \" and backslash \\", "tab\tnew\nline\r", "\u0000\u0001\u001f\u007f",
            "caf\u00e9 \u4e2d \uD83D\uDE00", "lone \uD800 high", "lone \uDC00 low", ""};
        StringBuilder sb = new StringBuilder();
        Json j = new Json(sb);
        j.beginObject();
        for (int i = 0; i < samples.length; i++) {
            j.name("k" + i).value(samples[i]);
        }
        j.name("list").beginArray().value(true).nullValue().number("1e-05").value(-3).endArray().endObject();
        var tree = new ObjectMapper().readTree(sb.toString());
        for (int i = 0; i < samples.length; i++) {
            assertEquals(samples[i], tree.get("k" + i).asText(), "sample " + i);
        }
        assertEquals("[true,null,1.0E-5,-3]", tree.get("list").toString());
    }
}
