package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import scala.Tuple2;

/**
 * Fold-in against a trained model's item factors: each trained user's fold-in is compared with the exact
 * solve against the stored items written here densely (every item's confidence, Gaussian elimination,
 * no Gram trick), and, the model being consistent (its last half-iteration is a user solve), with the
 * stored user factors themselves. Under BM25 the dense reference weighs the likes itself, from the
 * document frequencies and row lengths counted here.
 */
class FoldInTest {
    private static final int USERS = 19;
    private static final int ITEMS = 13;
    private static final int RANK = 3;
    private static final double[][] WEIGHTS = randomWeights(USERS, ITEMS, 0.35, 5);

    private static AlsParams params(String confidence) {
        return TestParams.als()
                .factors(RANK)
                .regularizationUsers(0.4)
                .regularizationItems(0.2)
                .alpha(3.0)
                .confidence(confidence)
                .epsilon(0.5)
                .bm25K1(1.2)
                .bm25B(0.75)
                .blocks(2)
                .seed(3L)
                .checkpointInterval(0)
                .build();
    }

    @Test
    void trainedUsersFoldInToTheExactSolveAgainstTheItems() {
        for (String confidence : List.of(Confidence.LINEAR, Confidence.LOG, Confidence.BM25)) {
            AlsParams p = params(confidence);
            try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 3), USERS, ITEMS, p)) {
                als.initialize();
                als.iterate(4);
                FactorModel model = als.model();
                double[][] items = toDense(model.items(), ITEMS);
                double[][] stored = toDense(model.users(), USERS);
                FoldIn.FixedFactors fixed = FoldIn.FixedFactors.of(model.items(), RANK);
                double[][] weights = WEIGHTS;
                if (confidence.equals(Confidence.BM25)) {
                    assertStatisticsCountedByHand(als.bm25());
                    weights = bm25Weights(p);
                } else {
                    assertNull(als.bm25());
                }
                // the raw likes: fold-in weighs them (under BM25) with the training's statistics
                Map<Integer, double[]> folded = FoldIn.solve(ratings(WEIGHTS, 2), fixed, p, als.bm25(), 3)
                        .collectAsMap();
                for (int u = 0; u < USERS; u++) {
                    double[] expected = exactSolve(weights[u], items, p);
                    boolean liked = java.util.Arrays.stream(WEIGHTS[u]).anyMatch(d -> !Double.isNaN(d));
                    assertEquals(liked, folded.containsKey(u), "user " + u + " is folded in iff it has likes");
                    if (liked) {
                        for (int f = 0; f < RANK; f++) {
                            assertEquals(
                                    expected[f],
                                    folded.get(u)[f],
                                    1e-6 * (1 + Math.abs(expected[f])),
                                    confidence + ", user " + u + ", factor " + f);
                            assertEquals(
                                    stored[u][f],
                                    folded.get(u)[f],
                                    1e-6 * (1 + Math.abs(stored[u][f])),
                                    confidence + ": fold-in gives user " + u + "'s stored factor " + f);
                        }
                    }
                }
            }
        }
    }

    /** N (every user, the one without likes too), avg_len and idf, counted from the likes matrix. */
    private static void assertStatisticsCountedByHand(Bm25.Statistics statistics) {
        assertEquals(USERS, statistics.users());
        assertEquals(averageLength(), statistics.averageLength(), 1e-12);
        assertEquals(ITEMS, statistics.items());
        for (int i = 0; i < ITEMS; i++) {
            assertEquals(idf(i), statistics.idf()[i], 1e-12, "idf of item " + i);
        }
    }

    private static double rowLength(int u) {
        return java.util.Arrays.stream(WEIGHTS[u]).filter(d -> !Double.isNaN(d)).sum();
    }

    private static double averageLength() {
        double total = 0;
        for (int u = 0; u < USERS; u++) {
            total += rowLength(u);
        }
        return total / USERS;
    }

    /** log(N / (1 + df_i)), clamped at 0, with df_i the users who liked item i. */
    private static double idf(int item) {
        int df = 0;
        for (double[] row : WEIGHTS) {
            df += Double.isNaN(row[item]) ? 0 : 1;
        }
        return Math.max(0, Math.log((double) USERS / (1 + df)));
    }

    /** The BM25 weight of every like (NaN where none), as floats like the trainer's. */
    private static double[][] bm25Weights(AlsParams p) {
        Confidence.Bm25Weighted form = (Confidence.Bm25Weighted) p.objective().confidence();
        double k1 = form.k1();
        double b = form.b();
        double[][] w = new double[USERS][ITEMS];
        for (int u = 0; u < USERS; u++) {
            double norm = 1 - b + b * rowLength(u) / averageLength();
            for (int i = 0; i < ITEMS; i++) {
                double d = WEIGHTS[u][i];
                w[u][i] = Double.isNaN(d) ? Double.NaN : (float) (d * (k1 + 1) / (d + k1 * norm) * idf(i));
            }
        }
        return w;
    }

    @Test
    void localAndDistributedFoldInAgree() {
        AlsParams p = params(Confidence.LINEAR);
        double[][] items = AlsTestSupport.randomFactors(ITEMS, RANK, 9);
        double[] packed = new double[ITEMS * RANK];
        for (int i = 0; i < ITEMS; i++) {
            System.arraycopy(items[i], 0, packed, i * RANK, RANK);
        }
        FoldIn.FixedFactors fixed = FoldIn.FixedFactors.of(packed, ITEMS, RANK);
        JavaRDD<Rating> likes = ratings(WEIGHTS, 2);
        Map<Integer, double[]> distributed =
                FoldIn.solve(likes, fixed, p, null, 4).collectAsMap();
        List<Tuple2<Integer, double[]>> local = FoldIn.solveLocal(likes.collect(), fixed, p, null);
        assertEquals(distributed.size(), local.size());
        for (Tuple2<Integer, double[]> user : local) {
            double[] expected = exactSolve(WEIGHTS[user._1()], items, p);
            for (int f = 0; f < RANK; f++) {
                assertEquals(expected[f], user._2()[f], 1e-9);
                assertEquals(user._2()[f], distributed.get(user._1())[f], 1e-12);
            }
        }
    }

    @Test
    void anItemWithoutFactorsIsRefusedAndNoLikesGiveNoUsers() {
        AlsParams p = params(Confidence.LINEAR);
        FoldIn.FixedFactors fixed = FoldIn.FixedFactors.of(new double[2 * RANK], 2, RANK);
        assertThrows(
                IllegalArgumentException.class, () -> FoldIn.solveLocal(List.of(new Rating(0, 2, 1f)), fixed, p, null));
        assertTrue(FoldIn.solveLocal(new ArrayList<>(), fixed, p, null).isEmpty());
        JavaRDD<Rating> none = SparkTestSession.jsc().parallelize(List.of(), 2);
        assertTrue(FoldIn.solve(none, fixed, p, null, 2).collect().isEmpty());
        Bm25.Statistics statistics = new Bm25.Statistics(3, 1.5, new double[2]);
        assertThrows(
                IllegalArgumentException.class,
                () -> FoldIn.solveLocal(List.of(), fixed, p, statistics),
                "statistics without BM25");
        assertThrows(
                IllegalArgumentException.class,
                () -> FoldIn.solveLocal(List.of(), fixed, params(Confidence.BM25), null),
                "BM25 without statistics");
    }

    /**
     * The item side: each item's fold-in against fixed users is the exact item solve, the dense user solve
     * with the roles swapped and the items' lambda (0.2 here, the users' being 0.4).
     */
    @Test
    void itemsFoldInToTheExactSolveAgainstFixedUsers() {
        AlsParams p = params(Confidence.LOG);
        double[][] users = AlsTestSupport.randomFactors(USERS, RANK, 11);
        double[] packed = new double[USERS * RANK];
        for (int u = 0; u < USERS; u++) {
            System.arraycopy(users[u], 0, packed, u * RANK, RANK);
        }
        FoldIn.FixedFactors fixed = FoldIn.FixedFactors.of(packed, USERS, RANK);
        Map<Integer, double[]> items =
                FoldIn.solve(ratings(WEIGHTS, 2), Side.ITEMS, fixed, p, null, 3).collectAsMap();
        int liked = 0;
        for (int i = 0; i < ITEMS; i++) {
            double[] column = new double[USERS];
            boolean any = false;
            for (int u = 0; u < USERS; u++) {
                column[u] = WEIGHTS[u][i];
                any |= !Double.isNaN(column[u]);
            }
            if (!any) {
                continue;
            }
            liked++;
            double[] expected = exactSolve(column, users, p, p.objective().regularizationItems());
            for (int f = 0; f < RANK; f++) {
                assertEquals(expected[f], items.get(i)[f], 1e-9, "item " + i + " factor " + f);
            }
        }
        assertEquals(liked, items.size());
        assertThrows(
                IllegalArgumentException.class,
                () -> FoldIn.solveLocal(List.of(), Side.ITEMS, fixed, params(Confidence.BM25), null),
                "BM25 weighs user rows: items are folded in from weighted likes");
    }

    /** x = (sum_i c_i y_i y_i^T + lambda I)^-1 sum_i c_i p_i y_i over every item, c = 1 where not liked. */
    static double[] exactSolve(double[] weights, double[][] items, AlsParams p) {
        return exactSolve(weights, items, p, p.objective().regularizationUsers());
    }

    /** The same with the row's lambda given (an item's, when the "items" are users). */
    static double[] exactSolve(double[] weights, double[][] items, AlsParams p, double lambda) {
        double[][] a = new double[RANK][RANK];
        double[] b = new double[RANK];
        for (int i = 0; i < items.length; i++) {
            boolean liked = !Double.isNaN(weights[i]);
            double c = liked ? p.objective().confidence(weights[i]) : 1;
            for (int f = 0; f < RANK; f++) {
                b[f] += liked ? c * items[i][f] : 0;
                for (int g = 0; g < RANK; g++) {
                    a[f][g] += c * items[i][f] * items[i][g];
                }
            }
        }
        for (int f = 0; f < RANK; f++) {
            a[f][f] += lambda;
        }
        return DenseReferenceAls.gaussianElimination(a, b);
    }
}
