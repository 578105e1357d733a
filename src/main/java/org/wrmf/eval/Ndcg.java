package org.wrmf.eval;

/**
 * NDCG at k: binary gains in the top k with training likes excluded, discounted by log2(rank + 1)
 * (rank 1 = best), over the same sum for the ideal ranking (min(k, held-out likes) hits first),
 * averaged over the evaluated users with at least one held-out like.
 */
public final class Ndcg implements MetricAccumulator {
    public static final String NAME = "ndcg";

    private final int k;
    private long users;
    private double sum;

    public Ndcg(int k) {
        this.k = k;
    }

    @Override
    public void addUser(RankedUser user) {
        if (user.test().length == 0) {
            return;
        }
        users++;
        double dcg = 0;
        for (int r = 0; r < user.ranking().top().length; r++) {
            if (user.heldOutAt(r)) {
                dcg += 1.0 / log2(r + 2);
            }
        }
        int idealHits = Math.min(k, user.test().length);
        double idealDcg = 0;
        for (int r = 0; r < idealHits; r++) {
            idealDcg += 1.0 / log2(r + 2);
        }
        sum += dcg / idealDcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Override
    public void merge(MetricAccumulator other) {
        Ndcg o = (Ndcg) other;
        users += o.users;
        sum += o.sum;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(sum, users);
    }
}
