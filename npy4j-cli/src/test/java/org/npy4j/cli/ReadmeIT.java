package org.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```sh} block of the README that runs {@code ./npy} is executed from the repository root with bash
 * ({@code set -euo pipefail}); where a {@code ```text} block follows, the output must be exactly that text. The
 * first block ({@code ./npy tour}, {@code mvn -B verify}) is covered by {@link TourIT} and by the build itself.
 */
class ReadmeIT {
    private record Block(String lang, String body) {
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> r = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```") && l.length() > 3) {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (!lines.get(j).equals("```")) {
                    b.append(lines.get(j)).append('\n');
                    j++;
                }
                r.add(new Block(l.substring(3), b.toString()));
                i = j;
            }
        }
        return r;
    }

    @Test
    void readmeExamplesRunAndPrintWhatTheReadmeShows() throws Exception {
        List<Block> blocks = blocks(Files.readAllLines(CliIT.ROOT.resolve("README.md")));
        List<String> commandsRun = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (!b.lang().equals("sh") || !b.body().contains("./npy ") || b.body().contains("mvn ")
                    || b.body().contains("./npy tour")) {
                continue;
            }
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + b.body())
                    .directory(CliIT.ROOT.toFile());
            // short commands: a C1-only JVM starts faster (the launcher hands JAVA_OPTS to java)
            pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            CliIT.Run r = CliIT.exec(pb, 120);
            assertEquals(0, r.code(), "README block failed:\n" + b.body() + "\nstderr: " + r.err());
            if (i + 1 < blocks.size() && blocks.get(i + 1).lang().equals("text")) {
                assertEquals(blocks.get(i + 1).body(), r.out(), "output of README block:\n" + b.body());
                compared++;
            }
            for (String line : b.body().split("\n")) {
                if (line.startsWith("./npy ")) {
                    commandsRun.add(line.split(" ")[1]);
                }
            }
        }
        for (String c : List.of("info", "show", "dump", "check", "convert", "checkpoints")) {
            assertTrue(commandsRun.contains(c), "the README has a tested example of npy " + c);
        }
        assertTrue(compared >= 5, "outputs compared: " + compared);
    }
}
