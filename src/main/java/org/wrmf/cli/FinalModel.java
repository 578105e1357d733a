package org.wrmf.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.Confidence;
import org.wrmf.als.FactorModel;
import org.wrmf.als.ImplicitAls;
import org.wrmf.als.Rating;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.common.ConfigError;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.io.Bm25Idf;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;
import org.wrmf.linalg.Blas;
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

    public static void trainAndWrite(
            SparkSession spark,
            PreparedData data,
            AlsParams params,
            int iterations,
            OutputSettings outputs,
            Manifest manifest) {
        long start = System.nanoTime();
        JavaRDD<Rating> likes = IndexedLikes.ratings(data.all()).persist(StorageLevel.MEMORY_AND_DISK());
        spark.sparkContext().setJobDescription("final model: " + iterations + " iterations");
        try (ImplicitAls als = new ImplicitAls(likes, data.numUsers(), data.numItems(), params)) {
            als.initialize();
            als.iterate(iterations);
            FactorModel model = als.model();
            Bm25.Statistics bm25 = als.bm25();
            manifest.finalModel(report(params, iterations, als.loss(), bm25))
                    .blas(Blas.describe())
                    .timing("final_train", start);
            LOG.info(
                    "final model: {} factors, lambda {}, alpha {}, {} iterations in {} s",
                    params.factors(),
                    params.regUsers(),
                    params.alpha(),
                    iterations,
                    manifest.toRecord().timings().get("final_train"));
            long write = System.nanoTime();
            manifest.recommendations(OutputWriter.writeAll(
                    spark, model, data.indexed().users(), data.indexed().items(), likes, bm25, outputs));
            manifest.timing("outputs", write);
        } finally {
            likes.unpersist(false);
            spark.sparkContext().setJobDescription(null);
        }
    }

    /**
     * The trained model as the manifest records it under {@code final}; under BM25 with k1, b and the
     * training matrix's N and avg_len ({@code bm25}: the engine's statistics, null otherwise).
     */
    static RunManifest.Final report(AlsParams params, int iterations, double loss, Bm25.Statistics bm25) {
        boolean weighted = params.confidence() == Confidence.BM25;
        return new RunManifest.Final(
                params.factors(),
                params.regUsers(),
                params.regItems(),
                params.alpha(),
                params.confidence().name().toLowerCase(Locale.ROOT),
                params.epsilon(),
                params.solver().name().toLowerCase(Locale.ROOT),
                iterations,
                loss,
                params.regularizationScaling().name().toLowerCase(Locale.ROOT),
                params.regularizationExponent(),
                weighted ? params.bm25K1() : null,
                weighted ? params.bm25B() : null,
                bm25 == null ? null : bm25.users(),
                bm25 == null ? null : bm25.averageLength());
    }

    /**
     * The run's final parameters as the engine takes them (for the exact solves of fold-in and explain:
     * the solver, CG steps, seed and checkpoints of training do not matter to them).
     */
    static AlsParams trained(RunManifest.Final trained, int rank, int blocks) {
        if (trained == null) {
            throw ConfigError.key(
                    "wrmf.output.path",
                    "manifest.json has no final.* section: fold-in needs the"
                            + " final model's regularization, alpha and confidence (run recommend or all first)");
        }
        if (trained.factors() != rank) {
            throw ConfigError.key(
                    "wrmf.output.path",
                    "the model has rank " + rank + " but manifest.json's" + " final.factors is " + trained.factors()
                            + ": model/ and manifest.json are of different runs");
        }
        Confidence confidence = Confidence.valueOf(trained.confidence().toUpperCase(Locale.ROOT));
        boolean bm25 = confidence == Confidence.BM25;
        if (bm25
                && (trained.bm25K1() == null
                        || trained.bm25B() == null
                        || trained.bm25Users() == null
                        || trained.bm25AverageLength() == null)) {
            throw ConfigError.key(
                    "wrmf.output.path",
                    "the model was trained with als.confidence = bm25 but"
                            + " manifest.json's final section lacks bm25_k1, bm25_b, bm25_users or bm25_average_length, the"
                            + " training statistics a user's likes are weighted with (the run predates them): rerun it");
        }
        return AlsParams.builder()
                .factors(rank)
                .regularizationUsers(trained.regularization())
                .regularizationItems(trained.regularizationItems())
                .alpha(trained.alpha())
                .confidence(confidence)
                .epsilon(trained.epsilon())
                .regularizationScaling(
                        trained.regularizationScaling() == null
                                ? RegularizationScaling.CONSTANT
                                : RegularizationScaling.valueOf(
                                        trained.regularizationScaling().toUpperCase(Locale.ROOT)))
                .regularizationExponent(trained.regularizationExponent() == null ? 1 : trained.regularizationExponent())
                .bm25K1(bm25 ? trained.bm25K1() : 100)
                .bm25B(bm25 ? trained.bm25B() : 0.8) // used by BM25 only
                .solver(Solver.CHOLESKY)
                .cgSteps(1)
                .blocks(blocks)
                .seed(0L)
                .checkpointInterval(0)
                .build();
    }

    /**
     * The BM25 statistics of the run's training matrix when its final model was trained with BM25 (N and
     * avg_len from the manifest, as {@link #trained} checked; the idf per item from {@code model/bm25-idf}),
     * null otherwise: fold-in and explain weigh a user's likes with them, as training did.
     */
    static Bm25.Statistics bm25(SparkSession spark, RunManifest.Final trained, Path model, int items) {
        if (!"bm25".equalsIgnoreCase(trained.confidence())) {
            return null;
        }
        Path table = new Path(model, Bm25Idf.FOLDER);
        try {
            if (!table.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(table)) {
                throw ConfigError.key(
                        "wrmf.output.path",
                        "the model was trained with als.confidence = bm25 but has" + " no " + Bm25Idf.FOLDER
                                + "/ (the run predates it): rerun it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Bm25.Statistics(
                    trained.bm25Users(), trained.bm25AverageLength(), Bm25Idf.read(spark, model.toString(), items));
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(
                    "wrmf.output.path", "model/" + Bm25Idf.FOLDER + " does not fit the model: " + e.getMessage());
        }
    }
}
