package org.wrmf.eval;

import java.io.Serializable;
import java.util.List;

/**
 * The scores of one model at one epoch, as data (one row of a learning curve).
 *
 * <p>The seed's four, over the evaluated users U_e: {@code pAtKTrain} and {@code pAtKTest} rank the
 * top k over ALL items (training likes compete) and count hits in the train, resp. test, likes, divided
 * by k; {@code mseTrain} and {@code mseTest} are the mean squared error over the full rows of U_e
 * against the binary train, resp. test, matrix (divided by |U_e| x items). The usual protocol's five,
 * over the evaluated users with at least one held-out like, rank the top k with training likes
 * excluded: {@code precision} (hits / k), {@code recall} (hits / held-out likes), {@code ndcg}
 * (binary gains, discount log2(rank + 1), normalised by the ideal ranking), {@code map} (average
 * precision at k: the precision at each hit's rank, summed, over min(k, held-out likes)) and
 * {@code auc} (share of (held-out, never-liked) item pairs ordered correctly, ties one half).
 */
public record Metrics(int k, long users, double pAtKTrain, double pAtKTest, double mseTrain, double mseTest,
                      double precision, double recall, double ndcg, double map, double auc) implements Serializable {

    /** Metric names as used in configuration and in the curves' columns. */
    public static final List<String> NAMES = List.of("p_at_k_train", "p_at_k_test", "mse_train", "mse_test",
            "precision", "recall", "ndcg", "map", "auc");

    public double value(String name) {
        return switch (name) {
            case "p_at_k_train" -> pAtKTrain;
            case "p_at_k_test" -> pAtKTest;
            case "mse_train" -> mseTrain;
            case "mse_test" -> mseTest;
            case "precision" -> precision;
            case "recall" -> recall;
            case "ndcg" -> ndcg;
            case "map" -> map;
            case "auc" -> auc;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "', expected one of " + NAMES);
        };
    }

    /** The inverse of {@link #value}: values in the order of {@link #NAMES}. */
    public static Metrics of(int k, long users, double[] values) {
        if (values.length != NAMES.size()) {
            throw new IllegalArgumentException("expected " + NAMES.size() + " metric values, got " + values.length);
        }
        return new Metrics(k, users, values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                values[7], values[8]);
    }

    /** Errors are better low; every ranking metric is better high. */
    public static boolean higherIsBetter(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown metric '" + name + "', expected one of " + NAMES);
        }
        return !name.startsWith("mse");
    }
}
