package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

@Slow
class RefitBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheThreeRunsOfTheDailyRhythmScoredOnTheNextDay() throws Exception {
        WrmfConfig config = WrmfConfig.load(
                null,
                List.of(
                        "als.factors=4",
                        "als.iterations=4",
                        "als.blocks=2",
                        "refit.iterations=1",
                        "output.path=" + dir.toUri()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        RefitBenchCommand.run(
                SparkTestSession.get(), config, "0.01", 2, new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> lines =
                Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n"));
        String text = String.join("\n", lines);
        List<String> rows = lines.stream().filter(l -> l.startsWith("day ")).toList();
        assertEquals(4, rows.size(), text);
        assertTrue(rows.get(0).startsWith("day 2 scratch"), text);
        assertTrue(rows.get(1).startsWith("day 3 refit"), text);
        assertTrue(rows.get(2).startsWith("day 3 scratch"), text);
        // iterations: the scratch runs' als.iterations, the refit's refit.iterations
        assertEquals("4", rows.get(0).split("\\s+")[3], text);
        assertEquals("1", rows.get(1).split("\\s+")[3], text);
        // day 2's row is the base: no overlap with itself; the day 3 rows have one in [0, 1]
        assertEquals("-", rows.get(0).split("\\s+")[14], text);
        for (String row : rows.subList(1, 3)) {
            double overlap = Double.parseDouble(row.split("\\s+")[14]);
            assertTrue(overlap >= 0 && overlap <= 1, row);
            double ndcg = Double.parseDouble(row.split("\\s+")[11]);
            assertTrue(ndcg >= 0 && ndcg <= 1, row);
            assertTrue(Long.parseLong(row.split("\\s+")[9]) > 0, "users scored on day 4: " + row);
        }
        assertTrue(rows.get(3).startsWith("day 3, refit against scratch"), text);
        for (String run : List.of("day-2-scratch", "day-3-refit", "day-3-scratch")) {
            assertTrue(
                    Files.exists(
                            dir.resolve("bench/refit/scale-0.01").resolve(run).resolve("manifest.json")),
                    run);
        }
    }
}
