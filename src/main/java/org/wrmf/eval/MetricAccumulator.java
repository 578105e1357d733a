package org.wrmf.eval;

import java.io.Serializable;

/**
 * One metric as a running sum, LensKit style: each evaluated user (and, for the errors, each observed
 * like) is added as it is scored, the accumulators of different partitions merge, and {@link #value}
 * averages at the end. Spark-free, so the distributed evaluator and the in-task grid share the
 * definitions. The metrics are listed in {@link MetricRegistry}.
 */
public interface MetricAccumulator extends Serializable {

    /** Adds one evaluated user: its rankings, likes and x_u' G x_u. */
    void addUser(RankedUser user);

    /** Adds the score x_u.y_i of one observed like of an evaluated user; only the errors need it. */
    default void addLike(boolean heldOut, double score) {}

    /** Adds the sums of another accumulator of the same metric (another partition's). */
    void merge(MetricAccumulator other);

    /** The metric over everything added; NaN when nothing was counted. */
    double value();

    /** sum / count, NaN for an empty count (no user to average over). */
    static double ratio(double sum, double count) {
        return count == 0 ? Double.NaN : sum / count;
    }
}
