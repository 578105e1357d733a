package org.wrmf.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.io.IdMappings;
import org.wrmf.io.SparkMlModel;
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
     * @param ids         this run's id mappings (id, idx), users and items
     * @param userFactors this run's users in the dense numbering of {@code ids}: id (int), features
     *                    (array&lt;float&gt;), as in {@code model/userFactors}
     * @param itemFactors this run's items, the same
     * @param k           recommendations per user (output.top-n)
     */
    static RunManifest.Drift of(
            Dataset<Row> before,
            Dataset<Row> after,
            IdMappings ids,
            Dataset<Row> userFactors,
            Dataset<Row> itemFactors,
            int k) {
        // The previous recommended pairs of the users still here, each marked when this run recommends it
        // too, with this run's dense indices (item null when the item vanished: still a miss of that user's
        // top-k). The factors are joined afterwards, by int, to the pairs that can be scored: no features
        // ride along the string joins.
        Dataset<Row> pairs = before.select(
                        col("user"), col("item"), col("score").cast("double").as("score"))
                .join(
                        after.select(
                                col("user"), col("item"), functions.lit(true).as("hit")),
                        new String[] {"user", "item"},
                        "left")
                .join(ids.users().select(col("id").as("user"), col("idx").as("u")), "user")
                .join(ids.items().select(col("id").as("item"), col("idx").as("i")), new String[] {"item"}, "left")
                .select(col("u"), col("i"), col("score"), col("hit"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row counts = pairs.agg(functions.countDistinct(col("u")), functions.count(col("hit")))
                .first();
        long users = counts.getLong(0);
        long hits = counts.getLong(1);
        Dataset<Row> changes = pairs.filter(col("i").isNotNull())
                .join(userFactors.select(col("id").as("u"), col("features").as("user_features")), "u")
                .join(itemFactors.select(col("id").as("i"), col("features").as("item_features")), "i")
                .select(expr("aggregate(zip_with(user_features, item_features, (a, b) -> cast(a as double) *"
                                + " cast(b as double)), cast(0 as double), (sum, x) -> sum + x) - score")
                        .as("change"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        RunManifest.Distribution distribution = distribution(changes, "change");
        changes.unpersist(false);
        pairs.unpersist(false);
        return new RunManifest.Drift(k, users, users == 0 ? null : (double) hits / ((double) k * users), distribution);
    }

    /** The same for the model written under {@code run} ({@code model/}: its id mappings and dense factors). */
    static RunManifest.Drift of(SparkSession spark, Dataset<Row> before, Dataset<Row> after, String run, int k) {
        String model = new Path(run, SparkMlModel.FOLDER).toString();
        return of(
                before,
                after,
                new IdMappings(
                        spark.read().parquet(new Path(model, SparkMlModel.USER_IDS).toString()),
                        spark.read().parquet(new Path(model, SparkMlModel.ITEM_IDS).toString())),
                spark.read().parquet(new Path(model, SparkMlModel.USER_FACTORS).toString()),
                spark.read().parquet(new Path(model, SparkMlModel.ITEM_FACTORS).toString()),
                k);
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
