package org.wrmf.eval;

/**
 * Precision at k of the usual protocol: held-out likes in the top k with training likes excluded,
 * divided by k, averaged over the evaluated users with at least one held-out like.
 */
public final class PrecisionAtK extends UserMean {
    public static final String NAME = "precision";

    private final int k;

    public PrecisionAtK(int k) {
        this.k = k;
    }

    @Override
    double userValue(RankedUser user) {
        return user.hits();
    }

    @Override
    double scale() {
        return k;
    }
}
