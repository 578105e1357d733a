package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/** Wrmf on a DataFrame trains the same model as the job's {@code train} command on the same likes. */
@Slow
class WrmfTrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void fittingADataFrameGivesTheTrainCommandsFactors() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<Object[]> rows = Likes.rows(u -> "u" + u, i -> "m" + i);
        StringBuilder csv = new StringBuilder("user,item,plays\n");
        for (Object[] row : rows) {
            csv.append(row[0])
                    .append(',')
                    .append(row[1])
                    .append(',')
                    .append(row[2])
                    .append('\n');
        }
        Path input = dir.resolve("likes.csv");
        Files.writeString(input, csv);
        Path out = dir.resolve("out");
        String[] args = {
            "train",
            "--set",
            "input.path=" + input,
            "--set",
            "input.format=csv",
            "--set",
            "input.header=true",
            "--set",
            "input.columns.user=user",
            "--set",
            "input.columns.item=item",
            "--set",
            "input.columns.weight=plays",
            "--set",
            "input.columns.name=\"\"",
            "--set",
            "threshold.min-user-likes=1",
            "--set",
            "threshold.min-item-likes=1",
            "--set",
            "holdout.enabled=false",
            "--set",
            "output.path=" + out,
            "--set",
            "als.factors=4",
            "--set",
            "als.iterations=5",
            "--set",
            "als.regularization=0.5",
            "--set",
            "als.alpha=5",
            "--set",
            "als.blocks=2",
            "--set",
            "als.seed=3",
            "--set",
            "als.solver=cg"
        };
        assertEquals(Main.OK, Main.run(args));

        Dataset<Row> likes = Likes.frame(spark, rows, org.apache.spark.sql.types.DataTypes.StringType);
        WrmfModel model = WrmfTest.small().setSolver("cg").setRatingCol("plays").fit(likes);
        compare(
                WrmfTest.vectors(
                        spark.read().parquet(out.resolve("factors/users").toString())),
                WrmfTest.vectors(model.userFactors()));
        compare(
                WrmfTest.vectors(
                        spark.read().parquet(out.resolve("factors/items").toString())),
                WrmfTest.vectors(model.itemFactors()));
    }

    private static void compare(Map<Object, double[]> job, Map<Object, double[]> library) {
        assertEquals(job.keySet(), library.keySet());
        for (Map.Entry<Object, double[]> entry : job.entrySet()) {
            double[] expected = entry.getValue();
            double[] actual = library.get(entry.getKey());
            for (int f = 0; f < expected.length; f++) {
                assertEquals(expected[f], actual[f], 1e-6, entry.getKey() + ", factor " + f);
            }
        }
    }
}
