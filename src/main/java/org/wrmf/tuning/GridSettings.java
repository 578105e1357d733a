package org.wrmf.tuning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wrmf.als.AlsParams;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.MetricRegistry;

/**
 * What a grid search explores and how it runs; built by name ({@link #builder()}).
 *
 * @param factors        ranks to try
 * @param regularization lambdas to try (the same for users and items, as the notebook)
 * @param alpha          confidence scales to try
 * @param regularizationScaling  lambda's per-row scalings to try ({@link RegularizationScaling})
 * @param regularizationExponent nu values to try for the scaled forms (a constant-lambda point is tried
 *                       once, whatever this list holds)
 * @param epochs         checkpoints, strictly increasing total iterations at which each curve is scored
 * @param k              cut-off of every ranking metric
 * @param metric         the metric that picks the best point ({@link MetricRegistry}); lowest wins for mse
 * @param parallelism    grid points trained at once; {@code wrmf.grid.parallelism = 0} gives Spark's
 *                       default parallelism: unless {@code spark.default.parallelism} is set, twice the
 *                       cores in a local run (the job's local default), the executors' cores on a cluster
 * @param resume         reuse grid points a previous run with the same data and settings finished
 * @param evaluatedUsers holdout users (as the notebook) or all users
 * @param execution      how points run concurrently (AUTO chooses, see {@link GridSearch})
 * @param base           every other training setting (solver, confidence form, blocks, seed, ...);
 *                       its factors, regularization, alpha and regularization scaling are replaced by
 *                       each point's
 */
public record GridSettings(
        List<Integer> factors,
        List<Double> regularization,
        List<Double> alpha,
        List<RegularizationScaling> regularizationScaling,
        List<Double> regularizationExponent,
        int[] epochs,
        int k,
        String metric,
        int parallelism,
        boolean resume,
        EvaluatedUsers evaluatedUsers,
        Execution execution,
        AlsParams base)
        implements Serializable {

    public GridSettings {
        require(
                !factors.isEmpty()
                        && !regularization.isEmpty()
                        && !alpha.isEmpty()
                        && !regularizationScaling.isEmpty()
                        && !regularizationExponent.isEmpty(),
                "every grid axis needs a value");
        require(epochs.length > 0, "need at least one epoch checkpoint");
        for (int i = 0; i < epochs.length; i++) {
            require(
                    epochs[i] >= 1 && (i == 0 || epochs[i] > epochs[i - 1]),
                    "epochs must be positive and strictly increasing, got " + Arrays.toString(epochs));
        }
        require(k >= 1, "k must be >= 1, got " + k);
        MetricRegistry.get(metric);
        require(parallelism >= 1, "parallelism must be >= 1, got " + parallelism);
        require(
                execution != null && evaluatedUsers != null && base != null,
                "execution, evaluatedUsers and base are required");
        factors = List.copyOf(factors);
        regularization = List.copyOf(regularization);
        alpha = List.copyOf(alpha);
        regularizationScaling = List.copyOf(regularizationScaling);
        regularizationExponent = List.copyOf(regularizationExponent);
        epochs = epochs.clone();
    }

    /** A builder with nothing set; {@link GridSettingsBuilder#build()} refuses a field left unset. */
    public static GridSettingsBuilder builder() {
        return new GridSettingsBuilder();
    }

    /** A builder holding these settings, to change some by name. */
    public GridSettingsBuilder toBuilder() {
        return new GridSettingsBuilder()
                .factors(factors)
                .regularization(regularization)
                .alpha(alpha)
                .regularizationScaling(regularizationScaling)
                .regularizationExponent(regularizationExponent)
                .epochs(epochs)
                .k(k)
                .metric(metric)
                .parallelism(parallelism)
                .resume(resume)
                .evaluatedUsers(evaluatedUsers)
                .execution(execution)
                .base(base);
    }

    /** Sets the grid by name; every field must be set before {@link #build()}. */
    public static final class GridSettingsBuilder {
        private List<Integer> factors;
        private List<Double> regularization;
        private List<Double> alpha;
        /** The notebook's axis unless set: constant lambda only. */
        private List<RegularizationScaling> regularizationScaling = List.of(RegularizationScaling.CONSTANT);

        private List<Double> regularizationExponent = List.of(1.0);
        private int[] epochs;
        private Integer k;
        private String metric;
        private Integer parallelism;
        private Boolean resume;
        private EvaluatedUsers evaluatedUsers;
        private Execution execution;
        private AlsParams base;

        private GridSettingsBuilder() {}

        public GridSettingsBuilder factors(List<Integer> value) {
            factors = value;
            return this;
        }

        public GridSettingsBuilder regularization(List<Double> value) {
            regularization = value;
            return this;
        }

        public GridSettingsBuilder alpha(List<Double> value) {
            alpha = value;
            return this;
        }

        public GridSettingsBuilder regularizationScaling(List<RegularizationScaling> value) {
            regularizationScaling = value;
            return this;
        }

        public GridSettingsBuilder regularizationExponent(List<Double> value) {
            regularizationExponent = value;
            return this;
        }

        public GridSettingsBuilder epochs(int[] value) {
            epochs = value;
            return this;
        }

        public GridSettingsBuilder k(int value) {
            k = value;
            return this;
        }

        public GridSettingsBuilder metric(String value) {
            metric = value;
            return this;
        }

        public GridSettingsBuilder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public GridSettingsBuilder resume(boolean value) {
            resume = value;
            return this;
        }

        public GridSettingsBuilder evaluatedUsers(EvaluatedUsers value) {
            evaluatedUsers = value;
            return this;
        }

        public GridSettingsBuilder execution(Execution value) {
            execution = value;
            return this;
        }

        public GridSettingsBuilder base(AlsParams value) {
            base = value;
            return this;
        }

        public GridSettings build() {
            String missing = factors == null
                    ? "factors"
                    : regularization == null
                            ? "regularization"
                            : alpha == null
                                    ? "alpha"
                                    : epochs == null
                                            ? "epochs"
                                            : k == null
                                                    ? "k"
                                                    : metric == null
                                                            ? "metric"
                                                            : parallelism == null
                                                                    ? "parallelism"
                                                                    : resume == null
                                                                            ? "resume"
                                                                            : evaluatedUsers == null
                                                                                    ? "evaluatedUsers"
                                                                                    : execution == null
                                                                                            ? "execution"
                                                                                            : base == null
                                                                                                    ? "base"
                                                                                                    : null;
            if (missing != null) {
                throw new IllegalArgumentException("GridSettings: " + missing + " is not set");
            }
            return new GridSettings(
                    factors,
                    regularization,
                    alpha,
                    regularizationScaling,
                    regularizationExponent,
                    epochs,
                    k,
                    metric,
                    parallelism,
                    resume,
                    evaluatedUsers,
                    execution,
                    base);
        }
    }

    /** The notebook's checkpoints 2, 4, ..., 38 ({@code range(2, 40, 2)}). */
    public static int[] notebookEpochs() {
        int[] epochs = new int[19];
        Arrays.setAll(epochs, i -> 2 * (i + 1));
        return epochs;
    }

    /**
     * The points in the notebook's order: factors outermost, then regularization, then alpha, then the
     * scalings (each scaled one with every exponent; constant lambda once, with exponent 1).
     */
    public List<GridPoint> points() {
        List<GridPoint> points = new ArrayList<>();
        for (int f : factors) {
            for (double r : regularization) {
                for (double a : alpha) {
                    for (RegularizationScaling scaling : regularizationScaling) {
                        if (scaling == RegularizationScaling.CONSTANT) {
                            points.add(new GridPoint(f, r, a));
                            continue;
                        }
                        for (double nu : regularizationExponent) {
                            points.add(new GridPoint(f, r, a, scaling, nu));
                        }
                    }
                }
            }
        }
        return points;
    }

    int maxFactors() {
        return factors.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public AlsParams paramsOf(GridPoint point) {
        return base.withObjective(point.objective(base.objective()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
