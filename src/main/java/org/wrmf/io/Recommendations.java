package org.wrmf.io;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.Rating;
import org.wrmf.rank.ItemRules;
import org.wrmf.rank.LikedItems;
import org.wrmf.rank.Popularity;
import org.wrmf.rank.RankOptions;
import org.wrmf.rank.Scored;
import org.wrmf.rank.TopK;
import scala.Tuple2;

/**
 * Each user's top-N items by score x_u·y_i, the items the user already liked excluded (skipped while
 * ranking by the shared blocked kernel {@link TopK}, so every user still gets N when N unseen items
 * exist). Columns {@code user}, {@code item} (original ids), {@code score}, {@code rank} (1 = best).
 * Business rules ({@link RecommendationRules}) are applied the same way: inside the ranking.
 */
public final class Recommendations {
    private Recommendations() {}

    /**
     * Computes the recommendations, writes them to {@code target} through {@code output}, and returns
     * their popularity figures (read back from what was written, so the ranking runs once).
     */
    public static Popularity write(
            SparkSession spark, RecommendationSource source, int topN, int blocks, SafeOutput output, String target) {
        return write(spark, source, RecommendationRules.NONE, topN, blocks, output, target);
    }

    /** The same under business rules. */
    public static Popularity write(
            SparkSession spark,
            RecommendationSource source,
            RecommendationRules rules,
            int topN,
            int blocks,
            SafeOutput output,
            String target) {
        output.writeParquet(compute(spark, source, rules, topN, blocks), target);
        return Popularity.of(
                spark.read().parquet(target), source.model().items().count());
    }

    /** Each user's top {@code topN} items, ranked in {@code blocks} blocks per side. */
    public static Dataset<Row> compute(SparkSession spark, RecommendationSource source, int topN, int blocks) {
        return compute(spark, source, RecommendationRules.NONE, topN, blocks);
    }

    /**
     * Each user's top {@code topN} items under business rules: only the rules' users (all without that
     * rule) get rows; items the rules rule out and the user's excluded pairs are skipped inside the
     * ranking, like the user's likes, so each user gets min(topN, items left to it) rows.
     */
    public static Dataset<Row> compute(
            SparkSession spark, RecommendationSource source, RecommendationRules rules, int topN, int blocks) {
        HashPartitioner partitioner = new HashPartitioner(blocks);
        JavaRDD<Rating> excluded = rules.excludedPairs() == null
                ? source.excluded()
                : source.excluded().union(rules.excludedPairs());
        JavaPairRDD<Integer, int[]> liked =
                LikedItems.byUser(excluded.mapToPair(like -> new Tuple2<>(like.user(), like.item())), partitioner);
        JavaPairRDD<Integer, double[]> users = source.model().users();
        if (rules.users() != null) {
            users = ItemRules.keepOnly(users, rules.users(), partitioner);
        }
        JavaPairRDD<Integer, Scored[]> ranked =
                TopK.topK(users, source.model().items(), topN, liked, rules.items(), RankOptions.RECOMMEND, blocks);
        Dataset<Row> dense = spark.createDataFrame(SimilarItems.rankedRows(ranked), SimilarItems.DENSE_SCHEMA);
        return SimilarItems.withIds(dense, source.ids().users(), "idx", "user")
                .transform(frame -> SimilarItems.withIds(frame, source.ids().items(), "other_idx", "item"))
                .select("user", "item", "score", "rank");
    }
}
