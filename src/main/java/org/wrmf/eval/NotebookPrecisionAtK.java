package org.wrmf.eval;

/**
 * The notebook's precision at k: the top k over ALL items (training likes compete, which is why the notebook's
 * test p@5 is 0.047), hits counted in the training likes ({@value #TRAIN}) or in the held-out likes
 * ({@value #TEST}), divided by k, averaged over every evaluated user.
 */
public final class NotebookPrecisionAtK extends UserMean {
    public static final String TRAIN = "p_at_k_train";
    public static final String TEST = "p_at_k_test";

    private final boolean heldOut;
    private final int k;

    private NotebookPrecisionAtK(boolean heldOut, int k) {
        this.heldOut = heldOut;
        this.k = k;
    }

    public static NotebookPrecisionAtK train(int k) {
        return new NotebookPrecisionAtK(false, k);
    }

    public static NotebookPrecisionAtK test(int k) {
        return new NotebookPrecisionAtK(true, k);
    }

    @Override
    boolean counts(RankedUser user) {
        return true;
    }

    @Override
    double userValue(RankedUser user) {
        return user.hitsAmongAllItems(heldOut);
    }

    @Override
    double scale() {
        return k;
    }
}
