package org.wrmf.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.wrmf.data.PrepareReport;
import org.wrmf.io.Popularity;

/**
 * {@code <output>/manifest.json} as data: what a run read, kept and split, the grid's figures and best
 * point, the final model, the settings and each stage's seconds. Written by {@link Manifest} and read
 * back as the same record by the report, {@code explain} and the tests. A section a command did not
 * run is absent (null). JSON keys are the component names in snake case ({@code started_at},
 * {@code rows_read}); {@code finalModel} is {@code final}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(
        String command,
        String startedAt,
        Spark spark,
        Map<String, Object> config,
        PrepareReport.Input input,
        PrepareReport.Threshold threshold,
        PrepareReport.Holdout holdout,
        Grid grid,
        Best best,
        @JsonProperty("final") Final finalModel,
        Als als,
        String blas,
        Map<String, Double> timings,
        Popularity recommendations,
        FoldIn foldIn) {

    /** The Spark that ran the job. */
    public record Spark(String version, String applicationId, String master) {}

    /** What the grid search did (sums over points; with points running concurrently they exceed the wall time). */
    public record Grid(
            int points,
            int reusedPoints,
            int checkpoints,
            int parallelism,
            double trainSeconds,
            double evalSeconds,
            String evaluatedUsers) {}

    /**
     * The grid's best point, its best epoch, and the metric that chose it. {@code regularizationScaling}
     * (constant, count, frequency) and {@code regularizationExponent} are absent in manifests written
     * before the grid could vary them: read that as constant.
     */
    public record Best(
            int factors,
            double regularization,
            double alpha,
            int epoch,
            String metric,
            double value,
            String regularizationScaling,
            Double regularizationExponent) {
        /** A best point with constant lambda. */
        public Best(int factors, double regularization, double alpha, int epoch, String metric, double value) {
            this(factors, regularization, alpha, epoch, metric, value, "constant", 1.0);
        }
    }

    /**
     * The model written as the final outputs, trained on every kept like; {@code loss} is the objective at
     * the written factors. The scaling fields as in {@link Best}; {@code confidence} may be bm25, whose
     * {@code bm25K1} and {@code bm25B} are then set, with the training matrix's statistics fold-in and
     * explain weigh a user's likes with: {@code bm25Users} (N, the rows, with or without likes) and
     * {@code bm25AverageLength} (avg_len); each item's idf is in {@code model/bm25-idf}. The bm25 fields
     * are absent otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Final(
            int factors,
            double regularization,
            double regularizationItems,
            double alpha,
            String confidence,
            double epsilon,
            String solver,
            int iterations,
            double loss,
            String regularizationScaling,
            Double regularizationExponent,
            Double bm25K1,
            Double bm25B,
            Integer bm25Users,
            Double bm25AverageLength) {
        /** A final model with constant lambda. */
        public Final(
                int factors,
                double regularization,
                double regularizationItems,
                double alpha,
                String confidence,
                double epsilon,
                String solver,
                int iterations,
                double loss) {
            this(
                    factors,
                    regularization,
                    regularizationItems,
                    alpha,
                    confidence,
                    epsilon,
                    solver,
                    iterations,
                    loss,
                    "constant",
                    1.0);
        }

        /** A final model without BM25. */
        public Final(
                int factors,
                double regularization,
                double regularizationItems,
                double alpha,
                String confidence,
                double epsilon,
                String solver,
                int iterations,
                double loss,
                String regularizationScaling,
                Double regularizationExponent) {
            this(
                    factors,
                    regularization,
                    regularizationItems,
                    alpha,
                    confidence,
                    epsilon,
                    solver,
                    iterations,
                    loss,
                    regularizationScaling,
                    regularizationExponent,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /** The {@code als} settings {@code train} ran with. */
    public record Als(
            int factors,
            double regularizationUsers,
            double regularizationItems,
            double alpha,
            String confidence,
            double epsilon,
            String solver,
            int cgSteps,
            int blockSize,
            int blockSweeps,
            String finalSolve,
            int blocks,
            long seed,
            int checkpointInterval,
            int iterations) {}

    /**
     * What {@code fold-in} did: the model it folded into, the likes read (and rejected), those of known
     * items used, those of unknown items set aside, the users solved and the users left without any
     * known like (not solved), and the exclusion pairs applied to their recommendations.
     */
    public record FoldIn(
            String model,
            String output,
            long rowsRead,
            long rowsRejected,
            long knownLikes,
            long unknownLikes,
            long users,
            long usersWithoutKnownLikes,
            long excludedPairs) {}
}
