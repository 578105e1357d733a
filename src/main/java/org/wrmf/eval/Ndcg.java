package org.wrmf.eval;

/**
 * NDCG at k: binary gains in the top k with training likes excluded, discounted by log2(rank + 1)
 * (rank 1 = best), over the same sum for the ideal ranking (min(k, held-out likes) hits first),
 * averaged over the evaluated users with at least one held-out like.
 */
public final class Ndcg extends UserMean {
    public static final String NAME = "ndcg";

    private final int k;

    public Ndcg(int k) {
        this.k = k;
    }

    @Override
    double userValue(RankedUser user) {
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
        return dcg / idealDcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
