package org.wrmf.eval;

/**
 * Recall at k as the strong-generalization papers define it (Liang et al. 2018; Rendle et al. 2022):
 * held-out likes in the top k with training likes excluded, divided by min(k, the user's held-out likes),
 * so a user with more held-out likes than k can still reach 1; averaged over the evaluated users with at
 * least one. With k held-out likes per user (the notebook's split at k = per-user) it is hits / |test|.
 */
public final class RecallAtK extends UserMean {
    public static final String NAME = "recall";
    private final int k;

    public RecallAtK(int k) {
        this.k = k;
    }

    @Override
    double userValue(RankedUser user) {
        return (double) user.hits() / Math.min(k, user.test().length);
    }
}
