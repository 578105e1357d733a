package org.wrmf.eval;

/**
 * Recall at k: held-out likes in the top k with training likes excluded, divided by the user's
 * held-out likes, averaged over the evaluated users with at least one.
 */
public final class RecallAtK implements MetricAccumulator {
    public static final String NAME = "recall";

    private long users;
    private double sum;

    @Override
    public void addUser(RankedUser user) {
        if (user.test().length == 0) {
            return;
        }
        users++;
        sum += (double) user.hits() / user.test().length;
    }

    @Override
    public void merge(MetricAccumulator other) {
        RecallAtK o = (RecallAtK) other;
        users += o.users;
        sum += o.sum;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(sum, users);
    }
}
