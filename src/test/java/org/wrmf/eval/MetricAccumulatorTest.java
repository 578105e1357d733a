package org.wrmf.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wrmf.rank.Ranking;
import org.wrmf.rank.Scored;

/**
 * Each metric on a toy case worked out by hand: k = 2, five items whose factors are the unit vectors,
 * so a user's score of item i is x_u[i], every row's x_u' G x_u is |x_u|^2 = 55, and the rankings are
 * read off the factors.
 * <pre>
 *   user  x_u              train   held out  top 2 over all  top 2 without train  negatives  correct pairs
 *   A     [5, 3, 4, 2, 1]  {0}     {2, 3}    0, 2            2, 1                 {1, 4}     2>1, 2>4, 3>4: 3
 *   B     [2, 5, 1, 4, 3]  {1, 3}  {0}       1, 3            4, 0                 {2, 4}     0>2: 1
 *   C     [1, 2, 3, 4, 5]  {4}     {}        4, 3            3, 2                 (not ranked)
 * </pre>
 */
class MetricAccumulatorTest {
    private static final int K = 2;
    private static final int ITEMS = 5;
    private static final double EPS = 1e-15;

    private record Toy(double[] x, TrainTestLikes likes, Ranking ranking) {}

    private static final Toy A = new Toy(
            new double[] {5, 3, 4, 2, 1},
            new TrainTestLikes(new int[] {0}, new int[] {2, 3}),
            new Ranking(top(2, 4, 1, 3), top(0, 5, 2, 4), 2, 2 * 3));
    private static final Toy B = new Toy(
            new double[] {2, 5, 1, 4, 3},
            new TrainTestLikes(new int[] {1, 3}, new int[] {0}),
            new Ranking(top(4, 3, 0, 2), top(1, 5, 3, 4), 2, 2 * 1));
    private static final Toy C = new Toy(
            new double[] {1, 2, 3, 4, 5},
            new TrainTestLikes(new int[] {4}, new int[0]),
            new Ranking(top(3, 4, 2, 3), top(4, 5, 3, 4), 0, 0));
    private static final List<Toy> USERS = List.of(A, B, C);

    private static Scored[] top(int first, double firstScore, int second, double secondScore) {
        return new Scored[] {new Scored(first, firstScore), new Scored(second, secondScore)};
    }

    private static <T extends MetricAccumulator> T fill(T accumulator, List<Toy> users) {
        for (Toy user : users) {
            for (int item : user.likes().test()) {
                accumulator.addLike(true, user.x()[item]);
            }
            for (int item : user.likes().train()) {
                accumulator.addLike(false, user.x()[item]);
            }
            accumulator.addUser(new RankedUser(user.ranking(), user.likes(), 55));
        }
        return accumulator;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void notebookPrecisionCountsHitsAmongAllItems() {
        // train hits 1 + 2 + 1, held-out hits 1 + 0 + 0, over 3 users x k
        assertEquals(4.0 / 6, fill(NotebookPrecisionAtK.train(K), USERS).value(), EPS);
        assertEquals(1.0 / 6, fill(NotebookPrecisionAtK.test(K), USERS).value(), EPS);
    }

    @Test
    void fullRowMseAgainstTheTrainingAndHeldOutRows() {
        // A's row against train: (1-5)^2 + 3^2 + 4^2 + 2^2 + 1^2 = 46; B: 4 + 16 + 1 + 9 + 9 = 39; C: 1 + 4 + 9 + 16 +
        // 16 = 46
        assertEquals(
                (46.0 + 39 + 46) / (3 * ITEMS),
                fill(FullRowMse.train(ITEMS), USERS).value(),
                EPS);
        // against held out: A 25 + 9 + 9 + 1 + 1 = 45; B 1 + 25 + 1 + 16 + 9 = 52; C 55 (nothing held out)
        assertEquals(
                (45.0 + 52 + 55) / (3 * ITEMS),
                fill(FullRowMse.test(ITEMS), USERS).value(),
                EPS);
    }

    @Test
    void precisionOverUsersWithHeldOutLikes() {
        // A hits 2 at rank 1, B hits 0 at rank 2; C is not ranked
        assertEquals(2.0 / (2 * K), fill(new PrecisionAtK(K), USERS).value(), EPS);
    }

    @Test
    void recallOverEachUsersHeldOutLikes() {
        assertEquals((1.0 / 2 + 1.0 / 1) / 2, fill(new RecallAtK(K), USERS).value(), EPS);
        // at k = 1 user A's top 1 is {2}, one of its 2 held-out likes: 1 hit / min(1, 2)
        Toy wide = new Toy(A.x(), A.likes(), new Ranking(new Scored[] {new Scored(2, 4)}, top(0, 5, 2, 4), 2, 6));
        assertEquals(
                1.0,
                fill(new RecallAtK(1), List.of(wide)).value(),
                EPS,
                "recall divides by min(k, |test|): one hit in a top 1 is full recall");
    }

    @Test
    void ndcgAgainstTheIdealRanking() {
        double a = 1 / (1 + 1 / log2(3)); // a hit at rank 1, two held out: ideal 1 + 1/log2(3)
        double b = (1 / log2(3)) / 1; // a hit at rank 2, one held out: ideal 1
        assertEquals((a + b) / 2, fill(new Ndcg(K), USERS).value(), EPS);
        assertEquals(0.6220384731684580, fill(new Ndcg(K), USERS).value(), 1e-15);
    }

    @Test
    void averagePrecisionOverMinOfKAndHeldOut() {
        // A: precision 1/1 at its hit, over min(2, 2); B: 1/2 at its hit, over min(2, 1)
        assertEquals(
                (1.0 / 2 + 0.5 / 1) / 2, fill(new AveragePrecision(K), USERS).value(), EPS);
    }

    @Test
    void aucFromTheRankingsPairCounts() {
        // A: 3 of 2 x 2 pairs; B: 1 of 1 x 2; C has no negatives counted and is left out
        assertEquals((3.0 / 4 + 1.0 / 2) / 2, fill(new Auc(), USERS).value(), EPS);
    }

    @Test
    void emptyAccumulatorsAreNaN() {
        for (MetricRegistry.Definition metric : MetricRegistry.ALL) {
            assertEquals(Double.NaN, metric.factory().create(K, ITEMS).value(), metric.name());
        }
    }

    /** Partial accumulators of any split of the users, merged, equal one pass over all of them. */
    @Test
    void mergedPartsEqualOnePass() {
        for (MetricRegistry.Definition metric : MetricRegistry.ALL) {
            double onePass = fill(metric.factory().create(K, ITEMS), USERS).value();
            for (int split = 0; split <= USERS.size(); split++) {
                MetricAccumulator first = fill(metric.factory().create(K, ITEMS), USERS.subList(0, split));
                first.merge(fill(metric.factory().create(K, ITEMS), USERS.subList(split, USERS.size())));
                assertEquals(onePass, first.value(), EPS, metric.name() + " split at " + split);
            }
        }
        MetricSet whole = new MetricSet(K, ITEMS);
        MetricSet left = new MetricSet(K, ITEMS);
        MetricSet right = new MetricSet(K, ITEMS);
        for (Toy user : USERS) {
            MetricSet part = user == A ? left : right;
            for (MetricSet set : List.of(whole, part)) {
                for (int item : user.likes().test()) {
                    set.addLike(true, user.x()[item]);
                }
                for (int item : user.likes().train()) {
                    set.addLike(false, user.x()[item]);
                }
                set.addUser(user.ranking(), user.likes(), 55);
            }
        }
        Metrics merged = left.merge(right).toMetrics();
        assertEquals(whole.toMetrics(), merged);
        assertEquals(3, merged.users());
        assertEquals(0.625, merged.value(Auc.NAME), EPS);
    }

    /** The names are the curves' Parquet columns and the values of wrmf.grid.metric: they never change. */
    @Test
    void registryKeepsTheColumnNames() {
        assertEquals(
                List.of(
                        "p_at_k_train",
                        "p_at_k_test",
                        "mse_train",
                        "mse_test",
                        "precision",
                        "recall",
                        "ndcg",
                        "map",
                        "auc"),
                Metrics.NAMES);
        assertEquals(
                List.of(true, true, false, false, true, true, true, true, true),
                MetricRegistry.ALL.stream()
                        .map(MetricRegistry.Definition::higherIsBetter)
                        .toList());
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.get("p@k"));
    }
}
