package org.wrmf.io;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code model/bm25-idf}, written beside the factors of a model trained with BM25 confidence: each
 * item's idf over the training matrix, which fold-in and explain need to weigh a user's likes as
 * training did (N and avg_len, two numbers, are in the manifest's {@code final} section). Columns
 * {@code id} (the original item id), {@code idx} (the dense index, as in {@code itemFactors} and
 * {@code item-ids}) and {@code idf} (double, as training used it). Inside {@code model/}, it is written
 * and replaced together with the factors, so it always belongs to them.
 */
public final class Bm25Idf {
    public static final String FOLDER = "bm25-idf";

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("idx", DataTypes.IntegerType, false)
            .add("idf", DataTypes.DoubleType, false);

    private Bm25Idf() {}

    /** The table of the idf values (by dense index) with the items' original ids (columns id, idx). */
    static Dataset<Row> frame(SparkSession spark, double[] idf, Dataset<Row> itemIds) {
        // the item mapping's own partitions, no shuffle; the closure carries one double per item
        JavaRDD<Row> rows = itemIds.select("id", "idx")
                .javaRDD()
                .map(row -> RowFactory.create(row.getString(0), row.getInt(1), idf[row.getInt(1)]));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * The idf of each of the model's {@code items} items, by dense index, from {@code <model>/bm25-idf};
     * IllegalArgumentException when the table does not have exactly one value per index.
     */
    public static double[] read(SparkSession spark, String modelPath, int items) {
        List<Row> rows = spark.read()
                .parquet(new Path(modelPath, FOLDER).toString())
                .select("idx", "idf")
                .collectAsList();
        double[] idf = new double[items];
        boolean[] seen = new boolean[items];
        for (Row row : rows) {
            int idx = row.getInt(0);
            if (idx < 0 || idx >= items || seen[idx]) {
                throw new IllegalArgumentException(FOLDER + " has "
                        + (idx < 0 || idx >= items
                                ? "item index " + idx + " the model does not have (" + items + " items)"
                                : "item index " + idx + " twice"));
            }
            seen[idx] = true;
            idf[idx] = row.getDouble(1);
        }
        if (rows.size() != items) {
            throw new IllegalArgumentException(FOLDER + " has " + rows.size() + " items, the model " + items);
        }
        return idf;
    }
}
