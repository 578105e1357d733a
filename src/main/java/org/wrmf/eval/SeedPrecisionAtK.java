package org.wrmf.eval;

/**
 * The seed's precision at k: the top k over ALL items (training likes compete, which is why the seed's
 * test p@5 is 0.047), hits counted in the training likes ({@value #TRAIN}) or in the held-out likes
 * ({@value #TEST}), divided by k, averaged over every evaluated user.
 */
public final class SeedPrecisionAtK implements MetricAccumulator {
    public static final String TRAIN = "p_at_k_train";
    public static final String TEST = "p_at_k_test";

    private final boolean heldOut;
    private final int k;
    private long users;
    private long hits;

    private SeedPrecisionAtK(boolean heldOut, int k) {
        this.heldOut = heldOut;
        this.k = k;
    }

    public static SeedPrecisionAtK train(int k) {
        return new SeedPrecisionAtK(false, k);
    }

    public static SeedPrecisionAtK test(int k) {
        return new SeedPrecisionAtK(true, k);
    }

    @Override
    public void addUser(RankedUser user) {
        users++;
        hits += user.hitsAmongAllItems(heldOut);
    }

    @Override
    public void merge(MetricAccumulator other) {
        SeedPrecisionAtK o = (SeedPrecisionAtK) other;
        users += o.users;
        hits += o.hits;
    }

    @Override
    public double value() {
        return MetricAccumulator.ratio(hits, (double) users * k);
    }
}
