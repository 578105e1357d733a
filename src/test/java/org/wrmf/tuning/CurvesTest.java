package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.eval.Metrics;

class CurvesTest {
    @TempDir
    Path dir;

    /** The Parquet columns are what the report and downstream readers know: their names never change. */
    @Test
    @Slow
    void writesOneRowPerCheckpointUnderTheKnownColumns() {
        SparkSession spark = SparkTestSession.get();
        double[] values = {0.5, 0.25, 0.125, 0.0625, 1.0 / 3, 0.75, 0.6, 0.4, Double.NaN};
        CurveRow row = new CurveRow(new GridPoint(40, 0.1, 50), 12, new Metrics(5, 942, values), 1.5, 0.25);
        String path = dir.resolve("curves").toString();
        Curves.write(spark, List.of(row), path);
        Curves.write(spark, List.of(row), path); // a rerun replaces the curves

        List<Row> rows = spark.read().parquet(path).collectAsList();
        assertEquals(1, rows.size());
        Row written = rows.get(0);
        assertEquals(
                List.of(
                        "factors",
                        "regularization",
                        "alpha",
                        "epoch",
                        "k",
                        "users",
                        "p_at_k_train",
                        "p_at_k_test",
                        "mse_train",
                        "mse_test",
                        "precision",
                        "recall",
                        "ndcg",
                        "map",
                        "auc",
                        "train_seconds",
                        "eval_seconds",
                        "regularization_scaling",
                        "regularization_exponent",
                        "loss",
                        "loss_observed",
                        "loss_unobserved",
                        "loss_regularization"),
                List.of(written.schema().fieldNames()));
        List<Object> cells = new ArrayList<>();
        for (int i = 0; i < written.length(); i++) {
            cells.add(written.get(i));
        }
        assertEquals(
                List.of(
                        40,
                        0.1,
                        50.0,
                        12,
                        5,
                        942L,
                        0.5,
                        0.25,
                        0.125,
                        0.0625,
                        1.0 / 3,
                        0.75,
                        0.6,
                        0.4,
                        Double.NaN,
                        1.5,
                        0.25,
                        "constant",
                        1.0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN),
                cells);
    }
}
