package org.wrmf.eval;

/**
 * The notebook's mean squared error over the full rows of the evaluated users against the binary training
 * ({@value #TRAIN}) or held-out ({@value #TEST}) matrix, divided by users x items, without a dense row:
 * a row's error is x_u' G x_u (every cell as if unobserved) plus, per observed like, r^2 - 2 r x_u.y_i
 * with r = 1.
 */
public final class FullRowMse implements MetricAccumulator {
    public static final String TRAIN = "mse_train";
    public static final String TEST = "mse_test";

    private final boolean heldOut;
    private final int numItems;
    private long users;
    private double quadraticSum;
    private double observedSum;

    private FullRowMse(boolean heldOut, int numItems) {
        this.heldOut = heldOut;
        this.numItems = numItems;
    }

    public static FullRowMse train(int numItems) {
        return new FullRowMse(false, numItems);
    }

    public static FullRowMse test(int numItems) {
        return new FullRowMse(true, numItems);
    }

    @Override
    public void addUser(RankedUser user) {
        users++;
        quadraticSum += user.quadratic();
    }

    @Override
    public void addLike(boolean likeHeldOut, double score) {
        if (likeHeldOut == heldOut) {
            observedSum += 1 - 2 * score;
        }
    }

    @Override
    public void merge(MetricAccumulator other) {
        FullRowMse o = (FullRowMse) other;
        users += o.users;
        quadraticSum += o.quadraticSum;
        observedSum += o.observedSum;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(quadraticSum + observedSum, (double) users * numItems);
    }
}
