package org.wrmf.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Map;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.Confidence;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.data.PrepareReport;
import org.wrmf.data.RuleLists;
import org.wrmf.rank.Popularity;
import org.wrmf.tuning.GridPoint;

/**
 * {@code <output>/manifest.json} as data: what a run read, kept and split, the grid's figures and best
 * point, the final model, the settings and each stage's seconds. Written by {@link Manifest} and read
 * back as the same record by the report, {@code explain} and the tests. A section a command did not
 * run is absent (null). JSON keys are the component names in snake case ({@code started_at},
 * {@code rows_read}); {@code finalModel} is {@code final}.
 *
 * <p>The {@code best}, {@code final} and {@code als} sections record an {@link Objective} (and the solver's
 * settings) in flat keys, the ones users and the report read ({@code final.factors}, {@code final.alpha},
 * {@code final.confidence}, ...): their {@code of} factories and {@code objective()} are the one place
 * where an objective becomes those keys and back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(
        String command,
        String startedAt,
        Spark spark,
        Map<String, Object> config,
        PrepareReport.Input input,
        PrepareReport.ThresholdReport threshold,
        PrepareReport.HoldoutReport holdout,
        Grid grid,
        Best best,
        @JsonProperty("final") Final finalModel,
        Als als,
        String blas,
        Map<String, Double> timings,
        Popularity recommendations,
        FoldInFigures foldIn,
        Rules rules,
        Refit refit,
        Integer format) {

    /**
     * The manifest format this version writes: 2 records each confidence form's own parameters only (no
     * epsilon for linear) and {@code format} itself. Manifests without {@code format} are format 1, read
     * the same way.
     */
    public static final int FORMAT = 2;

    /** A manifest of this version's format, without business rules. */
    public RunManifest(
            String command,
            String startedAt,
            Spark spark,
            Map<String, Object> config,
            PrepareReport.Input input,
            PrepareReport.ThresholdReport threshold,
            PrepareReport.HoldoutReport holdout,
            Grid grid,
            Best best,
            Final finalModel,
            Als als,
            String blas,
            Map<String, Double> timings,
            Popularity recommendations,
            FoldInFigures foldIn) {
        this(
                command,
                startedAt,
                spark,
                config,
                input,
                threshold,
                holdout,
                grid,
                best,
                finalModel,
                als,
                blas,
                timings,
                recommendations,
                foldIn,
                null,
                null,
                FORMAT);
    }

    /** A manifest of this version's format, with the rules and refit sections (either may be null). */
    public RunManifest(
            String command,
            String startedAt,
            Spark spark,
            Map<String, Object> config,
            PrepareReport.Input input,
            PrepareReport.ThresholdReport threshold,
            PrepareReport.HoldoutReport holdout,
            Grid grid,
            Best best,
            Final finalModel,
            Als als,
            String blas,
            Map<String, Double> timings,
            Popularity recommendations,
            FoldInFigures foldIn,
            Rules rules,
            Refit refit) {
        this(
                command,
                startedAt,
                spark,
                config,
                input,
                threshold,
                holdout,
                grid,
                best,
                finalModel,
                als,
                blas,
                timings,
                recommendations,
                foldIn,
                rules,
                refit,
                FORMAT);
    }

    /** The manifest's format, 1 for manifests written before the key existed. */
    public int formatOrFirst() {
        return format == null ? 1 : format;
    }

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
            this(factors, regularization, alpha, epoch, metric, value, RegularizationScaling.CONSTANT.word(), 1.0);
        }

        /** The grid's best point at its best epoch, by {@code metric}. */
        public static Best of(GridPoint point, int epoch, String metric, double value) {
            return new Best(
                    point.factors(),
                    point.regularization(),
                    point.alpha(),
                    epoch,
                    metric,
                    value,
                    point.scaling().word(),
                    point.exponent());
        }

        /** The point; constant lambda (exponent 1) where a manifest predates the scaling keys. */
        public GridPoint point() {
            return new GridPoint(
                    factors,
                    regularization,
                    alpha,
                    scalingOf(regularizationScaling),
                    regularizationExponent == null ? 1 : regularizationExponent);
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
            Double epsilon,
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

        /**
         * The final model as trained: its objective, solver, iterations and loss at the written factors,
         * with the training matrix's BM25 statistics ({@code bm25}: null unless the likes were BM25-weighted).
         */
        public static Final of(AlsParams params, int iterations, double loss, Bm25.Statistics bm25) {
            Objective objective = params.objective();
            ConfidenceKeys confidence = ConfidenceKeys.of(objective.confidence());
            return new Final(
                    objective.factors(),
                    objective.regularizationUsers(),
                    objective.regularizationItems(),
                    objective.alpha(),
                    confidence.form(),
                    confidence.epsilon(),
                    params.solver().method().word(),
                    iterations,
                    loss,
                    objective.regularizationScaling().word(),
                    objective.regularizationExponent(),
                    confidence.k1(),
                    confidence.b(),
                    bm25 == null ? null : bm25.users(),
                    bm25 == null ? null : bm25.averageLength());
        }

        /**
         * The objective the model was trained with. Manifests written before the regularization scaling
         * existed read as constant lambda; a bm25 model needs its k1 and b.
         *
         * @throws IllegalArgumentException naming the missing or unusable key
         */
        public Objective objective() {
            return new Objective(
                    factors,
                    regularization,
                    regularizationItems,
                    scalingOf(regularizationScaling),
                    regularizationExponent == null ? 1 : regularizationExponent,
                    confidenceOf(confidence, alpha, epsilon, bm25K1, bm25B));
        }
    }

    /**
     * The {@code als} settings {@code train} ran with; {@code epsilon} only for the log confidence,
     * {@code bm25K1} and {@code bm25B} only for bm25, the scaling fields absent in manifests before them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Als(
            int factors,
            double regularizationUsers,
            double regularizationItems,
            double alpha,
            String confidence,
            Double epsilon,
            Double bm25K1,
            Double bm25B,
            String regularizationScaling,
            Double regularizationExponent,
            String solver,
            int cgSteps,
            int blockSize,
            int blockSweeps,
            String finalSolve,
            int blocks,
            long seed,
            int checkpointInterval,
            int iterations) {

        public static Als of(AlsParams params, int iterations) {
            Objective objective = params.objective();
            ConfidenceKeys confidence = ConfidenceKeys.of(objective.confidence());
            return new Als(
                    objective.factors(),
                    objective.regularizationUsers(),
                    objective.regularizationItems(),
                    objective.alpha(),
                    confidence.form(),
                    confidence.epsilon(),
                    confidence.k1(),
                    confidence.b(),
                    objective.regularizationScaling().word(),
                    objective.regularizationExponent(),
                    params.solver().method().word(),
                    params.solver().cgSteps(),
                    params.solver().blockSize(),
                    params.solver().blockSweeps(),
                    params.solver().finalSolve().word(),
                    params.solver().blocks(),
                    params.solver().seed(),
                    params.solver().checkpointInterval(),
                    iterations);
        }
    }

    /** A confidence form as the manifest's keys: its word and its own parameters, the others null (absent). */
    private record ConfidenceKeys(String form, Double epsilon, Double k1, Double b) {
        static ConfidenceKeys of(Confidence confidence) {
            if (confidence instanceof Confidence.Log log) {
                return new ConfidenceKeys(log.form(), log.epsilon(), null, null);
            }
            if (confidence instanceof Confidence.Bm25Weighted bm25) {
                return new ConfidenceKeys(bm25.form(), null, bm25.k1(), bm25.b());
            }
            return new ConfidenceKeys(confidence.form(), null, null, null);
        }
    }

    private static RegularizationScaling scalingOf(String word) {
        return word == null
                ? RegularizationScaling.CONSTANT
                : RegularizationScaling.valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** A confidence form from its manifest keys; the keys its form needs must be there. */
    private static Confidence confidenceOf(String form, double alpha, Double epsilon, Double k1, Double b) {
        return switch (form) {
            case Confidence.LINEAR -> new Confidence.Linear(alpha);
            case Confidence.LOG -> new Confidence.Log(alpha, required(epsilon, "epsilon"));
            case Confidence.BM25 -> new Confidence.Bm25Weighted(alpha, required(k1, "bm25_k1"), required(b, "bm25_b"));
            default -> throw new IllegalArgumentException("unknown confidence \"" + form + "\"");
        };
    }

    private static double required(Double value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("no " + key + ", which its confidence form needs");
        }
        return value;
    }

    /**
     * The business rules the recommendations and similar items were written under ({@code recommend.*}):
     * per rule set, what its file held ({@link RuleLists.Figures}: rows read and rejected, distinct ids or
     * pairs, those the model knows and those it does not, ignored); {@code allowedItems}, the items the
     * item rules leave (all items without them), and {@code catalogueItems}, the model's items. Rules
     * that are off are absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rules(
            RuleLists.Figures excludeItems,
            RuleLists.Figures candidateItems,
            RuleLists.Figures users,
            RuleLists.Figures excludePairs,
            long allowedItems,
            long catalogueItems) {}

    /**
     * What {@code fold-in} did: the model it folded into, the likes read (and rejected), those of known
     * items used, those of unknown items set aside, the users solved and the users left without any
     * known like (not solved), and the exclusion pairs applied to their recommendations.
     */
    public record FoldInFigures(
            String model,
            String output,
            long rowsRead,
            long rowsRejected,
            long knownLikes,
            long unknownLikes,
            long users,
            long usersWithoutKnownLikes,
            long excludedPairs) {}

    /**
     * What {@code refit} did: the previous run it started from, the mode ({@code snapshot}: the input was
     * every current like; {@code delta}: only new ones, added to the previous run's), the {@code als.*}
     * keys that overrode the previous objective, the iterations and the objective after each, how the
     * users, items and likes changed, and how much the recommendations moved ({@code drift}); with
     * {@code refit.compare-full}, the same model trained from scratch ({@code full}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Refit(
            String previousRun,
            String mode,
            java.util.List<String> overriddenKeys,
            int iterations,
            java.util.List<Double> iterationLosses,
            Change users,
            Change items,
            long usersFoldedIn,
            long itemsFoldedIn,
            LikeChanges likes,
            Drift drift,
            Comparison full) {}

    /**
     * The rows of one side: kept (in both runs), new (only in this one), dropped (only in the previous one).
     */
    public record Change(long kept, long added, long dropped) {}

    /**
     * The kept likes: this run's; the previous run's, and those added and removed (pairs of real ids), when
     * the previous run's {@code prepared/} tables are there (else null).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LikeChanges(long current, Long previous, Long added, Long removed) {}

    /**
     * How the recommendations moved for the {@code users} present in both runs that the previous run
     * recommended to: {@code overlap}, the mean over them of |old top-k ∩ new top-k| / k; {@code scoreChange},
     * over the previous run's recommended (user, item) pairs whose user and item are still there, new score
     * minus old score. Both absent when no such user or pair.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Drift(int k, long users, Double overlap, Distribution scoreChange) {}

    /** A distribution's summary (absent, null, when there is nothing to summarise). */
    public record Distribution(
            long count, double min, double p10, double median, double p90, double max, double mean) {}

    /**
     * {@code refit.compare-full}: the same objective trained from random factors on the same likes for the
     * previous run's iterations; both fits' seconds and objective, and when the holdout is on both models
     * trained on the training likes alone and scored on the held-out ones ({@code quality}: metric -> value,
     * training likes excluded from the ranking). {@code drift} is the scratch model's against the previous run.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Comparison(
            int iterations,
            double refitSeconds,
            double fullSeconds,
            double refitLoss,
            double fullLoss,
            Drift drift,
            Map<String, Double> refitQuality,
            Map<String, Double> fullQuality) {}
}
