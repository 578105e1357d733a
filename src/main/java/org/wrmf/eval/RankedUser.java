package org.wrmf.eval;

import java.util.Arrays;
import org.wrmf.rank.Ranking;
import org.wrmf.rank.Scored;

/**
 * One evaluated user as the metrics see it: its ranking (the top k with training likes excluded, and
 * the top k over all items), its sorted training and held-out likes, and x_u' G x_u. Which ranks of
 * the excluded top hold a held-out like is found once here for all the ranking metrics.
 */
public final class RankedUser {
    private final Ranking ranking;
    private final TrainTestLikes likes;
    private final double quadratic;
    private final boolean[] heldOutHits;
    private final int hits;

    RankedUser(Ranking ranking, TrainTestLikes likes, double quadratic) {
        this.ranking = ranking;
        this.likes = likes;
        this.quadratic = quadratic;
        Scored[] top = ranking.top();
        this.heldOutHits = new boolean[top.length];
        int count = 0;
        for (int r = 0; r < top.length; r++) {
            heldOutHits[r] = Arrays.binarySearch(likes.test(), top[r].id()) >= 0;
            count += heldOutHits[r] ? 1 : 0;
        }
        this.hits = count;
    }

    /**
     * A user known only by a ranked list of item ids (best first) and its held-out likes, as an evaluator
     * of recommendation lists sees it: the metrics of the top with training likes excluded apply
     * ({@link PrecisionAtK}, {@link RecallAtK}, {@link Ndcg}, {@link AveragePrecision}); those that need
     * every item's score or the training likes (the notebook's precision, the errors, AUC) do not.
     */
    public static RankedUser ofList(int[] top, int[] heldOut) {
        Scored[] ranked = new Scored[top.length];
        for (int r = 0; r < top.length; r++) {
            ranked[r] = new Scored(top[r], top.length - r);
        }
        int[] test = heldOut.clone();
        Arrays.sort(test);
        return new RankedUser(
                new Ranking(ranked, new Scored[0], 0, 0), new TrainTestLikes(new int[0], test), Double.NaN);
    }

    public Ranking ranking() {
        return ranking;
    }

    public int[] train() {
        return likes.train();
    }

    public int[] test() {
        return likes.test();
    }

    /** x_u' G x_u: the squared error of the user's full row as if every cell were unobserved. */
    public double quadratic() {
        return quadratic;
    }

    /** Whether rank r (0 = best) of the top with training likes excluded is a held-out like. */
    public boolean heldOutAt(int r) {
        return heldOutHits[r];
    }

    /** Held-out likes in the top with training likes excluded. */
    public int hits() {
        return hits;
    }

    /** Likes (held out, or training) in the top over all items, where training likes compete. */
    public int hitsAmongAllItems(boolean heldOut) {
        int[] sorted = heldOut ? likes.test() : likes.train();
        int n = 0;
        for (Scored s : ranking.unexcludedTop()) {
            if (Arrays.binarySearch(sorted, s.id()) >= 0) {
                n++;
            }
        }
        return n;
    }
}
