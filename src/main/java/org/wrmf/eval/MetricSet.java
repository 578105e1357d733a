package org.wrmf.eval;

import java.io.Serializable;
import java.util.List;
import org.wrmf.rank.Ranking;

/**
 * One accumulator per registered metric and the count of evaluated users: filled by one pass over a
 * partition's scores, merged across partitions, read as {@link Metrics}.
 */
public final class MetricSet implements Serializable {
    private final int k;
    private long users;
    private final MetricAccumulator[] accumulators;

    MetricSet(int k, int numItems) {
        this.k = k;
        List<MetricRegistry.Definition> metrics = MetricRegistry.ALL;
        this.accumulators = new MetricAccumulator[metrics.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = metrics.get(i).factory().create(k, numItems);
        }
    }

    /** Adds one evaluated user: its ranking, its sorted likes and x_u' G x_u. */
    void addUser(Ranking ranking, TrainTestLikes likes, double quadratic) {
        users++;
        RankedUser user = new RankedUser(ranking, likes, quadratic);
        for (MetricAccumulator accumulator : accumulators) {
            accumulator.addUser(user);
        }
    }

    /** Adds the score of one observed like of an evaluated user. */
    void addLike(boolean heldOut, double score) {
        for (MetricAccumulator accumulator : accumulators) {
            accumulator.addLike(heldOut, score);
        }
    }

    MetricSet merge(MetricSet other) {
        users += other.users;
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].merge(other.accumulators[i]);
        }
        return this;
    }

    public Metrics toMetrics() {
        double[] values = new double[accumulators.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = accumulators[i].value();
        }
        return new Metrics(k, users, values);
    }
}
