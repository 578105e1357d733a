package org.wrmf.cli;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Rating;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;
import org.wrmf.linalg.Blas;
import org.wrmf.ml.FitHook;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * The model users take away: trained on every kept like (held-out ones included) with the chosen
 * parameters, then written with the real ids (factors, Spark ML model, similar items,
 * recommendations), recorded in the manifest under {@code final.*}.
 */
public final class FinalModel {
    private static final Logger LOG = LoggerFactory.getLogger(FinalModel.class);

    private FinalModel() {}

    /**
     * Trains on every like of {@code data} and writes the final outputs; the manifest gets {@code final}
     * and timings: {@code final_train} the fit and the loss ({@link TimedFit}'s parts under {@code final}),
     * {@code outputs} the writes.
     */
    public static void trainAndWrite(
            SparkSession spark,
            PreparedData data,
            AlsParams params,
            FitExecution execution,
            int iterations,
            OutputSettings outputs,
            RecommendRules rules,
            Manifest manifest) {
        long start = System.nanoTime();
        JavaRDD<Rating> likes = IndexedLikes.ratings(data.all()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            trainAndWrite(
                    spark,
                    data,
                    likes,
                    start,
                    params,
                    execution,
                    FitHook.NONE,
                    iterations,
                    false,
                    outputs,
                    rules,
                    manifest);
        } finally {
            likes.unpersist(false);
        }
    }

    /**
     * The same on {@code likes} (every like of {@code data}, cached by the caller) from the factors {@code from}
     * ({@code refit}: the previous run's; {@link FitHook#NONE}, as {@code recommend} and {@code all}: the seeded
     * random ones), with the objective after each iteration when {@code lossPerIteration}.
     *
     * @param start when the fit began (the blocks' time counts from it)
     * @return the objective after each iteration (empty unless asked for)
     */
    static List<Double> trainAndWrite(
            SparkSession spark,
            PreparedData data,
            JavaRDD<Rating> likes,
            long start,
            AlsParams params,
            FitExecution execution,
            FitHook from,
            int iterations,
            boolean lossPerIteration,
            OutputSettings outputs,
            RecommendRules rules,
            Manifest manifest) {
        TimedFit timed = new TimedFit(manifest, "final", start, from, lossPerIteration);
        try (TrainedFactors fit =
                timed.fit(likes, data.numUsers(), data.numItems(), params, execution, iterations, "final model")) {
            double loss = timed.loss(fit);
            Bm25.Statistics bm25 = fit.bm25();
            manifest.finalModel(RunManifest.Final.of(params, iterations, loss, bm25))
                    .blas(Blas.describe())
                    .timingSum("final_train", "final_fit", "final_loss");
            LOG.info(
                    "final model: {} factors, lambda {}, alpha {}, {} iterations in {} s ({})",
                    params.factors(),
                    params.objective().regularizationUsers(),
                    params.objective().alpha(),
                    iterations,
                    manifest.toRecord().timings().get("final_train"),
                    fit.execution().word());
            long write = System.nanoTime();
            writeOutputs(
                    spark,
                    fit.model(),
                    data.indexed().users(),
                    data.indexed().items(),
                    likes,
                    bm25,
                    outputs,
                    rules,
                    manifest);
            manifest.timing("outputs", write);
            return timed.iterationLosses();
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /**
     * Writes a model's outputs ({@link OutputWriter}) under the business rules: the one way a command
     * writes recommendations with {@code recommend.*} applied. The rules' files are read and matched
     * against the model's ids here; the manifest gets {@code rules} (when any rule is on) and
     * {@code recommendations}.
     *
     * @param userIds columns {@code id} (string), {@code idx} (int)
     * @param itemIds columns {@code id} (string), {@code idx} (int), optionally {@code name}
     * @param likes   the likes the model was trained on (never recommended again)
     * @param bm25    the training's BM25 statistics, null without BM25
     */
    public static void writeOutputs(
            SparkSession spark,
            FactorModel model,
            Dataset<Row> userIds,
            Dataset<Row> itemIds,
            JavaRDD<Rating> likes,
            Bm25.Statistics bm25,
            OutputSettings outputs,
            RecommendRules rules,
            Manifest manifest) {
        BusinessRules.Applied applied =
                BusinessRules.apply(spark, rules, model, userIds, itemIds, outputs.blocks(), manifest);
        try {
            manifest.recommendations(
                    OutputWriter.writeAll(spark, model, userIds, itemIds, likes, bm25, applied.rules(), outputs));
        } finally {
            applied.release();
        }
    }
}
