package org.wrmf.eval;

/**
 * Recall at k: held-out likes in the top k with training likes excluded, divided by the user's
 * held-out likes, averaged over the evaluated users with at least one.
 */
public final class RecallAtK extends UserMean {
    public static final String NAME = "recall";

    @Override
    double userValue(RankedUser user) {
        return (double) user.hits() / user.test().length;
    }
}
