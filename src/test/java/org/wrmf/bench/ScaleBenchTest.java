package org.wrmf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.cli.SettingsReader;
import org.wrmf.cli.WrmfConfig;

@Slow
class ScaleBenchTest {
    @TempDir
    Path dir;

    @Test
    void everyStageOfEveryScaleGetsARowAndMllibItsRatio() {
        WrmfConfig config = WrmfConfig.load(
                null,
                List.of(
                        "bench.scale.rank=4",
                        "bench.scale.iterations=2",
                        "als.blocks=2",
                        "output.path=" + dir.toUri()));
        List<ScaleBench.Dataset> datasets = List.of(new ScaleBench.Dataset(
                "0.002",
                SettingsReader.prepare(config.with("input.format", "synthetic")
                        .with("generate.scale", 0.002)
                        .with("generate.path", "")
                        .with("output.path", dir.resolve("scale").toUri().toString()))));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScaleBench.Row> rows = ScaleBench.run(
                SparkTestSession.get(),
                datasets,
                SettingsReader.scaleBench(config, SparkTestSession.get().sparkContext()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(
                List.of(
                        "generate",
                        "load",
                        "threshold",
                        "index",
                        "holdout",
                        "write_prepared",
                        "prepare",
                        "wrmf-cg",
                        "mllib",
                        "total"),
                rows.stream().map(ScaleBench.Row::stage).toList());
        Map<String, ScaleBench.Row> byStage =
                rows.stream().collect(Collectors.toMap(ScaleBench.Row::stage, row -> row));
        for (String trained : List.of("wrmf-cg", "mllib")) {
            ScaleBench.Row row = byStage.get(trained);
            assertEquals(row.seconds() / 2, row.secondsPerIteration(), 1e-9, "two iterations: " + row);
            assertTrue(
                    row.peakHeapBytes() > 0
                            && row.peakHeapBytes() <= Runtime.getRuntime().maxMemory(),
                    "the heap sampled, within -Xmx: " + row);
        }
        double ratio = byStage.get("mllib").seconds() / byStage.get("wrmf-cg").seconds();
        assertTrue(
                byStage.get("mllib").detail().contains(String.format(java.util.Locale.ROOT, "%.2f", ratio)),
                byStage.get("mllib").detail());
        assertTrue(
                byStage.get("prepare").detail().matches("\\d+ users x \\d+ items, \\d+ training likes"),
                byStage.get("prepare").detail());
        double stages =
                rows.subList(0, 6).stream().mapToDouble(ScaleBench.Row::seconds).sum();
        // each part and the whole are rounded to the millisecond (index is two parts): 7 half-milliseconds at most
        assertTrue(byStage.get("prepare").seconds() >= stages - 0.0035, "the stages are parts of prepare");
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("scale bench: rank 4, 2 iterations, solver cg"), lines[0]);
        assertEquals(2 + rows.size(), lines.length, "a title, a header and one line per row");
    }

    @Test
    void defaultScalesPrintAsGenerateTakesThem() {
        WrmfConfig config = WrmfConfig.load(null, List.of("bench.scale.scales=[10, 0.5, 100]"));
        assertEquals(List.of("10", "0.5", "100"), SettingsReader.benchScales(config));
    }
}
