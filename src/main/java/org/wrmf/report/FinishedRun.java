package org.wrmf.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.SolverSettings;
import org.wrmf.common.ConfigError;
import org.wrmf.io.Bm25Idf;
import org.wrmf.io.OutputFolder;
import org.wrmf.io.SparkMlModel;

/**
 * A finished run's folder, opened: its manifest, its model (factors and id mappings), the objective the
 * model was trained with, and for a BM25 model the training matrix's statistics. {@code fold-in},
 * {@code explain} and {@code report} open runs here. Every problem with the folder is a
 * {@link ConfigError} (exit 2) naming the setting that points at it: the user gave the wrong folder, and
 * retrying will not help.
 */
public final class FinishedRun {
    private final SparkSession spark;
    private final Path folder;
    private final String key;
    private final RunManifest manifest;

    private FinishedRun(SparkSession spark, Path folder, String key, RunManifest manifest) {
        this.spark = spark;
        this.folder = folder;
        this.key = key;
        this.manifest = manifest;
    }

    /**
     * Opens the run at {@code folder}, which the setting {@code key} names (e.g. {@code wrmf.output.path}).
     *
     * @throws ConfigError when the folder holds no finished run (no manifest), or its manifest cannot be
     *     read or was written by a newer version
     */
    public static FinishedRun open(SparkSession spark, String folder, String key) {
        Path path = new Path(folder);
        Path manifestPath = new Path(path, OutputFolder.MANIFEST);
        if (!exists(spark, manifestPath)) {
            throw ConfigError.key(
                    key,
                    "no finished run at " + folder + ": it has no " + OutputFolder.MANIFEST
                            + " (a run is finished when its manifest is written)");
        }
        RunManifest manifest;
        try {
            manifest = Manifest.read(spark.sparkContext().hadoopConfiguration(), manifestPath);
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ConfigError.key(
                    key,
                    "the run at " + folder + " has an unreadable " + OutputFolder.MANIFEST + ": " + cause.getMessage());
        }
        int format = manifest.formatOrFirst();
        if (format > RunManifest.FORMAT) {
            throw ConfigError.key(
                    key,
                    "the run at " + folder + " was written by a newer wrmf (manifest format " + format
                            + "; this version reads formats up to " + RunManifest.FORMAT + ")");
        }
        return new FinishedRun(spark, path, key, manifest);
    }

    public RunManifest manifest() {
        return manifest;
    }

    public Path folder() {
        return folder;
    }

    /** {@code <run>/model}: the Spark ML model with the id mappings. */
    public Path modelPath() {
        return new Path(folder, SparkMlModel.FOLDER);
    }

    /** The model's factors, as written (floats widened to doubles). */
    public FactorModel model() {
        requireModel();
        return SparkMlModel.read(spark, modelPath().toString());
    }

    /** (id, idx) of every user of the model. */
    public Dataset<Row> userIds() {
        requireModel();
        return spark.read().parquet(new Path(modelPath(), SparkMlModel.USER_IDS).toString());
    }

    /** (id, idx[, name]) of every item of the model. */
    public Dataset<Row> itemIds() {
        requireModel();
        return spark.read().parquet(new Path(modelPath(), SparkMlModel.ITEM_IDS).toString());
    }

    /**
     * The final model's objective with exact solver settings over {@code blocks} blocks: what the exact
     * solves of fold-in and explain take (the training's solver, seed and checkpoints do not matter to
     * them).
     *
     * @param rank the stored model's rank, which the manifest must agree with
     */
    public AlsParams trainedParams(int rank, int blocks) {
        RunManifest.Final trained = manifest.finalModel();
        if (trained == null) {
            throw ConfigError.key(
                    key,
                    OutputFolder.MANIFEST + " at " + folder + " has no final section: the final model's"
                            + " regularization, alpha and confidence are needed (run recommend, all or train first)");
        }
        if (trained.factors() != rank) {
            throw ConfigError.key(
                    key,
                    "the model has rank " + rank + " but " + OutputFolder.MANIFEST + "'s final.factors is "
                            + trained.factors() + ": model/ and the manifest are of different runs");
        }
        try {
            return new AlsParams(trained.objective(), SolverSettings.exact(blocks));
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(
                    key, "the final section of " + OutputFolder.MANIFEST + " at " + folder + ": " + e.getMessage());
        }
    }

    /**
     * The BM25 statistics of the training matrix when the final model was trained with BM25 (N and avg_len
     * from the manifest, the idf per item from {@code model/bm25-idf}), null otherwise: fold-in and explain
     * weigh a user's likes with them, as training did.
     *
     * @param items the model's number of items, which the idf table must have
     */
    public Bm25.Statistics bm25(int items) {
        RunManifest.Final trained = manifest.finalModel();
        if (trained == null || !trained.objective().bm25()) {
            return null;
        }
        if (trained.bm25Users() == null || trained.bm25AverageLength() == null) {
            throw ConfigError.key(
                    key,
                    "the model was trained with als.confidence = bm25 but the manifest's final section lacks"
                            + " bm25_users or bm25_average_length, the training statistics a user's likes are"
                            + " weighted with (the run predates them): rerun it");
        }
        Path table = new Path(modelPath(), Bm25Idf.FOLDER);
        if (!exists(spark, table)) {
            throw ConfigError.key(
                    key,
                    "the model was trained with als.confidence = bm25 but has no " + Bm25Idf.FOLDER
                            + "/ (the run predates it): rerun it");
        }
        try {
            return new Bm25.Statistics(
                    trained.bm25Users(),
                    trained.bm25AverageLength(),
                    Bm25Idf.read(spark, modelPath().toString(), items));
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(key, "model/" + Bm25Idf.FOLDER + " does not fit the model: " + e.getMessage());
        }
    }

    /** Whether the run holds its prepared likes ({@code prepared/}: users, items and train at least). */
    public boolean hasPreparedLikes() {
        for (String table : List.of("users", "items", "train")) {
            if (!exists(spark, new Path(folder, "prepared/" + table + "/_SUCCESS"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every like the run kept ({@code prepared/}: train, test and fold-in, as dense indices) with its real
     * ids: columns user, item (string), weight (double), name (string, may be null). Null when the run has
     * no prepared likes ({@link #hasPreparedLikes}).
     */
    public Dataset<Row> preparedLikes() {
        Dataset<Row> dense = preparedDenseLikes();
        if (dense == null) {
            return null;
        }
        Dataset<Row> users =
                preparedIds("users").select(col("idx").as("user"), col("id").as("user_id"));
        Dataset<Row> items =
                preparedIds("items").select(col("idx").as("item"), col("id").as("item_id"), col("name"));
        return dense.join(users, "user")
                .join(items, "item")
                .select(
                        col("user_id").as("user"),
                        col("item_id").as("item"),
                        col("weight").cast("double").as("weight"),
                        col("name"));
    }

    /**
     * The same likes in the run's own dense numbering (columns user, item: int, weight), without the joins
     * to the real ids; the numbering is {@link #preparedIds}'. Null when the run has no prepared likes.
     */
    public Dataset<Row> preparedDenseLikes() {
        if (!hasPreparedLikes()) {
            return null;
        }
        Dataset<Row> dense = null;
        for (String table : List.of("train", "test", "fold-in")) {
            Path path = new Path(folder, "prepared/" + table);
            if (exists(spark, new Path(path, "_SUCCESS"))) {
                Dataset<Row> part = spark.read().parquet(path.toString()).select("user", "item", "weight");
                dense = dense == null ? part : dense.union(part);
            }
        }
        return dense;
    }

    /** {@code prepared/users} or {@code prepared/items}: id (string), idx (int) and for items name. */
    public Dataset<Row> preparedIds(String side) {
        return spark.read().parquet(new Path(folder, "prepared/" + side).toString());
    }

    /** The run's {@code recommendations/} (user, item, score, rank), null when it wrote none. */
    public Dataset<Row> recommendations() {
        Path path = new Path(folder, "recommendations");
        return exists(spark, new Path(path, "_SUCCESS")) ? spark.read().parquet(path.toString()) : null;
    }

    private void requireModel() {
        if (!exists(spark, modelPath())) {
            throw ConfigError.key(
                    key,
                    "the run at " + folder + " has no " + SparkMlModel.FOLDER
                            + "/ (train, recommend and all write one)");
        }
    }

    private static boolean exists(SparkSession spark, Path path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
