package org.wrmf.io;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wrmf.rank.ItemRules;
import org.wrmf.rank.RankOptions;
import org.wrmf.rank.Scored;
import org.wrmf.rank.TopK;

/**
 * Each item's most similar items: cosine of the item factors, the item itself excluded, ranked by
 * the shared blocked kernel ({@link TopK}), so no items x items matrix is ever formed. Columns
 * {@code id}, {@code similar_id} (original ids), {@code score} (the cosine), {@code rank} (1 = most
 * similar), plus {@code name} and {@code similar_name} when the item mapping has names (the notebook's
 * model names).
 */
public final class SimilarItems {
    static final StructType DENSE_SCHEMA = new StructType()
            .add("idx", DataTypes.IntegerType, false)
            .add("other_idx", DataTypes.IntegerType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("rank", DataTypes.IntegerType, false);

    private SimilarItems() {}

    /**
     * @param items   item factors by dense index
     * @param itemIds columns {@code id} (string), {@code idx} (int), optionally {@code name}
     */
    public static Dataset<Row> compute(
            SparkSession spark, JavaPairRDD<Integer, double[]> items, Dataset<Row> itemIds, int topN, int blocks) {
        return compute(spark, items, itemIds, ItemRules.NONE, topN, blocks);
    }

    /**
     * The same under item rules: every item still gets its neighbours, but only among the items the rules
     * allow (an excluded item is never a neighbour; with a candidate list, only candidates are).
     */
    public static Dataset<Row> compute(
            SparkSession spark,
            JavaPairRDD<Integer, double[]> items,
            Dataset<Row> itemIds,
            ItemRules rules,
            int topN,
            int blocks) {
        Dataset<Row> names = IdMapping.names(itemIds);
        JavaPairRDD<Integer, Scored[]> ranked =
                TopK.topK(items, items, topN, null, rules, RankOptions.SIMILAR_ITEMS, blocks);
        Dataset<Row> dense = spark.createDataFrame(rankedRows(ranked), DENSE_SCHEMA);
        Dataset<Row> similar = withIds(dense, itemIds, "idx", "id")
                .transform(frame -> withIds(frame, itemIds, "other_idx", "similar_id"))
                .select("id", "similar_id", "score", "rank");
        if (names == null) {
            return similar;
        }
        Dataset<Row> byId = names.select(col("id"), col("name"));
        Dataset<Row> bySimilarId =
                names.select(col("id").as("similar_id"), col("name").as("similar_name"));
        return similar.join(byId, "id")
                .join(bySimilarId, "similar_id")
                .select("id", "similar_id", "score", "rank", "name", "similar_name");
    }

    /** Flattens rankings to rows (query, candidate, score, rank from 1). */
    static JavaRDD<Row> rankedRows(JavaPairRDD<Integer, Scored[]> ranked) {
        return ranked.flatMap(entry -> {
            Scored[] top = entry._2();
            List<Row> rows = new ArrayList<>(top.length);
            for (int n = 0; n < top.length; n++) {
                rows.add(RowFactory.create(entry._1(), top[n].id(), top[n].score(), n + 1));
            }
            return rows.iterator();
        });
    }

    /** Replaces a dense index column by the original id, under a new name. */
    static Dataset<Row> withIds(Dataset<Row> frame, Dataset<Row> ids, String indexColumn, String idColumn) {
        Dataset<Row> mapping = ids.select(col("idx").as(indexColumn), col("id").as(idColumn));
        return frame.join(mapping, indexColumn).drop(indexColumn);
    }
}
