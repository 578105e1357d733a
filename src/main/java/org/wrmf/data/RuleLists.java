package org.wrmf.data;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * The files of the business rules on recommendations, read like the likes ({@link LikesReader}: the
 * input's format, header and encoding, malformed rows set aside and counted) and matched against a
 * model's id mappings. Ids the model does not know are counted, never an error: a list written for the
 * whole catalogue names items the k-core dropped.
 *
 * <p>A list of items or users is read from one column: the one the likes' item (user) column is named
 * by, when the file's header or Parquet schema has it, else the file's first column (so a one-column file
 * needs no header matching the likes'). A list of pairs is read with the likes' user and item columns.
 */
public final class RuleLists {
    private RuleLists() {}

    /**
     * What one rule's file held: rows read and rejected, distinct ids (or pairs), how many of them the
     * model knows and how many it does not (ignored).
     */
    public record Figures(String path, long rowsRead, long rowsRejected, long distinct, long known, long unknown) {}

    /** The known ids (or pairs) in the model's dense indices, cached, with the figures. */
    public record Matched<T>(JavaRDD<T> known, Figures figures) {
        public void unpersist() {
            known.unpersist(false);
        }
    }

    /** Fails (exit 2) when the list's path names no file, before any work is done. */
    public static void checkExists(SparkSession spark, InputSettings list) {
        LikesReader.inputFiles(spark, list.path());
    }

    /**
     * A list of ids matched against one side's mapping.
     *
     * @param list    where the list is and how to read it; its user and item columns both name the column
     *                preferred (see the class comment)
     * @param mapping the model's ids of that side: {@code id} (string), {@code idx} (int)
     */
    public static Matched<Integer> ids(SparkSession spark, InputSettings list, Dataset<Row> mapping) {
        String column = listColumn(spark, list);
        LikesTable table = read(
                spark,
                new InputSettings(
                        list.path(), list.format(), list.header(), column, column, null, null, list.encoding()));
        Dataset<Row> matched =
                table.likes().select(col("item").as("id")).join(mapping.select("id", "idx"), Columns.seq("id"), "left");
        JavaRDD<Integer> known = matched.filter(col("idx").isNotNull())
                .select("idx")
                .javaRDD()
                .map(row -> row.getInt(0))
                .persist(StorageLevel.MEMORY_AND_DISK());
        return matched(known, table, list.path());
    }

    /**
     * A list of (user, item) pairs matched against both mappings; a pair is unknown when its user or its
     * item is. The pairs come as ratings of weight 1.
     */
    public static Matched<Rating> pairs(
            SparkSession spark, InputSettings pairs, Dataset<Row> userIds, Dataset<Row> itemIds) {
        LikesTable table = read(spark, pairs);
        Dataset<Row> matched = table.likes()
                .join(userIds.select(col("id").as("user"), col("idx").as("u")), Columns.seq("user"), "left")
                .join(itemIds.select(col("id").as("item"), col("idx").as("i")), Columns.seq("item"), "left");
        JavaRDD<Rating> known = matched.filter(col("u").isNotNull().and(col("i").isNotNull()))
                .select("u", "i")
                .javaRDD()
                .map(row -> new Rating(row.getInt(0), row.getInt(1), 1f))
                .persist(StorageLevel.MEMORY_AND_DISK());
        return matched(known, table, pairs.path());
    }

    private static <T> Matched<T> matched(JavaRDD<T> known, LikesTable table, String path) {
        long knownCount = known.count();
        table.likes().unpersist(false);
        return new Matched<>(
                known,
                new Figures(
                        path,
                        table.rowsRead(),
                        table.rowsRejected(),
                        table.likeCount(),
                        knownCount,
                        table.likeCount() - knownCount));
    }

    /** The file read as likes; files without a byte are an empty list, not an error. */
    private static LikesTable read(SparkSession spark, InputSettings input) {
        if (totalBytes(spark, LikesReader.inputFiles(spark, input.path())) == 0) {
            return new LikesTable(
                    spark.createDataFrame(List.of(), LikesReader.TABLE),
                    spark.createDataFrame(List.of(), LikesReader.REJECTED),
                    0,
                    0,
                    0,
                    0);
        }
        return LikesReader.readTable(spark, input, true);
    }

    private static long totalBytes(SparkSession spark, List<Path> files) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += file.getFileSystem(hadoop).getFileStatus(file).getLen();
            } catch (IOException e) {
                throw ConfigError.of(Setting.INPUT_PATH, "cannot read " + file + ": " + e.getMessage());
            }
        }
        return bytes;
    }

    /** The list's id column: the preferred one when the header (or Parquet schema) has it, else the first. */
    private static String listColumn(SparkSession spark, InputSettings list) {
        String preferred = list.itemColumn();
        List<String> names;
        if (list.format().equals("parquet")) {
            try {
                names = Arrays.asList(spark.read().parquet(list.path()).columns());
            } catch (Exception e) {
                throw ConfigError.of(
                        Setting.INPUT_PATH, "cannot read Parquet at " + list.path() + ": " + e.getMessage());
            }
        } else if (list.header()) {
            List<Path> files = LikesReader.inputFiles(spark, list.path());
            if (totalBytes(spark, files) == 0) {
                return "0";
            }
            String header = LikesReader.firstLine(spark.sparkContext().hadoopConfiguration(), files, list);
            try {
                names = new LineParser(list.delimiter(), list.quote())
                        .split(header).stream().map(String::trim).toList();
            } catch (LineParser.MalformedLine e) {
                throw ConfigError.of(
                        Setting.INPUT_PATH, "cannot read the header of " + list.path() + ": " + e.getMessage());
            }
        } else {
            return "0";
        }
        return names.contains(preferred) ? preferred : "0";
    }
}
