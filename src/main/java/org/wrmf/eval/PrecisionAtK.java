package org.wrmf.eval;

/**
 * Precision at k of the usual protocol: held-out likes in the top k with training likes excluded,
 * divided by k, averaged over the evaluated users with at least one held-out like.
 */
public final class PrecisionAtK implements MetricAccumulator {
    public static final String NAME = "precision";

    private final int k;
    private long users;
    private long hits;

    public PrecisionAtK(int k) {
        this.k = k;
    }

    @Override
    public void addUser(RankedUser user) {
        if (user.test().length == 0) {
            return;
        }
        users++;
        hits += user.hits();
    }

    @Override
    public void merge(MetricAccumulator other) {
        PrecisionAtK o = (PrecisionAtK) other;
        users += o.users;
        hits += o.hits;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(hits, (double) users * k);
    }
}
