package org.wrmf.eval;

/**
 * A metric that averages one value per evaluated user: the sums of the users counted and of their
 * values, merged across partitions. By default only users with a held-out like count.
 */
abstract class UserMean implements MetricAccumulator {
    private long users;
    private double sum;

    /** Whether this user is averaged over. */
    boolean counts(RankedUser user) {
        return user.test().length > 0;
    }

    /** The user's value (before {@link #scale}). */
    abstract double userValue(RankedUser user);

    /** What the mean is divided by besides the number of users (k, for the precisions). */
    double scale() {
        return 1;
    }

    @Override
    public final void addUser(RankedUser user) {
        if (counts(user)) {
            users++;
            sum += userValue(user);
        }
    }

    @Override
    public final void merge(MetricAccumulator other) {
        UserMean o = (UserMean) other;
        users += o.users;
        sum += o.sum;
    }

    @Override
    public final double value() {
        return MetricAccumulator.ratio(sum, users * scale());
    }
}
