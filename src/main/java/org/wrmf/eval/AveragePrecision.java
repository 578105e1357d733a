package org.wrmf.eval;

/**
 * MAP at k: per user, the precision at the rank of each held-out like in the top k with training
 * likes excluded, summed and divided by min(k, held-out likes); averaged over the evaluated users with
 * at least one held-out like.
 */
public final class AveragePrecision implements MetricAccumulator {
    public static final String NAME = "map";

    private final int k;
    private long users;
    private double sum;

    public AveragePrecision(int k) {
        this.k = k;
    }

    @Override
    public void addUser(RankedUser user) {
        if (user.test().length == 0) {
            return;
        }
        users++;
        int hits = 0;
        double precisionsAtHits = 0;
        for (int r = 0; r < user.ranking().top().length; r++) {
            if (user.heldOutAt(r)) {
                hits++;
                precisionsAtHits += (double) hits / (r + 1);
            }
        }
        sum += precisionsAtHits / Math.min(k, user.test().length);
    }

    @Override
    public void merge(MetricAccumulator other) {
        AveragePrecision o = (AveragePrecision) other;
        users += o.users;
        sum += o.sum;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(sum, users);
    }
}
