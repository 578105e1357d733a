package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomFactors;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;
import static org.wrmf.als.AlsTestSupport.toRdd;

import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wrmf.Slow;
import org.wrmf.TestParams;
import scala.Tuple2;

class ImplicitAlsTest {
    private static final int USERS = 23;
    private static final int ITEMS = 17;
    private static final int RANK = 3;
    private static final double[][] WEIGHTS = randomWeights(USERS, ITEMS, 0.3, 7);

    private static AlsParams params(int blocks) {
        return TestParams.als()
                .factors(RANK)
                .regularizationUsers(0.5)
                .regularizationItems(0.2)
                .alpha(2.0)
                .blocks(blocks)
                .seed(11L)
                .checkpointInterval(0)
                .build();
    }

    private static DenseReferenceAls reference(AlsParams p) {
        return new DenseReferenceAls(
                WEIGHTS,
                p.objective().alpha(),
                p.objective().confidence() instanceof Confidence.Log,
                p.objective().confidence() instanceof Confidence.Log log ? log.epsilon() : 1,
                p.objective().regularizationUsers(),
                p.objective().regularizationItems());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    @Slow
    void choleskyMatchesDenseReferenceFromGivenFactors(int blocks) {
        double[][] startUsers = randomFactors(USERS, RANK, 1);
        double[][] startItems = randomFactors(ITEMS, RANK, 2);
        AlsParams p = params(blocks);
        DenseReferenceAls dense = reference(p);
        dense.start(startUsers, startItems);
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 3), USERS, ITEMS, p)) {
            als.warmStart(new FactorModel(RANK, toRdd(startUsers), toRdd(startItems)));
            als.iterate(1);
            dense.iterate(1);
            assertAgrees(dense, als.model(), 1e-6);
            als.iterate(4);
            dense.iterate(4);
            assertAgrees(dense, als.model(), 1e-6);
        }
    }

    @Test
    void logConfidenceAndInitializeMatchDenseReference() {
        AlsParams p = TestParams.als()
                .factors(RANK)
                .regularizationUsers(0.1)
                .regularizationItems(1.0)
                .alpha(3.0)
                .confidence(Confidence.LOG)
                .epsilon(0.5)
                .blocks(2)
                .seed(5L)
                .checkpointInterval(0)
                .build();
        DenseReferenceAls dense = reference(p);
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            FactorModel start = als.model();
            dense.start(toDense(start.users(), USERS), toDense(start.items(), ITEMS));
            als.iterate(5);
            dense.iterate(5);
            assertAgrees(dense, als.model(), 1e-6);
        }
    }

    @Test
    @Slow
    void lossMatchesDenseLossAndNeverRises() {
        AlsParams p = params(2);
        DenseReferenceAls dense = reference(p);
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            FactorModel start = als.model();
            dense.start(toDense(start.users(), USERS), toDense(start.items(), ITEMS));
            dense.finish();
            double previous = als.loss();
            assertEquals(dense.loss(), previous, 1e-9 * dense.loss());
            for (int t = 0; t < 8; t++) {
                als.iterate(1);
                dense.iterate(1);
                dense.finish();
                double loss = als.loss();
                assertEquals(dense.loss(), loss, 1e-8 * dense.loss(), "iteration " + (t + 1));
                assertTrue(loss <= previous * (1 + 1e-12), "loss rose from " + previous + " to " + loss);
                previous = loss;
            }
        }
    }

    /**
     * Each regularization scaling, per row as the reference counts it from its dense matrices, both
     * sides, from given factors: the engine's factors and loss parts agree to 1e-9.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT:1", "COUNT:1", "COUNT:0.5", "FREQUENCY:1", "FREQUENCY:0.7"})
    void regularizationScalingMatchesDenseReference(String form) {
        RegularizationScaling scaling = RegularizationScaling.valueOf(form.split(":")[0]);
        double nu = Double.parseDouble(form.split(":")[1]);
        AlsParams p = TestParams.from(params(3))
                .regularizationScaling(scaling)
                .regularizationExponent(nu)
                .build();
        DenseReferenceAls dense = reference(p).scaled(scaling, nu);
        dense.start(randomFactors(USERS, RANK, 1), randomFactors(ITEMS, RANK, 2));
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 3), USERS, ITEMS, p)) {
            als.warmStart(new FactorModel(RANK, toRdd(dense.users), toRdd(dense.items)));
            als.iterate(3);
            dense.iterate(3);
            assertAgrees(dense, als.model(), 1e-9);
            Loss loss = als.lossParts();
            double[] expected = dense.lossParts();
            assertEquals(expected[0], loss.observed(), 1e-9 * expected[0], "observed");
            assertEquals(expected[1], loss.unobserved(), 1e-9 * expected[1], "unobserved");
            assertEquals(expected[2], loss.regularization(), 1e-9 * expected[2], "regularization");
        }
    }

    @Test
    void countScalingChangesTheModel() {
        try (ImplicitAls constant = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, params(2));
                ImplicitAls count = new ImplicitAls(
                        ratings(WEIGHTS, 2),
                        USERS,
                        ITEMS,
                        TestParams.from(params(2))
                                .regularizationScaling(RegularizationScaling.COUNT)
                                .regularizationExponent(1)
                                .build())) {
            constant.initialize();
            count.initialize();
            constant.iterate(2);
            count.iterate(2);
            assertTrue(relativeDifference(
                            toDense(constant.model().items(), ITEMS),
                            toDense(count.model().items(), ITEMS))
                    > 1e-3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT", "COUNT", "FREQUENCY"})
    @Slow
    void conjugateGradientReachesExactLossWithinOneThousandth(String scaling) {
        AlsParams exact = TestParams.from(params(2))
                .regularizationScaling(RegularizationScaling.valueOf(scaling))
                .regularizationExponent(0.8)
                .build();
        double exactLoss;
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, exact)) {
            als.initialize();
            als.iterate(15);
            exactLoss = als.loss();
        }
        try (ImplicitAls als = new ImplicitAls(
                ratings(WEIGHTS, 2),
                USERS,
                ITEMS,
                TestParams.from(exact).solver(Solver.CG).build())) {
            als.initialize();
            double previous = als.loss();
            for (int t = 0; t < 15; t++) {
                als.iterate(1);
                double loss = als.loss();
                assertTrue(loss <= previous * (1 + 1e-12), "CG loss rose from " + previous + " to " + loss);
                previous = loss;
            }
            assertEquals(exactLoss, previous, 1e-3 * exactLoss);
        }
    }

    /**
     * Three users, six items, rank 5, lambda 0: every Gram matrix has rank at most 3, so every item's
     * system and the users' are singular; user 0 liked every item, items 3-5 have a single like. Rank
     * 5 can fit any 3 x 6 preference matrix exactly, and each item solve (3 equations, 5 unknowns) does.
     */
    static double[][] singularWeights() {
        double[][] weights = new double[3][6];
        for (double[] row : weights) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        java.util.Arrays.fill(weights[0], 1);
        weights[1][0] = 1;
        weights[1][1] = 2;
        weights[2][1] = 1;
        weights[2][2] = 1;
        return weights;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHOLESKY", "CG", "BLOCK"})
    void singularSystemsGiveFiniteFactors(String solver) {
        double[][] weights = singularWeights();
        AlsParams p = TestParams.als()
                .factors(5)
                .regularization(0)
                .alpha(10)
                .solver(Solver.valueOf(solver))
                .blocks(2)
                .seed(3L)
                .checkpointInterval(0)
                .build();
        try (ImplicitAls als = new ImplicitAls(ratings(weights, 2), 3, 6, p)) {
            als.initialize();
            als.iterate(5);
            double[][] users = toDense(als.model().users(), 3);
            double[][] items = toDense(als.model().items(), 6);
            for (int u = 0; u < 3; u++) {
                for (int i = 0; i < 6; i++) {
                    double preference = Double.isNaN(weights[u][i]) ? 0 : 1;
                    assertEquals(
                            preference, DenseReferenceAls.dot(users[u], items[i]), 1e-5, "user " + u + ", item " + i);
                }
            }
            assertEquals(0, als.loss(), 1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHOLESKY", "CG", "BLOCK"})
    @Slow
    void sameSeedGivesSameFactorsAtAnyBlockCount(String solver) {
        double[][][] reference = null;
        for (int blocks : new int[] {1, 3, 4}) {
            AlsParams p = TestParams.from(params(blocks))
                    .solver(Solver.valueOf(solver))
                    .build();
            try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 3), USERS, ITEMS, p)) {
                als.initialize();
                als.iterate(3);
                double[][][] factors = {
                    toDense(als.model().users(), USERS), toDense(als.model().items(), ITEMS)
                };
                if (reference == null) {
                    reference = factors;
                } else {
                    assertTrue(
                            relativeDifference(factors[0], reference[0]) < 1e-9,
                            "users differ at " + blocks + " blocks");
                    assertTrue(
                            relativeDifference(factors[1], reference[1]) < 1e-9,
                            "items differ at " + blocks + " blocks");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHOLESKY", "CG", "BLOCK"})
    @Slow
    void splitIterationsEqualOneRun(String solver) {
        AlsParams p = TestParams.from(params(3))
                .solver(Solver.valueOf(solver))
                .checkpointInterval(2)
                .build();
        double[][] whole;
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            als.iterate(5);
            whole = toDense(als.model().users(), USERS);
        }
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            als.iterate(2);
            als.iterate(3);
            assertEquals(0.0, relativeDifference(toDense(als.model().users(), USERS), whole), 1e-12);
        }
    }

    @Test
    @Slow
    void hundredIterationsWithCheckpointing() throws java.io.IOException {
        AlsParams p =
                TestParams.from(params(2)).factors(2).checkpointInterval(10).build();
        DenseReferenceAls dense = reference(p);
        java.util.Set<String> before = checkpointFiles();
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            dense.start(toDense(als.model().users(), USERS), toDense(als.model().items(), ITEMS));
            als.iterate(1);
            als.iterate(99);
            dense.iterate(100);
            assertEquals(100, als.iterationsDone());
            assertAgrees(dense, als.model(), 1e-6);
            assertEquals(dense.loss(), als.loss(), 1e-9 * dense.loss());
            assertTrue(checkpointFiles().size() > before.size(), "the factors were checkpointed");
        }
        assertEquals(before, checkpointFiles(), "closing the engine deletes its checkpoints");
    }

    /** The checkpointed RDDs (rdd-N directories) under the session's checkpoint directory. */
    private static java.util.Set<String> checkpointFiles() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(java.net.URI.create(
                org.wrmf.SparkTestSession.jsc().getCheckpointDir().get()));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("rdd-"))
                    .map(java.nio.file.Path::toString)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The evaluator joins the users with data partitioned the same way: that join must not shuffle them. */
    @Test
    void modelKeepsTheBlocksPartitioner() {
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, params(3))) {
            als.initialize();
            als.iterate(1);
            FactorModel model = als.model();
            for (JavaPairRDD<Integer, double[]> side : List.of(model.users(), model.items())) {
                assertEquals(Optional.of(new HashPartitioner(3)), side.partitioner());
                List<List<Tuple2<Integer, double[]>>> partitions = side.glom().collect();
                for (int partition = 0; partition < partitions.size(); partition++) {
                    for (Tuple2<Integer, double[]> factor : partitions.get(partition)) {
                        assertEquals(partition, factor._1() % 3, "index " + factor._1());
                    }
                }
            }
        }
    }

    @Test
    void rejectsInvalidParameters() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> TestParams.als().regularization(-1).build());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> TestParams.als().blocks(0).build());
    }

    /** The model's users are solved against its items: so are the reference's, after finish(). */
    private static void assertAgrees(DenseReferenceAls dense, FactorModel model, double tolerance) {
        dense.finish();
        double users = relativeDifference(toDense(model.users(), USERS), dense.users);
        double items = relativeDifference(toDense(model.items(), ITEMS), dense.items);
        assertTrue(users < tolerance, "users differ by " + users);
        assertTrue(items < tolerance, "items differ by " + items);
    }
}
