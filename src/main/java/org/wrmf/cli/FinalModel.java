package org.wrmf.cli;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.common.ConfigError;
import org.wrmf.als.FactorModel;
import org.wrmf.als.ImplicitAls;
import org.wrmf.linalg.Blas;
import org.wrmf.als.Rating;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;

import java.util.Locale;

/**
 * The model users take away: trained on every kept like (held-out ones included) with the chosen
 * parameters, then written with the real ids (factors, Spark ML model, similar items,
 * recommendations), recorded in the manifest under {@code final.*}.
 */
public final class FinalModel {
    private static final Logger LOG = LoggerFactory.getLogger(FinalModel.class);

    private FinalModel() {
    }

    public static void trainAndWrite(SparkSession spark, PreparedData data, AlsParams params, int iterations,
                                     OutputSettings outputs, Manifest manifest) {
        long start = System.nanoTime();
        JavaRDD<Rating> likes = IndexedLikes.ratings(data.all()).persist(StorageLevel.MEMORY_AND_DISK());
        spark.sparkContext().setJobDescription("final model: " + iterations + " iterations");
        try (ImplicitAls als = new ImplicitAls(likes, data.numUsers(), data.numItems(), params)) {
            als.initialize();
            als.iterate(iterations);
            FactorModel model = als.model();
            manifest.finalModel(report(params, iterations, als.loss()))
                    .blas(Blas.describe())
                    .timing("final_train", start);
            LOG.info("final model: {} factors, lambda {}, alpha {}, {} iterations in {} s", params.factors(),
                    params.regUsers(), params.alpha(), iterations, manifest.toRecord().timings().get("final_train"));
            long write = System.nanoTime();
            manifest.recommendations(OutputWriter.writeAll(spark, model, data.indexed().users(),
                    data.indexed().items(), likes, outputs));
            manifest.timing("outputs", write);
        } finally {
            likes.unpersist(false);
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** The trained model as the manifest records it under {@code final}. */
    static RunManifest.Final report(AlsParams params, int iterations, double loss) {
        return new RunManifest.Final(params.factors(), params.regUsers(), params.regItems(), params.alpha(),
                params.confidence().name().toLowerCase(Locale.ROOT), params.epsilon(),
                params.solver().name().toLowerCase(Locale.ROOT), iterations, loss,
                params.regularizationScaling().name().toLowerCase(Locale.ROOT), params.regularizationExponent());
    }

    /**
     * The run's final parameters as the engine takes them (for the exact solves of fold-in and explain:
     * the solver, CG steps, seed and checkpoints of training do not matter to them).
     */
    static AlsParams trained(RunManifest.Final trained, int rank, int blocks) {
        if (trained == null) {
            throw ConfigError.key("wrmf.output.path", "manifest.json has no final.* section: fold-in needs the"
                    + " final model's regularization, alpha and confidence (run recommend or all first)");
        }
        if (trained.factors() != rank) {
            throw ConfigError.key("wrmf.output.path", "the model has rank " + rank + " but manifest.json's"
                    + " final.factors is " + trained.factors() + ": model/ and manifest.json are of different runs");
        }
        Confidence confidence = Confidence.valueOf(trained.confidence().toUpperCase(Locale.ROOT));
        if (confidence == Confidence.BM25) {
            // BM25 weighs a like by its item's document frequency and the row's length over all the training
            // rows; folding in would need those statistics of the training data, which a run does not keep
            throw ConfigError.key("wrmf.output.path", "the model was trained with als.confidence = bm25; fold-in"
                    + " supports the linear and log confidence forms");
        }
        return AlsParams.builder().factors(rank).regularizationUsers(trained.regularization())
                .regularizationItems(trained.regularizationItems()).alpha(trained.alpha())
                .confidence(confidence).epsilon(trained.epsilon())
                .regularizationScaling(trained.regularizationScaling() == null ? RegularizationScaling.CONSTANT
                        : RegularizationScaling.valueOf(trained.regularizationScaling().toUpperCase(Locale.ROOT)))
                .regularizationExponent(trained.regularizationExponent() == null ? 1 : trained.regularizationExponent())
                .bm25K1(100).bm25B(0.8)  // BM25 only; refused above
                .solver(Solver.CHOLESKY).cgSteps(1).blocks(blocks).seed(0L)
                .checkpointInterval(0).build();
    }
}
