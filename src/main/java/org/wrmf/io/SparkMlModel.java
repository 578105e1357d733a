package org.wrmf.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.FactorModel;

/**
 * Writes our factors in the folder layout that Spark ML's {@code ALSModel.load} reads, so a model
 * trained here can be served with {@code ALSModel.load(path).transform(...)} or
 * {@code recommendForAllUsers}.
 *
 * <p>The layout (Spark's ALSModel writer, stable since 1.6): {@code metadata/part-00000}, one line of
 * JSON naming the class, uid, Spark version, the params and the extra field {@code rank}; and
 * {@code userFactors/}, {@code itemFactors/} as Parquet with {@code id int} and
 * {@code features array<float>}.
 *
 * <p>Ids: Spark ML ids are ints, so the model uses our dense indices, always (original ids are often
 * strings, and a schema that changed with the data would surprise users). The folders
 * {@code user-ids/} and {@code item-ids/} beside them map each dense index back to its original id
 * (columns {@code id} string, {@code idx} int, and {@code name} for items when the input has names);
 * ALSModel ignores them. Scoring a user with Spark ML
 * therefore takes a join on {@code user-ids} first. A model trained with BM25 confidence also carries
 * {@code bm25-idf/} ({@link Bm25Idf}), which ALSModel ignores too.
 */
public final class SparkMlModel {
    public static final String MODEL_CLASS = "org.apache.spark.ml.recommendation.ALSModel";
    /** The model's folder in a run's outputs. */
    public static final String FOLDER = "model";
    /** The id mappings inside the model's folder: (id, idx) per user, and per item with its name when known. */
    public static final String USER_IDS = "user-ids";

    public static final String ITEM_IDS = "item-ids";
    /** The factors, as Spark ML writes them: id (the dense index), features (array&lt;float&gt;). */
    public static final String USER_FACTORS = "userFactors";

    public static final String ITEM_FACTORS = "itemFactors";

    private SparkMlModel() {}

    public static void write(SparkSession spark, FactorModel model, IdMappings ids, SafeOutput output, String target) {
        write(spark, model, ids, null, output, target);
    }

    /** The same, with the BM25 idf per item (by dense index) when the model was trained with BM25, else null. */
    public static void write(
            SparkSession spark, FactorModel model, IdMappings ids, double[] bm25Idf, SafeOutput output, String target) {
        Dataset<Row> userIds = ids.users();
        Dataset<Row> itemIds = ids.items();
        String metadata = metadataJson(spark.version(), model.rank());
        output.writeFolder(target, (fs, staging) -> {
            Path metadataFolder = new Path(staging, "metadata");
            fs.mkdirs(metadataFolder);
            try (FSDataOutputStream out = fs.create(new Path(metadataFolder, "part-00000"), false)) {
                out.write(metadata.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            fs.create(new Path(metadataFolder, SafeOutput.SUCCESS_MARKER), false)
                    .close();
            FactorFrames.dense(spark, model.users()).write().parquet(new Path(staging, USER_FACTORS).toString());
            FactorFrames.dense(spark, model.items()).write().parquet(new Path(staging, ITEM_FACTORS).toString());
            userIds.select("id", "idx").write().parquet(new Path(staging, USER_IDS).toString());
            itemIds.select(idColumns(itemIds)).write().parquet(new Path(staging, ITEM_IDS).toString());
            if (bm25Idf != null) {
                Bm25Idf.frame(spark, bm25Idf, itemIds).write().parquet(new Path(staging, Bm25Idf.FOLDER).toString());
            }
        });
    }

    /** id, idx, and the item names when the mapping has them (explain prints them). */
    private static org.apache.spark.sql.Column[] idColumns(Dataset<Row> ids) {
        return (List.of(ids.columns()).contains("name") ? List.of("id", "idx", "name") : List.of("id", "idx"))
                .stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
    }

    /**
     * Reads a model folder back (for explain, or to score without Spark ML): rank from the metadata,
     * factors widened from float to double. The id mappings are at {@code user-ids/}, {@code item-ids/}.
     */
    public static FactorModel read(SparkSession spark, String path) {
        String metadata =
                spark.read().text(new Path(path, "metadata").toString()).first().getString(0);
        int rank;
        try {
            rank = new ObjectMapper().readTree(metadata).get("rank").asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable model metadata in " + path, e);
        }
        return new FactorModel(
                rank, factors(spark, new Path(path, USER_FACTORS)), factors(spark, new Path(path, ITEM_FACTORS)));
    }

    private static JavaPairRDD<Integer, double[]> factors(SparkSession spark, Path path) {
        return FactorFrames.vectors(spark.read().parquet(path.toString()));
    }

    /**
     * The metadata line. The params are ALS's defaults written out explicitly, so the loaded model
     * reads columns {@code user} and {@code item} and writes {@code prediction}; unknown ids score NaN
     * (Spark's default cold-start strategy).
     */
    static String metadataJson(String sparkVersion, int rank) {
        return metadataJson(
                MODEL_CLASS,
                "als_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                sparkVersion,
                rank,
                "prediction",
                "nan");
    }

    /**
     * The metadata line of a model in ALSModel's layout, naming {@code className} (ALSModel's own name for
     * {@code ALSModel.load}, which checks it) with ALS's params: columns {@code user} and {@code item} (the
     * dense indices), the given prediction column and cold-start strategy ({@code nan} or {@code drop}).
     */
    public static String metadataJson(
            String className, String uid, String sparkVersion, int rank, String predictionCol, String coldStart) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("class", className);
        root.put("timestamp", System.currentTimeMillis());
        root.put("sparkVersion", sparkVersion);
        root.put("uid", uid);
        ObjectNode params = root.putObject("paramMap");
        params.put("userCol", "user");
        params.put("itemCol", "item");
        params.put("predictionCol", predictionCol);
        params.put("coldStartStrategy", coldStart);
        params.put("blockSize", 4096);
        root.putObject("defaultParamMap");
        root.put("rank", rank);
        return root.toString();
    }
}
