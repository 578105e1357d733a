package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import org.wrmf.io.IdMapping;
import org.wrmf.io.SparkMlModelTest;

public class ExplainerTest {

    public static final int N_ITEMS = 12;
    public static final int RANK = 3;
    public static final double ALPHA = 2;
    public static final double LAMBDA = 0.5;

    public static Map<Integer, Float> liked() {
        Map<Integer, Float> liked = new LinkedHashMap<>();
        liked.put(0, 1f);
        liked.put(3, 2f);
        liked.put(5, 1f);
        liked.put(7, 3f);
        return liked;
    }

    /** The exact user factor given the items, from the dense normal equations. */
    public static double[] exactUser(double[][] items, Map<Integer, Float> liked) {
        double[][] a = denseSystem(items, liked);
        double[] b = new double[RANK];
        for (Map.Entry<Integer, Float> like : liked.entrySet()) {
            for (int r = 0; r < RANK; r++) {
                b[r] += (1 + ALPHA * like.getValue()) * items[like.getKey()][r];
            }
        }
        return DenseReferenceAls.solve(a, b);
    }

    /** A = Yᵀ C_u Y + λI over all items, C_u dense. */
    static double[][] denseSystem(double[][] items, Map<Integer, Float> liked) {
        double[][] a = new double[RANK][RANK];
        for (int i = 0; i < items.length; i++) {
            double confidence = liked.containsKey(i) ? 1 + ALPHA * liked.get(i) : 1;
            for (int r = 0; r < RANK; r++) {
                for (int c = 0; c < RANK; c++) {
                    a[r][c] += confidence * items[i][r] * items[i][c];
                }
            }
        }
        for (int r = 0; r < RANK; r++) {
            a[r][r] += LAMBDA;
        }
        return a;
    }

    @Test
    void explainsFromTheModelAndItsLikes() {
        double[][] items = SparkMlModelTest.randomFactors(N_ITEMS, RANK, 8);
        double[][] users = SparkMlModelTest.randomFactors(2, RANK, 9);
        users[1] = exactUser(items, liked());
        List<Rating> likes = new ArrayList<>();
        liked().forEach((item, weight) -> likes.add(new Rating(1, item, weight)));
        likes.add(new Rating(0, 2, 1f));
        FactorModel model = new FactorModel(RANK, SparkMlModelTest.rdd(users), SparkMlModelTest.rdd(items));
        AlsParams params = TestParams.als()
                .factors(RANK)
                .regularization(LAMBDA)
                .alpha(ALPHA)
                .build();
        Explainer.Explanation explanation =
                Explainer.explain(model, SparkTestSession.jsc().parallelize(likes, 2), 1, 4, params, null, N_ITEMS);
        assertEquals(4, explanation.contributions().size(), "only user 1's likes");
        assertEquals(explanation.modelScore(), explanation.total(), 1e-9);
        String text = Explainer.describe(explanation, Map.of(4, "m4 (Target)", 3, "m3 (Liked)"), 2);
        assertTrue(text.startsWith("score of m4 (Target): "), text);
        assertTrue(text.contains("from 4 liked items"), text);
        assertTrue(text.contains("... 2 more"), text);
        assertEquals(4, text.lines().count());

        var ids = SparkMlModelTest.ids("m", N_ITEMS);
        assertEquals(7, IdMapping.index(ids, "m7", "item"));
        assertThrows(IllegalArgumentException.class, () -> IdMapping.index(ids, "nope", "item"));
        assertEquals(Map.of(3, "m3", 4, "m4"), IdMapping.labels(ids, List.of(3, 4)));
    }

    /**
     * A model trained with BM25 confidence (and frequency-scaled lambda, which sums the confidences):
     * explain weighs the user's raw likes with the training's statistics, so the contributions sum to
     * the stored score.
     */
    @Test
    @Slow
    void underBm25TheContributionsSumToTheStoredScore() {
        int users = 17;
        int items = 11;
        double[][] weights = AlsTestSupport.randomWeights(users, items, 0.4, 21);
        AlsParams params = TestParams.als()
                .factors(RANK)
                .regularization(LAMBDA)
                .alpha(ALPHA)
                .confidence(Confidence.BM25)
                .bm25K1(1.2)
                .bm25B(0.75)
                .regularizationScaling(RegularizationScaling.FREQUENCY)
                .regularizationExponent(0.5)
                .blocks(2)
                .build();
        var likes = AlsTestSupport.ratings(weights, 2);
        try (ImplicitAls als = new ImplicitAls(likes, users, items, params)) {
            als.initialize();
            als.iterate(3);
            FactorModel model = als.model();
            for (int user : List.of(0, 4, 9)) {
                for (int item : List.of(2, 6)) {
                    Explainer.Explanation explanation =
                            Explainer.explain(model, likes, user, item, params, als.bm25(), items);
                    assertEquals(
                            explanation.modelScore(), explanation.total(), 1e-9, "user " + user + ", item " + item);
                }
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Explainer.explain(model, likes, 0, 2, params, null, items),
                    "BM25 needs the statistics");
        }
    }

    @Test
    void contributionsSumToTheExactScore() {
        double[][] items = SparkMlModelTest.randomFactors(N_ITEMS, RANK, 7);
        Map<Integer, Float> liked = liked();
        double[][] a = denseSystem(items, liked);
        double[] user = exactUser(items, liked);

        for (int item = 0; item < N_ITEMS; item++) {
            Explainer.Explanation explanation =
                    Explainer.explain(SparkMlModelTest.rdd(items), user, liked, item, LAMBDA, d -> 1 + ALPHA * d);
            double score = 0;
            for (int r = 0; r < RANK; r++) {
                score += user[r] * items[item][r];
            }
            assertEquals(score, explanation.modelScore(), 1e-12);
            assertEquals(score, explanation.total(), 1e-9 * (1 + Math.abs(score)), "item " + item);
            assertEquals(liked.size(), explanation.contributions().size());
            double sum = 0;
            double previous = Double.POSITIVE_INFINITY;
            for (Explainer.Contribution contribution : explanation.contributions()) {
                assertTrue(contribution.contribution() <= previous, "sorted, largest first");
                previous = contribution.contribution();
                sum += contribution.contribution();
                // s_ij c_uj with s_ij = y_iᵀ A⁻¹ y_j, A⁻¹ y_j from the dense reference solve
                int j = contribution.likedItem();
                double[] wj = DenseReferenceAls.solve(a, items[j]);
                double s = 0;
                for (int r = 0; r < RANK; r++) {
                    s += items[item][r] * wj[r];
                }
                assertEquals(s * (1 + ALPHA * liked.get(j)), contribution.contribution(), 1e-9);
            }
            assertEquals(explanation.total(), sum, 1e-12);
        }
    }
}
