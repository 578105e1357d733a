package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.wrmf.report.ReportTest;
import org.wrmf.report.RunManifest;

/** The explain and report commands through the command line, on a small finished run. */
@Slow
class OutputCommandsTest {
    @TempDir
    Path dir;

    /** Runs the command line, returning its exit code and what it printed. */
    static Map.Entry<Integer, String> run(String... args) {
        SparkTestSession.get();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return Map.entry(Main.run(args), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** A finished run: user 1's factor is the exact solve given the items, so the split is exact. */
    private Path finishedRun() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path out = dir.resolve("run");
        double[][] items = SparkMlModelTest.randomFactors(ExplainerTest.N_ITEMS, ExplainerTest.RANK, 8);
        double[][] users = SparkMlModelTest.randomFactors(2, ExplainerTest.RANK, 9);
        users[1] = ExplainerTest.exactUser(items, ExplainerTest.liked());
        List<Row> mapping = new ArrayList<>();
        for (int i = 0; i < ExplainerTest.N_ITEMS; i++) {
            mapping.add(RowFactory.create("m" + i, i, "model " + i));
        }
        var itemIds = spark.createDataFrame(
                mapping,
                new StructType()
                        .add("id", DataTypes.StringType)
                        .add("idx", DataTypes.IntegerType)
                        .add("name", DataTypes.StringType));
        SparkMlModel.write(
                spark,
                new FactorModel(ExplainerTest.RANK, SparkMlModelTest.rdd(users), SparkMlModelTest.rdd(items)),
                new IdMappings(SparkMlModelTest.ids("u", 2), itemIds),
                new SafeOutput(spark.sparkContext().hadoopConfiguration(), false),
                out.resolve("model").toString());

        StructType likeSchema = new StructType()
                .add("user", DataTypes.IntegerType)
                .add("item", DataTypes.IntegerType)
                .add("weight", DataTypes.FloatType);
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        ExplainerTest.liked()
                .forEach((item, weight) -> (item == 7 ? test : train).add(RowFactory.create(1, item, weight)));
        train.add(RowFactory.create(0, 2, 1f));
        spark.createDataFrame(train, likeSchema)
                .write()
                .parquet(out.resolve("prepared/train").toString());
        spark.createDataFrame(test, likeSchema)
                .write()
                .parquet(out.resolve("prepared/test").toString());
        RunManifest.Final model = new RunManifest.Final(
                ExplainerTest.RANK,
                ExplainerTest.LAMBDA,
                ExplainerTest.LAMBDA,
                ExplainerTest.ALPHA,
                "linear",
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
    void explainPrintsContributionsThatAddUpToTheScore() throws Exception {
        Path out = finishedRun();
        var result = run(
                "explain",
                "--set",
                "output.path=" + out,
                "--set",
                "explain.user=u1",
                "--set",
                "explain.item=m4",
                "--set",
                "explain.top=3");
        assertEquals(Main.OK, result.getKey(), result.getValue());
        String text = result.getValue();
        Matcher score = Pattern.compile(
                        "score of m4 \\(model 4\\): (\\S+) \\(model dot product (\\S+)\\), from 4 liked items")
                .matcher(text);
        assertTrue(score.find(), text);
        // factors are stored as floats, so the split and the dot product agree to float precision
        assertEquals(Double.parseDouble(score.group(2)), Double.parseDouble(score.group(1)), 1e-4);
        assertTrue(text.contains("(model 7)"), "a held-out like counts: the final model trains on all likes\n" + text);
        assertTrue(text.contains("... 1 more"), text);

        assertEquals(
                Main.USAGE,
                run("explain", "--set", "output.path=" + out, "--set", "explain.item=m4")
                        .getKey());
        assertEquals(
                Main.USAGE,
                run(
                                "explain",
                                "--set",
                                "output.path=" + out,
                                "--set",
                                "explain.user=nobody",
                                "--set",
                                "explain.item=m4")
                        .getKey());
        assertEquals(
                Main.USAGE,
                run(
                                "explain",
                                "--set",
                                "output.path=" + dir.resolve("nothing"),
                                "--set",
                                "explain.user=u1",
                                "--set",
                                "explain.item=m4")
                        .getKey());
    }

    @Test
    void reportCommandRegeneratesTheReport() throws Exception {
        Path run = ReportTest.fakeRun(dir.resolve("report-run"));
        assertEquals(Main.OK, run("report", "--set", "output.path=" + run).getKey());
        Files.writeString(run.resolve("report/index.html"), "stale");
        assertEquals(Main.OK, run("report", "--set", "output.path=" + run).getKey(), "regenerating replaces");
        assertTrue(Files.readString(run.resolve("report/index.html")).contains("<section id=\"training-log\">"));
    }
}
