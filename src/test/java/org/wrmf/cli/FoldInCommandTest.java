package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.ExplainerTest;
import org.wrmf.als.FactorModel;
import org.wrmf.io.IdMappings;
import org.wrmf.io.SafeOutput;
import org.wrmf.io.SparkMlModel;
import org.wrmf.io.SparkMlModelTest;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * {@code fold-in} through the command line on a small finished run. A new user with the likes of
 * {@link ExplainerTest#liked()} must get the exact solve against the run's items (computed densely
 * there, on the items as stored: floats), likes of unknown items are set aside and counted, a user with
 * only unknown items is listed and not solved, and excluded pairs are never recommended.
 */
@Slow
class FoldInCommandTest {
    @TempDir
    Path dir;

    private Path finishedRun(double[][] items) throws Exception {
        return finishedRun(items, "linear");
    }

    private Path finishedRun(double[][] items, String confidence) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path out = dir.resolve("run");
        double[][] users = SparkMlModelTest.randomFactors(2, ExplainerTest.RANK, 9);
        List<Row> mapping = new ArrayList<>();
        for (int i = 0; i < ExplainerTest.N_ITEMS; i++) {
            mapping.add(RowFactory.create("m" + i, i));
        }
        var itemIds = spark.createDataFrame(
                mapping, new StructType().add("id", DataTypes.StringType).add("idx", DataTypes.IntegerType));
        SparkMlModel.write(
                spark,
                new FactorModel(ExplainerTest.RANK, SparkMlModelTest.rdd(users), SparkMlModelTest.rdd(items)),
                new IdMappings(SparkMlModelTest.ids("u", 2), itemIds),
                new SafeOutput(spark.sparkContext().hadoopConfiguration(), false),
                out.resolve("model").toString());
        RunManifest.Final model = new RunManifest.Final(
                ExplainerTest.RANK,
                ExplainerTest.LAMBDA,
                ExplainerTest.LAMBDA,
                ExplainerTest.ALPHA,
                confidence,
                1e-8,
                "cholesky",
                10,
                0);
        Files.writeString(
                out.resolve("manifest.json"),
                Manifest.toJson(new RunManifest(
                        "recommend",
                        "t",
                        null,
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        model,
                        null,
                        null,
                        Map.of(),
                        null,
                        null)));
        return out;
    }

    @Test
    void foldsInNewUsersAgainstTheRunsItems() throws Exception {
        SparkSession spark = SparkTestSession.get();
        double[][] items = SparkMlModelTest.randomFactors(ExplainerTest.N_ITEMS, ExplainerTest.RANK, 8);
        for (double[] item : items) {
            for (int f = 0; f < item.length; f++) {
                item[f] = (float) item[f]; // as the model stores them
            }
        }
        Path run = finishedRun(items);
        StringBuilder csv = new StringBuilder();
        ExplainerTest.liked()
                .forEach((item, weight) -> csv.append("new1,m")
                        .append(item)
                        .append(',')
                        .append(weight)
                        .append('\n'));
        csv.append("new1,unknown-a,1\n")
                .append("ghost,unknown-a,1\n")
                .append("ghost,unknown-b,2\n")
                .append("new2,m1,1\n")
                .append("broken line\n");
        Path likes = dir.resolve("new-likes.csv");
        Files.writeString(likes, csv);
        Path exclude = dir.resolve("exclude.csv");
        Files.writeString(exclude, "new2,m4,1\nnew2,m6,1\nnobody,m1,1\n");
        String[] args = {
            "fold-in",
            "--set",
            "output.path=" + run,
            "--set",
            "input.path=" + likes,
            "--set",
            "input.format=csv",
            "--set",
            "input.header=false",
            "--set",
            "input.columns.user=0",
            "--set",
            "input.columns.item=1",
            "--set",
            "input.columns.weight=2",
            "--set",
            "input.columns.name=",
            "--set",
            "fold-in.exclude=" + exclude,
            "--set",
            "output.top-n=11",
            "--set",
            "output.blocks=2"
        };

        var result = OutputCommandsTest.run(args);
        assertEquals(Main.OK, result.getKey(), result.getValue());
        assertTrue(
                result.getValue().contains("5 likes of known items, 3 of items the model does not know"),
                result.getValue());
        assertTrue(result.getValue().contains("1 users have no like of a known item"), result.getValue());

        Path out = run.resolve("fold-in");
        Map<String, List<Float>> folded = spark
                .read()
                .parquet(out.resolve("users").toString())
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getList(1)));
        assertEquals(Set.of("new1", "new2"), folded.keySet());
        double[] expected = ExplainerTest.exactUser(items, ExplainerTest.liked());
        for (int f = 0; f < ExplainerTest.RANK; f++) {
            assertEquals(
                    expected[f],
                    folded.get("new1").get(f),
                    1e-6 * (1 + Math.abs(expected[f])),
                    "factor " + f + ": stored as float");
        }
        List<Row> without = spark.read()
                .parquet(out.resolve("users-without-known-likes").toString())
                .collectAsList();
        assertEquals(1, without.size());
        assertEquals("ghost", without.get(0).getString(0));
        assertEquals(2L, without.get(0).getLong(1));
        assertEquals(
                1L, spark.read().parquet(out.resolve("rejected").toString()).count());

        List<Row> recommendations =
                spark.read().parquet(out.resolve("recommendations").toString()).collectAsList();
        Set<String> toNew1 = recommendations.stream()
                .filter(r -> r.getAs("user").equals("new1"))
                .map(r -> (String) r.getAs("item"))
                .collect(Collectors.toSet());
        Set<String> toNew2 = recommendations.stream()
                .filter(r -> r.getAs("user").equals("new2"))
                .map(r -> (String) r.getAs("item"))
                .collect(Collectors.toSet());
        assertEquals(ExplainerTest.N_ITEMS - 4, toNew1.size(), "every item but the 4 liked ones");
        assertFalse(toNew1.contains("m0") || toNew1.contains("m3") || toNew1.contains("m5") || toNew1.contains("m7"));
        assertEquals(ExplainerTest.N_ITEMS - 3, toNew2.size(), "neither its like nor its 2 excluded items");
        assertFalse(toNew2.contains("m1") || toNew2.contains("m4") || toNew2.contains("m6"));

        RunManifest manifest = Manifest.read(
                spark.sparkContext().hadoopConfiguration(),
                new org.apache.hadoop.fs.Path(out.resolve("manifest.json").toString()));
        assertEquals("fold-in", manifest.command());
        RunManifest.FoldInFigures figures = manifest.foldIn();
        assertEquals(
                List.of(9L, 1L, 5L, 3L, 2L, 1L, 2L),
                List.of(
                        figures.rowsRead(),
                        figures.rowsRejected(),
                        figures.knownLikes(),
                        figures.unknownLikes(),
                        figures.users(),
                        figures.usersWithoutKnownLikes(),
                        figures.excludedPairs()));
        assertEquals(1.0, manifest.recommendations().coverage(), "17 slots over 12 items reach every item");

        assertEquals(Main.USAGE, OutputCommandsTest.run(args).getKey(), "existing outputs need output.overwrite");
        String[] again = java.util.Arrays.copyOf(args, args.length + 2);
        again[args.length] = "--set";
        again[args.length + 1] = "output.overwrite=true";
        assertEquals(Main.OK, OutputCommandsTest.run(again).getKey());
    }

    /**
     * A bm25 run end to end: {@code recommend} with {@code als.confidence = bm25} keeps the training
     * matrix's N and avg_len (manifest) and each item's idf ({@code model/bm25-idf}), equal to those
     * counted here from the likes; folding the trained users' own likes back in weighs them with those and
     * gives their stored factors back; explain's contributions add up to the stored score.
     */
    @Test
    void aBm25RunKeepsItsStatisticsAndFoldsItsOwnUsersBackIn() throws Exception {
        foldsItsOwnUsersBackIn("recommend");
    }

    /** {@code train} writes the model too, so its runs can be folded in and explained (BM25 included). */
    @Test
    void aTrainRunFoldsItsOwnUsersBackIn() throws Exception {
        foldsItsOwnUsersBackIn("train");
    }

    private void foldsItsOwnUsersBackIn(String command) throws Exception {
        SparkSession spark = SparkTestSession.get();
        int users = 10;
        int items = 8;
        java.util.Random random = new java.util.Random(5);
        StringBuilder csv = new StringBuilder();
        Map<String, Double> lengths = new java.util.HashMap<>();
        Map<String, Integer> frequencies = new java.util.HashMap<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (i == u % items || random.nextDouble() < 0.4) { // every user and item has a like
                    int weight = 1 + random.nextInt(5);
                    csv.append('u')
                            .append(u)
                            .append(",m")
                            .append(i)
                            .append(',')
                            .append(weight)
                            .append('\n');
                    lengths.merge("u" + u, (double) weight, Double::sum);
                    frequencies.merge("m" + i, 1, Integer::sum);
                }
            }
        }
        Path likes = dir.resolve("likes.csv");
        Files.writeString(likes, csv);
        Path run = dir.resolve("bm25-run");
        List<String> input = List.of(
                "--set",
                "input.path=" + likes,
                "--set",
                "input.format=csv",
                "--set",
                "input.header=false",
                "--set",
                "input.columns.user=0",
                "--set",
                "input.columns.item=1",
                "--set",
                "input.columns.weight=2",
                "--set",
                "input.columns.name=",
                "--set",
                "output.path=" + run);
        List<String> recommend = new ArrayList<>(List.of(
                command,
                "--set",
                "threshold.min-user-likes=1",
                "--set",
                "threshold.min-item-likes=1",
                "--set",
                "holdout.enabled=false",
                "--set",
                "als.factors=3",
                "--set",
                "als.iterations=3",
                "--set",
                "als.alpha=2",
                "--set",
                "als.regularization=0.5",
                "--set",
                "als.confidence=bm25",
                "--set",
                "als.bm25.k1=1.2",
                "--set",
                "als.bm25.b=0.75",
                "--set",
                "output.top-n=0",
                "--set",
                "output.similar-items=0"));
        recommend.addAll(input);
        var trained = OutputCommandsTest.run(recommend.toArray(String[]::new));
        assertEquals(Main.OK, trained.getKey(), trained.getValue());

        var manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.resolve("manifest.json").toFile())
                .at("/final");
        double averageLength =
                lengths.values().stream().mapToDouble(Double::doubleValue).sum() / users;
        assertEquals(users, manifest.at("/bm25_users").asInt());
        assertEquals(averageLength, manifest.at("/bm25_average_length").asDouble(), 1e-12);
        assertEquals(1.2, manifest.at("/bm25_k1").asDouble());
        assertEquals(0.75, manifest.at("/bm25_b").asDouble());
        Map<String, Double> idf =
                spark.read().parquet(run.resolve("model").resolve("bm25-idf").toString()).collectAsList().stream()
                        .collect(Collectors.toMap(r -> r.getAs("id"), r -> r.getAs("idf")));
        assertEquals(frequencies.keySet(), idf.keySet());
        frequencies.forEach((item, df) ->
                assertEquals(Math.max(0, Math.log((double) users / (1 + df))), idf.get(item), 1e-12, "idf of " + item));

        List<String> foldIn = new ArrayList<>(List.of("fold-in", "--set", "output.top-n=0"));
        foldIn.addAll(input);
        var folded = OutputCommandsTest.run(foldIn.toArray(String[]::new));
        assertEquals(Main.OK, folded.getKey(), folded.getValue());
        Map<String, List<Float>> stored = factors(spark, run.resolve("factors").resolve("users"));
        Map<String, List<Float>> again = factors(spark, run.resolve("fold-in").resolve("users"));
        assertEquals(stored.keySet(), again.keySet());
        stored.forEach((user, factor) -> {
            for (int f = 0; f < factor.size(); f++) {
                // both stored as floats, and folded in against the items as stored (floats)
                assertEquals(
                        factor.get(f),
                        again.get(user).get(f),
                        1e-6 * (1 + Math.abs(factor.get(f))),
                        user + ", factor " + f);
            }
        });

        var explained = OutputCommandsTest.run(
                "explain", "--set", "output.path=" + run, "--set", "explain.user=u3", "--set", "explain.item=m5");
        assertEquals(Main.OK, explained.getKey(), explained.getValue());
        var scores = java.util.regex.Pattern.compile("score of m5: (\\S+) \\(model dot product (\\S+)\\)")
                .matcher(explained.getValue());
        assertTrue(scores.find(), explained.getValue());
        assertEquals(
                Double.parseDouble(scores.group(2)),
                Double.parseDouble(scores.group(1)),
                2e-6,
                "printed to 6 decimals, from the stored (float) factors");
    }

    private static Map<String, List<Float>> factors(SparkSession spark, Path table) {
        return spark.read().parquet(table.toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getList(1)));
    }

    /** A bm25 run whose manifest lacks the BM25 statistics (written before they were kept) is refused. */
    @Test
    void refusesABm25RunWithoutItsStatistics() throws Exception {
        Path run = finishedRun(SparkMlModelTest.randomFactors(ExplainerTest.N_ITEMS, ExplainerTest.RANK, 8), "bm25");
        Path likes = dir.resolve("new-likes.csv");
        Files.writeString(likes, "new1,m1,1\n");
        var result = OutputCommandsTest.run(
                "fold-in",
                "--set",
                "output.path=" + run,
                "--set",
                "input.path=" + likes,
                "--set",
                "input.format=csv",
                "--set",
                "input.header=false",
                "--set",
                "input.columns.user=0",
                "--set",
                "input.columns.item=1",
                "--set",
                "input.columns.weight=2",
                "--set",
                "input.columns.name=");
        assertEquals(Main.USAGE, result.getKey(), result.getValue());
    }

    @Test
    void needsAFinishedRun() {
        assertEquals(
                Main.USAGE,
                OutputCommandsTest.run(
                                "fold-in",
                                "--set",
                                "output.path=" + dir.resolve("none"),
                                "--set",
                                "input.path=" + dir,
                                "--set",
                                "input.format=csv")
                        .getKey());
        assertEquals(
                Main.USAGE,
                OutputCommandsTest.run("fold-in", "--set", "output.path=" + dir).getKey(),
                "synthetic input cannot be folded in");
    }
}
