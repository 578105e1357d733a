package org.wrmf.eval;

/**
 * MAP at k: per user, the precision at the rank of each held-out like in the top k with training
 * likes excluded, summed and divided by min(k, held-out likes); averaged over the evaluated users with
 * at least one held-out like.
 */
public final class AveragePrecision extends UserMean {
    public static final String NAME = "map";

    private final int k;

    public AveragePrecision(int k) {
        this.k = k;
    }

    @Override
    double userValue(RankedUser user) {
        int hits = 0;
        double precisionsAtHits = 0;
        for (int r = 0; r < user.ranking().top().length; r++) {
            if (user.heldOutAt(r)) {
                hits++;
                precisionsAtHits += (double) hits / (r + 1);
            }
        }
        return precisionsAtHits / Math.min(k, user.test().length);
    }
}
