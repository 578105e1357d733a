package org.wrmf.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.report.RunManifest;

/**
 * How much a refit moved the recommendations, for the users in both runs that the previous run recommended
 * to: the mean over them of |old top-k ∩ new top-k| / k, and the change of the scores of the previous
 * run's recommended pairs (user and item still there: the new model's x_u . y_i minus the old score),
 * summarised by {@link RunManifest.Distribution} (quantiles within 0.1% of the rank).
 */
final class RefitDrift {
    /** Relative rank error of the quantiles ({@code approxQuantile}): exact enough, one pass over the pairs. */
    private static final double QUANTILE_ERROR = 1e-3;

    private RefitDrift() {}

    /**
     * @param before      the previous run's recommendations: user, item (real ids), score
     * @param after       this run's: user, item, score
     * @param userFactors this run's users: id, features (array&lt;float&gt;)
     * @param itemFactors this run's items: id, features
     * @param k           recommendations per user (output.top-n)
     */
    static RunManifest.Drift of(
            Dataset<Row> before, Dataset<Row> after, Dataset<Row> userFactors, Dataset<Row> itemFactors, int k) {
        Dataset<Row> common = before.select(
                        col("user"), col("item"), col("score").cast("double").as("score"))
                .join(userFactors.select(col("id").as("user"), col("features").as("user_features")), "user")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long users = common.select("user").distinct().count();
        long hits = common.select("user", "item")
                .join(after.select("user", "item"), new String[] {"user", "item"})
                .count();
        Dataset<Row> changes = common.join(
                        itemFactors.select(col("id").as("item"), col("features").as("item_features")), "item")
                .select(expr("aggregate(zip_with(user_features, item_features, (a, b) -> cast(a as double) *"
                                + " cast(b as double)), cast(0 as double), (sum, x) -> sum + x) - score")
                        .as("change"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        RunManifest.Distribution distribution = distribution(changes, "change");
        changes.unpersist(false);
        common.unpersist(false);
        return new RunManifest.Drift(k, users, users == 0 ? null : (double) hits / ((double) k * users), distribution);
    }

    /** min, p10, median, p90, max and mean of a double column; null when it is empty. */
    static RunManifest.Distribution distribution(Dataset<Row> values, String column) {
        Row summary = values.agg(
                        functions.count(col(column)),
                        functions.min(col(column)),
                        functions.max(col(column)),
                        functions.avg(col(column)))
                .first();
        long count = summary.getLong(0);
        if (count == 0) {
            return null;
        }
        double[] q = values.stat().approxQuantile(column, new double[] {0.1, 0.5, 0.9}, QUANTILE_ERROR);
        return new RunManifest.Distribution(
                count, summary.getDouble(1), q[0], q[1], q[2], summary.getDouble(2), summary.getDouble(3));
    }
}
