package org.wrmf.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.data.Indexer;

/**
 * A DataFrame of likes as the engine takes it, by the job's rules: one row per (user, item) pair, weights
 * summed when there is a weight column, else 1 per pair (or, without deduplication, the pair's number of
 * rows); rows whose id is null or whose weight is not a positive finite number are set aside and counted
 * in the log; then the optional k-core; then ids numbered 0..n-1 in their order ({@link Indexer#numberIds}:
 * the job's numbering for string ids, numeric order for int and long ids).
 */
final class LikesInput {
    private static final Logger LOG = LoggerFactory.getLogger(LikesInput.class);

    private LikesInput() {}

    /**
     * Columns {@code user}, {@code item} (the input's types) and {@code weight} (double), one row per pair.
     *
     * @param ratingCol the weight column, or null for none
     */
    static Dataset<Row> pairs(Dataset<Row> input, String userCol, String itemCol, String ratingCol, boolean dedupe) {
        Column weight = ratingCol == null ? lit(1.0) : col(ratingCol).cast("double");
        Dataset<Row> rows = input.select(col(userCol).as("user"), col(itemCol).as("item"), weight.as("weight"));
        Column valid = col("user")
                .isNotNull()
                .and(col("item").isNotNull())
                .and(col("weight").isNotNull())
                .and(col("weight").gt(0))
                .and(col("weight").leq(Float.MAX_VALUE));
        long invalid = rows.filter(org.apache.spark.sql.functions.not(valid)).count();
        if (invalid > 0) {
            LOG.warn(
                    "wrmf: {} input rows set aside: a null id, or a weight that is not a positive finite float",
                    invalid);
        }
        rows = rows.filter(valid);
        Dataset<Row> pairs;
        if (ratingCol != null) {
            pairs = rows.groupBy("user", "item").agg(sum("weight").as("weight"));
        } else if (dedupe) {
            pairs = rows.select("user", "item").distinct().withColumn("weight", lit(1.0));
        } else {
            pairs = rows.groupBy("user", "item")
                    .agg(count(lit(1)).cast("double").as("weight"));
        }
        return pairs.filter(col("weight").leq(Float.MAX_VALUE)); // a sum past the float range has no weight
    }

    /**
     * The k-core: users with at least {@code minUserLikes} pairs and items with at least {@code minItemLikes},
     * repeated until a round removes nothing (the pairs unchanged when both are 1).
     */
    static Dataset<Row> kCore(Dataset<Row> pairs, int minUserLikes, int minItemLikes) {
        if (minUserLikes <= 1 && minItemLikes <= 1) {
            return pairs;
        }
        Dataset<Row> kept = pairs.localCheckpoint(true);
        long likes = kept.count();
        long before = likes;
        int rounds = 0;
        while (true) {
            rounds++;
            Dataset<Row> users = kept.groupBy("user")
                    .count()
                    .filter(col("count").geq(minUserLikes))
                    .select("user");
            Dataset<Row> next = kept.join(users, "user");
            Dataset<Row> items = next.groupBy("item")
                    .count()
                    .filter(col("count").geq(minItemLikes))
                    .select("item");
            next = next.join(items, "item").select("user", "item", "weight").localCheckpoint(true);
            long remaining = next.count();
            if (remaining == likes) {
                LOG.info(
                        "wrmf: k-core (min {} likes per user, {} per item) kept {} of {} likes in {} rounds",
                        minUserLikes,
                        minItemLikes,
                        remaining,
                        before,
                        rounds);
                return next;
            }
            kept = next;
            likes = remaining;
        }
    }

    /** The distinct ids of one column of the pairs, numbered: columns {@code id}, {@code idx}. */
    static Dataset<Row> numbered(SparkSession spark, Dataset<Row> pairs, String column) {
        return Indexer.numberIds(spark, pairs.select(col(column).as("id")).distinct());
    }

    /** The pairs with dense indices: {@code user}, {@code item} (int) and {@code weight} (float), cached. */
    static Dataset<Row> indexed(Dataset<Row> pairs, Dataset<Row> userIds, Dataset<Row> itemIds) {
        return pairs.join(userIds.select(col("id").as("user"), col("idx").as("u")), "user")
                .join(itemIds.select(col("id").as("item"), col("idx").as("i")), "item")
                .select(
                        col("u").as("user"),
                        col("i").as("item"),
                        col("weight").cast("float").as("weight"))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }
}
