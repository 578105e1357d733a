package org.wrmf.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.wrmf.als.AlsParams;
import org.wrmf.errors.ConfigError;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.tuning.Execution;
import org.wrmf.tuning.GridSettings;
import org.wrmf.eval.Metrics;

/** The {@code wrmf.grid.*} settings as a validated {@link GridSettings}; errors name their key. */
public final class GridConfig {
    private GridConfig() {
    }

    /**
     * @param base  every training setting the grid does not search
     * @param cores what parallelism = 0 means (the cores Spark has)
     */
    public static GridSettings from(WrmfConfig config, AlsParams base, int cores) {
        List<Integer> factors = config.intList("wrmf.grid.factors");
        List<Double> regularization = config.doubleList("wrmf.grid.regularization");
        List<Double> alpha = config.doubleList("wrmf.grid.alpha");
        List<Integer> epochs = config.intList("wrmf.grid.epochs");
        requireNonEmpty("wrmf.grid.factors", factors);
        requireNonEmpty("wrmf.grid.regularization", regularization);
        requireNonEmpty("wrmf.grid.alpha", alpha);
        requireNonEmpty("wrmf.grid.epochs", epochs);
        for (int f : factors) {
            if (f < 1) {
                throw ConfigError.key("wrmf.grid.factors", "every rank must be at least 1, got " + factors);
            }
        }
        for (double r : regularization) {
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw ConfigError.key("wrmf.grid.regularization", "every lambda must be finite and >= 0, got " + regularization);
            }
        }
        for (double a : alpha) {
            if (!(a >= 0) || Double.isInfinite(a)) {
                throw ConfigError.key("wrmf.grid.alpha", "every alpha must be finite and >= 0, got " + alpha);
            }
        }
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i) < 1 || (i > 0 && epochs.get(i) <= epochs.get(i - 1))) {
                throw ConfigError.key("wrmf.grid.epochs", "checkpoints must be positive and strictly increasing, got "
                        + epochs);
            }
        }
        int k = config.intAtLeast("wrmf.grid.k", 1);
        String metric = config.oneOf("wrmf.grid.metric", Set.copyOf(Metrics.NAMES));
        int parallelism = config.intAtLeast("wrmf.grid.parallelism", 0);
        boolean resume = config.bool("wrmf.grid.resume");
        EvaluatedUsers evaluated = EvaluatedUsers.valueOf(
                config.oneOf("wrmf.grid.evaluate-users", Set.of("holdout", "all")).toUpperCase(Locale.ROOT));
        Execution execution = Execution.valueOf(
                config.oneOf("wrmf.grid.execution", Set.of("auto", "jobs", "tasks")).toUpperCase(Locale.ROOT));
        return new GridSettings(factors, regularization, alpha, epochs.stream().mapToInt(Integer::intValue).toArray(),
                k, metric, parallelism == 0 ? Math.max(1, cores) : parallelism, resume, evaluated, execution, base);
    }

    private static void requireNonEmpty(String key, List<?> values) {
        if (values.isEmpty()) {
            throw ConfigError.key(key, "needs at least one value");
        }
    }
}
