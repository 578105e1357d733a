package org.wrmf.eval;

import java.util.ArrayList;
import java.util.List;
import org.wrmf.linalg.Gram;
import org.wrmf.rank.BlockScorer;
import org.wrmf.rank.CandidateBlock;
import org.wrmf.rank.QueryBlock;
import org.wrmf.rank.QueryRow;
import org.wrmf.rank.RankOptions;
import org.wrmf.rank.Ranking;
import scala.Tuple2;

/**
 * Scores a group of evaluated users against all the items in memory: the path of the evaluator when
 * the item factors are small enough to broadcast, one call per user partition. Spark-free: the users'
 * observed likes are scored directly (no joins), the ranking is the same {@link BlockScorer} pass.
 */
public final class LocalEvaluation {
    private LocalEvaluation() {}

    /**
     * @param users (user, (factors, likes)) of the evaluated users in one partition
     * @param items every item, packed and sorted by id
     * @param gram  YᵀY of those items
     * @param numItems the number of items of the indexed data (the MSE's row length)
     */
    public static MetricSet score(
            List<Tuple2<Integer, Tuple2<double[], TrainTestLikes>>> users,
            CandidateBlock items,
            double[] gram,
            int k,
            int numItems) {
        MetricSet sums = new MetricSet(k, numItems);
        if (users.isEmpty()) {
            return sums;
        }
        List<Tuple2<Integer, QueryRow>> rows = new ArrayList<>(users.size());
        for (Tuple2<Integer, Tuple2<double[], TrainTestLikes>> user : users) {
            double[] x = user._2()._1();
            TrainTestLikes likes = user._2()._2();
            double[] testScores = scores(items, likes.test(), x);
            for (double score : testScores) {
                sums.addLike(true, score);
            }
            for (double score : scores(items, likes.train(), x)) {
                sums.addLike(false, score);
            }
            boolean hasPositives = testScores.length > 0;
            rows.add(new Tuple2<>(
                    user._1(),
                    new QueryRow(
                            x, likes.train(), hasPositives ? likes.test() : null, hasPositives ? testScores : null)));
        }
        QueryBlock block = QueryBlock.pack(rows.iterator(), false);
        Ranking[] rankings = BlockScorer.score(block, items, k, RankOptions.EVALUATE);
        for (int q = 0; q < rankings.length; q++) {
            Tuple2<double[], TrainTestLikes> user = users.get(q)._2();
            sums.addUser(rankings[q], user._2(), Gram.quadratic(gram, user._1()));
        }
        return sums;
    }

    /** x . y_item of each item as the ranking pass scores pairs, the items found by binary search among the sorted ids. */
    private static double[] scores(CandidateBlock items, int[] liked, double[] x) {
        int[] offsets = new int[liked.length];
        for (int j = 0; j < liked.length; j++) {
            int at = java.util.Arrays.binarySearch(items.ids, liked[j]);
            if (at < 0) {
                throw new IllegalArgumentException("item " + liked[j] + " has no factors");
            }
            offsets[j] = at * items.rank;
        }
        double[] scores = new double[liked.length];
        BlockScorer.pairScores(x, items.factors, offsets, scores);
        return scores;
    }
}
