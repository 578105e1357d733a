package org.wrmf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.cli.SettingsReader;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.data.Holdout;
import org.wrmf.data.HoldoutSettings;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;

@Slow
class AlsBenchTest {
    private static final int USERS = 60;
    private static final int ITEMS = 40;

    @TempDir
    Path dir;

    @Test
    void rowsForTheRequestedEnginesScoredOnTheHoldout() {
        WrmfConfig config = WrmfConfig.load(
                null,
                List.of(
                        "bench.als.engines=[wrmf-cg, MLlib]",
                        "bench.als.ranks=[3]",
                        "bench.als.iterations=2",
                        "bench.als.regularizations=[0.5]",
                        "als.blocks=2",
                        "als.execution=distributed"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<AlsBench.AlsBenchRow> results = AlsBench.run(
                SparkTestSession.get(),
                List.of(tinyLikes()),
                SettingsReader.alsBench(config, SparkTestSession.get().sparkContext()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(
                List.of("mllib", "wrmf-cg"),
                results.stream().map(AlsBench.AlsBenchRow::engine).toList(),
                "the requested engines, MLlib first");
        for (AlsBench.AlsBenchRow r : results) {
            assertTrue(r.precisionAt5() > 0 && r.precisionAt5() <= 1, r.toString());
            assertEquals(0.5, r.bestRegularization(), r.toString());
            assertTrue(r.secondsPerIteration() > 0, r.toString());
            // both engines exchange factors between user and item blocks (2 blocks): some shuffle each iteration
            assertTrue(r.shuffleBytesPerIteration() > 0, r.toString());
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, "a title, a header and one row per engine");
        assertTrue(lines[0].contains("1 untimed warm-up fit(s) per engine and dataset"), lines[0]);
        assertTrue(lines[0].contains("our fits' execution distributed"), lines[0]);
        assertTrue(lines[3].startsWith("tiny"), lines[3]);
        assertTrue(lines[3].split("\\s+")[6].matches("\\d+\\.\\d\\d"), "a ratio to MLlib: " + lines[3]);
    }

    @Test
    void severalSeedsAndSplitsGiveMeansSpreadsAndDifferencesToMllib() {
        WrmfConfig config = WrmfConfig.load(
                null,
                List.of(
                        "bench.als.engines=[mllib, wrmf-cholesky]",
                        "bench.als.scalings=[constant, count]",
                        "bench.als.model-seeds=[1, 2]",
                        "bench.als.ranks=[3]",
                        "bench.als.iterations=2",
                        "bench.als.regularizations=[0.5]",
                        "bench.als.warm-up-fits=0",
                        "als.blocks=2"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<AlsBench.AlsBenchRow> results = AlsBench.run(
                SparkTestSession.get(),
                List.of(new AlsBench.Likes("tiny", List.of(tinySplit(42), tinySplit(43)))),
                SettingsReader.alsBench(config, SparkTestSession.get().sparkContext()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(
                List.of("mllib", "wrmf-cholesky", "wrmf-cholesky-count"),
                results.stream().map(AlsBench.AlsBenchRow::engine).toList());
        for (AlsBench.AlsBenchRow r : results) {
            assertEquals(2, r.precision().values().length, "two splits: " + r);
            assertEquals(4, r.precision().count(), "two seeds on each: " + r);
            assertEquals(4, r.ndcg().count(), r.toString());
            assertTrue(r.loss() > 0 && Double.isFinite(r.loss()), "the training objective: " + r);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].contains("model seeds [1, 2]"), lines[0]);
        String[] mllib = lines[2].split("\\s+");
        String[] count = lines[4].split("\\s+");
        assertEquals("2x2", count[16], "splits x seeds: " + lines[4]);
        assertEquals("-", mllib[11], "MLlib has no difference to itself: " + lines[2]);
        double difference = results.get(2).precisionAt5() - results.get(0).precisionAt5();
        assertEquals(difference, Double.parseDouble(count[11]), 1e-4, "difference of means: " + lines[4]);
        assertTrue(count[12].matches("\\d+\\.\\d{4}"), "paired over two splits, with an error: " + lines[4]);
    }

    @Test
    void plainEnginesRunOncePerScalingAndExponent() {
        List<AlsBench.Variant> variants = AlsBench.variants(
                List.of("mllib", "wrmf-cg", "wrmf-cg-count"),
                List.of(RegularizationScaling.CONSTANT, RegularizationScaling.COUNT, RegularizationScaling.FREQUENCY),
                new double[] {1, 0.5});
        assertEquals(
                List.of(
                        "mllib",
                        "wrmf-cg",
                        "wrmf-cg-count",
                        "wrmf-cg-count^0.5",
                        "wrmf-cg-frequency",
                        "wrmf-cg-frequency^0.5"),
                variants.stream().map(AlsBench.Variant::name).toList(),
                "wrmf-cg-count asked twice runs once");
        AlsBench.Variant half = variants.get(3);
        assertEquals(Solver.CG, half.solver());
        assertEquals(RegularizationScaling.COUNT, half.scaling());
        assertEquals(0.5, half.exponent());
        assertEquals(
                List.of("wrmf-cholesky-count"),
                AlsBench.variants(
                                List.of("wrmf-cholesky-count"), List.of(RegularizationScaling.CONSTANT), new double[] {2
                                })
                        .stream()
                        .map(AlsBench.Variant::name)
                        .toList(),
                "the -count engines are MLlib's nu = 1 whatever the exponents");
    }

    @Test
    void withoutMllibTheRatioIsADash() {
        AlsBench.AlsBenchRow ours = new AlsBench.AlsBenchRow("d", "wrmf-cg", 3, 1, 0.5, 0.4, 0.1, 1);
        AlsBench.AlsBenchRow mllib = new AlsBench.AlsBenchRow("d", "mllib", 3, 1, 2.0, Double.NaN, 0.1, 1);
        assertEquals("4.00", AlsBench.ratio(ours, mllib));
        assertEquals("-", AlsBench.ratio(ours, null));
    }

    /**
     * Random likes split by the data package's holdout, as Preparation would; the id mappings are left
     * out (the bench never reads them), so the test skips the load, threshold and write stages.
     */
    private static AlsBench.Likes tinyLikes() {
        return new AlsBench.Likes("tiny", tinySplit(42));
    }

    private static PreparedData tinySplit(long seed) {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                // two tastes: even users like even items more, so a rank-3 model beats chance
                if (random.nextDouble() < ((u + i) % 2 == 0 ? 0.5 : 0.1)) {
                    rows.add(RowFactory.create(u, i, 1f));
                }
            }
        }
        StructType schema = new StructType()
                .add("user", DataTypes.IntegerType)
                .add("item", DataTypes.IntegerType)
                .add("weight", DataTypes.FloatType);
        Dataset<Row> likes = SparkTestSession.get().createDataFrame(rows, schema);
        Holdout.Split split = Holdout.split(likes, USERS, new HoldoutSettings(true, 3, 0.5, seed));
        return new PreparedData(
                new IndexedLikes(likes, null, null, USERS, ITEMS),
                likes,
                split.train(),
                split.test(),
                split.testUsers());
    }
}
