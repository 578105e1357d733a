package org.wrmf.eval;

import org.wrmf.rank.Ranking;

/**
 * AUC: per user, the share of (held-out, never-liked) item pairs the scores order correctly, ties
 * counting one half (counted by the ranking pass itself); averaged over the evaluated users with at
 * least one held-out like and one never-liked item.
 */
public final class Auc extends UserMean {
    public static final String NAME = "auc";

    @Override
    boolean counts(RankedUser user) {
        return user.test().length > 0 && user.ranking().negatives() > 0;
    }

    @Override
    double userValue(RankedUser user) {
        Ranking ranking = user.ranking();
        return ranking.correctPairsTwice() / (2.0 * user.test().length * ranking.negatives());
    }
}
