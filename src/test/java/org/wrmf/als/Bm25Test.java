package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;

class Bm25Test {
    /**
     * 4 users, 2 items, k1 = 1, b = 0.5: user 0 liked item 0 (d = 1) and item 1 (d = 2, given as 0.5 + 1.5),
     * user 1 liked item 0 (d = 3); users 2 and 3 liked nothing. len = 3, 3, 0, 0, avg_len = 1.5, so
     * 1 - b + b len / avg = 1.5 for users 0 and 1; idf_0 = log(4 / 3), idf_1 = log(4 / 2).
     */
    private static final List<Rating> LIKES =
            List.of(new Rating(0, 0, 1f), new Rating(0, 1, 0.5f), new Rating(0, 1, 1.5f), new Rating(1, 0, 3f));

    /** k1 = 1, b = 0.5 (alpha does not enter the weights). */
    private static final Confidence.Bm25Weighted FORM = new Confidence.Bm25Weighted(1, 1, 0.5);

    private static final Map<String, Double> EXPECTED = Map.of(
            "0,0", 1 * 2 / (1 + 1.5) * Math.log(4.0 / 3),
            "0,1", 2 * 2 / (2 + 1.5) * Math.log(2),
            "1,0", 3 * 2 / (3 + 1.5) * Math.log(4.0 / 3));

    @Test
    void weighsAHandComputedExampleOnSpark() {
        Bm25.Weighted weighted = Bm25.weigh(SparkTestSession.jsc().parallelize(LIKES, 2), 4, 2, FORM);
        Map<String, Double> got = new HashMap<>();
        for (Rating r : weighted.likes().collect()) {
            got.put(r.user() + "," + r.item(), (double) r.weight());
        }
        weighted.likes().unpersist(false);
        assertEquals(EXPECTED.keySet(), got.keySet());
        EXPECTED.forEach((key, w) -> assertEquals(w, got.get(key), 1e-6, key));
        assertHandComputedStatistics(weighted.statistics());
    }

    @Test
    void weighsTheSameExampleInCompressedRows() {
        Bm25.WeightedRows rows =
                Bm25.weigh(CompressedRows.of(LIKES, 4, Side.USERS), CompressedRows.of(LIKES, 2, Side.ITEMS), FORM);
        assertEquals(EXPECTED.get("0,0"), rows.byUser().weight()[0], 1e-6);
        assertEquals(EXPECTED.get("0,1"), rows.byUser().weight()[1], 1e-6);
        assertEquals(EXPECTED.get("1,0"), rows.byUser().weight()[2], 1e-6);
        assertEquals(EXPECTED.get("0,0"), rows.byItem().weight()[0], 1e-6); // item 0: users 0, 1
        assertEquals(EXPECTED.get("1,0"), rows.byItem().weight()[1], 1e-6);
        assertEquals(EXPECTED.get("0,1"), rows.byItem().weight()[2], 1e-6);
        assertHandComputedStatistics(rows.statistics());
    }

    /** A row weighed later with the statistics (a user folded in) gets the weights training gave it. */
    @Test
    void theStatisticsWeighARowAsTrainingDid() {
        Bm25.Statistics statistics = Bm25.weigh(
                        CompressedRows.of(LIKES, 4, Side.USERS), CompressedRows.of(LIKES, 2, Side.ITEMS), FORM)
                .statistics();
        List<Rating> user0 = LIKES.stream().filter(r -> r.user() == 0).toList();
        CompressedRows row = statistics.weighUsers(CompressedRows.of(user0, 1, Side.USERS), FORM);
        assertEquals(EXPECTED.get("0,0"), row.weight()[0], 1e-6);
        assertEquals(EXPECTED.get("0,1"), row.weight()[1], 1e-6);
    }

    private static void assertHandComputedStatistics(Bm25.Statistics statistics) {
        assertEquals(4, statistics.users());
        assertEquals(1.5, statistics.averageLength(), 1e-15);
        assertEquals(2, statistics.items());
        assertEquals(Math.log(4.0 / 3), statistics.idf()[0], 1e-15);
        assertEquals(Math.log(2), statistics.idf()[1], 1e-15);
    }

    /** An item every user liked gets idf 0 (clamped), not a negative weight. */
    @Test
    void idfIsClampedAtZero() {
        assertEquals(0, Bm25.idf(4, 4));
        assertEquals(Math.log(4.0 / 3), Bm25.idf(2, 4), 1e-15);
    }

    /** With confidence bm25 both engines train on the weighted likes and still agree. */
    @Test
    void engineAndInMemoryTrainerAgreeUnderBm25() {
        double[][] weights = AlsTestSupport.randomWeights(20, 15, 0.3, 4);
        var likes = AlsTestSupport.ratings(weights, 2);
        AlsParams params = TestParams.als()
                .factors(3)
                .alpha(2)
                .confidence(Confidence.BM25)
                .bm25K1(1.2)
                .bm25B(0.75)
                .blocks(2)
                .build();
        List<Rating> local = likes.collect();
        LocalImplicitAls trainer = new LocalImplicitAls(
                CompressedRows.of(local, 20, Side.USERS), CompressedRows.of(local, 15, Side.ITEMS), params);
        trainer.iterate(2);
        try (ImplicitAls engine = new ImplicitAls(likes, 20, 15, params)) {
            engine.initialize();
            engine.iterate(2);
            double[][] items = AlsTestSupport.toDense(engine.model().items(), 15);
            double[][] expected = new double[15][3];
            for (int i = 0; i < 15; i++) {
                System.arraycopy(trainer.items(), i * 3, expected[i], 0, 3);
            }
            assertEquals(0, AlsTestSupport.relativeDifference(items, expected), 1e-6);
        }
    }
}
