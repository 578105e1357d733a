package org.wrmf.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A model's written recommendations scored on likes that came after it (the next days' new likes):
 * NDCG@k, precision@k and recall@k (hits / min(k, |likes|)), averaged over the users of the model that
 * have at least one such like of an item of the model. Likes of users or items the model has never seen
 * cannot be recommended by it, so they are left out (and counted apart), the same for every model trained
 * on the same snapshot. Computed with Spark SQL; only the averages reach the driver.
 *
 * @param users         users scored
 * @param likes         their new likes of known items (the test likes)
 * @param unknownLikes  new likes left out: their user or item is not in the model
 */
public record NextDayQuality(long users, long likes, long unknownLikes, double ndcg, double precision, double recall) {
    /**
     * @param recommendations the written recommendations: user, item (original ids), rank (1 = first)
     * @param newLikes        user, item (original ids) of the likes after the model's snapshot
     * @param userIds         the model's users: column {@code id}
     * @param itemIds         the model's items: column {@code id}
     * @param k               cut-off (at most the recommendations written per user)
     */
    public static NextDayQuality of(
            Dataset<Row> recommendations, Dataset<Row> newLikes, Dataset<Row> userIds, Dataset<Row> itemIds, int k) {
        Dataset<Row> all = newLikes.select(
                        col("user").cast("string"), col("item").cast("string"))
                .distinct();
        Dataset<Row> known = all.join(userIds.select(col("id").cast("string").as("user")), "user")
                .join(itemIds.select(col("id").cast("string").as("item")), "item")
                .cache();
        long likes = known.count();
        long unknown = all.count() - likes;
        Dataset<Row> perUser = known.groupBy("user").agg(count(lit(1)).as("n"));
        Dataset<Row> hits = known.join(
                        recommendations
                                .filter(col("rank").leq(k))
                                .select(col("user").cast("string"), col("item").cast("string"), col("rank")),
                        new String[] {"user", "item"})
                .groupBy("user")
                .agg(count(lit(1)).as("hits"), sum(expr("1D / log2(rank + 1)")).as("dcg"));
        Row averages = perUser.join(hits, new String[] {"user"}, "left")
                .select(
                        coalesce(col("hits"), lit(0L)).as("hits"),
                        coalesce(col("dcg"), lit(0.0).cast("double")).as("dcg"),
                        expr("least(n, " + k + ")").as("ideal_hits"))
                .select(
                        expr("dcg / aggregate(sequence(1, ideal_hits), 0D, (s, r) -> s + 1D / log2(r + 1))")
                                .as("ndcg"),
                        expr("cast(hits as double) / " + k).as("precision"),
                        expr("cast(hits as double) / ideal_hits").as("recall"))
                .agg(count(lit(1)), avg("ndcg"), avg("precision"), avg("recall"))
                .first();
        known.unpersist(false);
        long users = averages.getLong(0);
        return users == 0
                ? new NextDayQuality(0, likes, unknown, Double.NaN, Double.NaN, Double.NaN)
                : new NextDayQuality(
                        users, likes, unknown, averages.getDouble(1), averages.getDouble(2), averages.getDouble(3));
    }
}
