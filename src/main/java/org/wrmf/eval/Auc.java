package org.wrmf.eval;

import org.wrmf.rank.Ranking;

/**
 * AUC: per user, the share of (held-out, never-liked) item pairs the scores order correctly, ties
 * counting one half (counted by the ranking pass itself); averaged over the evaluated users with at
 * least one held-out like and one never-liked item.
 */
public final class Auc implements MetricAccumulator {
    public static final String NAME = "auc";

    private long users;
    private double sum;

    @Override
    public void addUser(RankedUser user) {
        Ranking ranking = user.ranking();
        if (user.test().length == 0 || ranking.negatives() == 0) {
            return;
        }
        users++;
        sum += ranking.correctPairsTwice() / (2.0 * user.test().length * ranking.negatives());
    }

    @Override
    public void merge(MetricAccumulator other) {
        Auc o = (Auc) other;
        users += o.users;
        sum += o.sum;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(sum, users);
    }
}
