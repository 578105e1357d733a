package org.wrmf.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

/**
 * Maps string ids to dense ints 0..n-1. The ids are sorted before numbering, so the same likes get the
 * same indices whatever the partitioning (results are reproducible and block-count independent).
 */
public final class Indexer {
    private static final StructType USERS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("idx", DataTypes.IntegerType, false);
    private static final StructType ITEMS = USERS.add("name", DataTypes.StringType, true);

    private Indexer() {
    }

    /** Indexes a table with columns user, item (strings), weight (double) and name (string or null). */
    public static IndexedLikes index(SparkSession spark, Dataset<Row> likes) {
        Dataset<Row> users = numbered(spark, likes.select(col("user").as("id")).distinct(), USERS);
        Dataset<Row> items = numbered(spark, likes.groupBy(col("item").as("id")).agg(min("name").as("name")), ITEMS);
        Dataset<Row> indexed = likes
                .join(users.select(col("id").as("user"), col("idx").as("u")), "user")
                .join(items.select(col("id").as("item"), col("idx").as("i")), "item")
                .select(col("u").as("user"), col("i").as("item"), col("weight").cast("float").as("weight"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new IndexedLikes(indexed, users, items, (int) users.count(), (int) items.count());
    }

    /** Numbers a one-column table of distinct string ids: columns {@code id}, {@code idx}, in id order. */
    public static Dataset<Row> numberIds(SparkSession spark, Dataset<Row> ids) {
        return numbered(spark, ids, USERS);
    }

    /** Sorts rows by their first column (the id) and appends a dense index after it. */
    private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> ids, StructType schema) {
        JavaRDD<Row> rows = ids.javaRDD()
                .sortBy(row -> row.getString(0), true, Math.max(1, ids.javaRDD().getNumPartitions()))
                .zipWithIndex()
                .map(pair -> {
                    Row row = pair._1();
                    Object[] values = new Object[row.size() + 1];
                    values[0] = row.getString(0);
                    values[1] = Math.toIntExact(pair._2());
                    for (int c = 1; c < row.size(); c++) {
                        values[c + 1] = row.get(c);
                    }
                    return RowFactory.create(values);
                });
        return spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK());
    }
}
