package org.wrmf.als;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.toDense;

/**
 * Fold-in against a trained model's item factors: each trained user's fold-in is compared with the exact
 * solve against the stored items written here densely (every item's confidence, Gaussian elimination,
 * no Gram trick), and, the model being consistent (its last half-iteration is a user solve), with the
 * stored user factors themselves.
 */
class FoldInTest {
    private static final int USERS = 19;
    private static final int ITEMS = 13;
    private static final int RANK = 3;
    private static final double[][] WEIGHTS = randomWeights(USERS, ITEMS, 0.35, 5);

    private static AlsParams params(Confidence confidence) {
        return TestParams.als().factors(RANK).regularizationUsers(0.4).regularizationItems(0.2).alpha(3.0)
                .confidence(confidence).epsilon(0.5).blocks(2).seed(3L).checkpointInterval(0).build();
    }

    @Test
    void trainedUsersFoldInToTheExactSolveAgainstTheItems() {
        for (Confidence confidence : Confidence.values()) {
            AlsParams p = params(confidence);
            try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 3), USERS, ITEMS, p)) {
                als.initialize();
                als.iterate(4);
                FactorModel model = als.model();
                double[][] items = toDense(model.items(), ITEMS);
                double[][] stored = toDense(model.users(), USERS);
                FoldIn.FixedItems fixed = FoldIn.FixedItems.of(model.items(), RANK);
                Map<Integer, double[]> folded = FoldIn.solve(ratings(WEIGHTS, 2), fixed, p, 3).collectAsMap();
                for (int u = 0; u < USERS; u++) {
                    double[] expected = exactSolve(WEIGHTS[u], items, p);
                    boolean liked = java.util.Arrays.stream(WEIGHTS[u]).anyMatch(d -> !Double.isNaN(d));
                    assertEquals(liked, folded.containsKey(u), "user " + u + " is folded in iff it has likes");
                    if (liked) {
                        for (int f = 0; f < RANK; f++) {
                            assertEquals(expected[f], folded.get(u)[f], 1e-6 * (1 + Math.abs(expected[f])),
                                    confidence + ", user " + u + ", factor " + f);
                            // BM25 trains on reweighted likes: folding in the raw ones is another system
                            if (confidence != Confidence.BM25) {
                                assertEquals(stored[u][f], folded.get(u)[f], 1e-6 * (1 + Math.abs(stored[u][f])),
                                        confidence + ": fold-in gives user " + u + "'s stored factor " + f);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void localAndDistributedFoldInAgree() {
        AlsParams p = params(Confidence.LINEAR);
        double[][] items = AlsTestSupport.randomFactors(ITEMS, RANK, 9);
        double[] packed = new double[ITEMS * RANK];
        for (int i = 0; i < ITEMS; i++) {
            System.arraycopy(items[i], 0, packed, i * RANK, RANK);
        }
        FoldIn.FixedItems fixed = FoldIn.FixedItems.of(packed, ITEMS, RANK);
        JavaRDD<Rating> likes = ratings(WEIGHTS, 2);
        Map<Integer, double[]> distributed = FoldIn.solve(likes, fixed, p, 4).collectAsMap();
        List<Tuple2<Integer, double[]>> local = FoldIn.solveLocal(likes.collect(), fixed, p);
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
        FoldIn.FixedItems fixed = FoldIn.FixedItems.of(new double[2 * RANK], 2, RANK);
        assertThrows(IllegalArgumentException.class,
                () -> FoldIn.solveLocal(List.of(new Rating(0, 2, 1f)), fixed, p));
        assertTrue(FoldIn.solveLocal(new ArrayList<>(), fixed, p).isEmpty());
        JavaRDD<Rating> none = SparkTestSession.jsc().parallelize(List.of(), 2);
        assertTrue(FoldIn.solve(none, fixed, p, 2).collect().isEmpty());
    }

    /** x = (sum_i c_i y_i y_i^T + lambda I)^-1 sum_i c_i p_i y_i over every item, c = 1 where not liked. */
    static double[] exactSolve(double[] weights, double[][] items, AlsParams p) {
        double[][] a = new double[RANK][RANK];
        double[] b = new double[RANK];
        for (int i = 0; i < items.length; i++) {
            boolean liked = !Double.isNaN(weights[i]);
            double c = liked ? p.confidence().apply(p.alpha(), p.epsilon(), weights[i]) : 1;
            for (int f = 0; f < RANK; f++) {
                b[f] += liked ? c * items[i][f] : 0;
                for (int g = 0; g < RANK; g++) {
                    a[f][g] += c * items[i][f] * items[i][g];
                }
            }
        }
        for (int f = 0; f < RANK; f++) {
            a[f][f] += p.regUsers();
        }
        return DenseReferenceAls.gaussianElimination(a, b);
    }
}
