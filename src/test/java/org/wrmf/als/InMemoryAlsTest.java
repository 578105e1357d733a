package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomFactors;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;
import static org.wrmf.als.AlsTestSupport.toRdd;

import java.util.Arrays;
import java.util.BitSet;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wrmf.TestParams;

/** The fit in one JVM against the distributed engine: the same model from the same seeds. */
class InMemoryAlsTest {
    private static final int USERS = 37;
    private static final int ITEMS = 23;

    private static AlsParams params(Solver solver, String confidence) {
        return TestParams.als()
                .factors(5)
                .regularization(0.2)
                .alpha(4)
                .confidence(confidence)
                .solver(solver)
                .blocks(3)
                .build();
    }

    /** Every solver, on 1 and 3 threads: factors, loss and the iteration count as the distributed engine's. */
    @ParameterizedTest
    @EnumSource(Solver.class)
    void followsTheDistributedEngine(Solver solver) {
        JavaRDD<Rating> likes = ratings(randomWeights(USERS, ITEMS, 0.25, 11), 3);
        AlsParams params = params(solver, "linear");
        try (ImplicitAls engine = new ImplicitAls(likes, USERS, ITEMS, params)) {
            engine.initialize();
            engine.iterate(4);
            FactorModel expected = engine.model();
            double[][] users = toDense(expected.users(), USERS);
            double[][] items = toDense(expected.items(), ITEMS);
            double stateLoss = engine.trainingStateLossParts().total();
            double loss = engine.loss();
            assertTrue(loss <= stateLoss * (1 + 1e-12), solver + ": the model's users minimise it given the items");
            for (int threads : new int[] {1, 3}) {
                try (InMemoryAls local = new InMemoryAls(likes, USERS, ITEMS, params, threads)) {
                    local.initialize();
                    local.iterate(3);
                    local.iterate(1);
                    assertEquals(4, local.iterationsDone());
                    assertEquals(
                            stateLoss,
                            local.trainingStateLossParts().total(),
                            1e-9 * stateLoss,
                            solver + " training state's loss");
                    FactorModel model = local.model();
                    assertTrue(relativeDifference(users, toDense(model.users(), USERS)) < 1e-9, solver + " users");
                    assertTrue(relativeDifference(items, toDense(model.items(), ITEMS)) < 1e-9, solver + " items");
                    assertEquals(loss, local.loss(), 1e-9 * loss, solver + " loss");
                    assertEquals(
                            new HashPartitioner(3), model.users().partitioner().get());
                    assertEquals(FitExecution.LOCAL, local.execution());
                }
            }
        }
    }

    /** A warm start from given factors continues as the distributed engine's warm start does. */
    @Test
    void warmStartFollowsTheDistributedEngine() {
        JavaRDD<Rating> likes = ratings(randomWeights(USERS, ITEMS, 0.25, 12), 2);
        AlsParams params = params(Solver.CG, "linear");
        FactorModel start = new FactorModel(
                5,
                toRdd(randomFactors(USERS - 4, 5, 1)), // the last 4 users missing: seeded initial vectors
                toRdd(randomFactors(ITEMS, 5, 2)));
        try (ImplicitAls engine = new ImplicitAls(likes, USERS, ITEMS, params);
                InMemoryAls local = new InMemoryAls(likes, USERS, ITEMS, params, 2)) {
            engine.warmStart(start);
            engine.iterate(2);
            local.iterate(5); // discarded by the warm start
            local.warmStart(start);
            local.iterate(2);
            assertEquals(2, local.iterationsDone());
            assertTrue(relativeDifference(
                            toDense(engine.model().users(), USERS),
                            toDense(local.model().users(), USERS))
                    < 1e-9);
            assertTrue(relativeDifference(
                            toDense(engine.model().items(), ITEMS),
                            toDense(local.model().items(), ITEMS))
                    < 1e-9);
        }
    }

    /**
     * A warm start from factors in the driver's memory equals the warm start from the same rows as RDDs, in
     * both engines: rows without a vector (here the last 4 users and item 0) keep the seeded ones.
     */
    @Test
    void packedWarmStartEqualsTheRddOne() {
        JavaRDD<Rating> likes = ratings(randomWeights(USERS, ITEMS, 0.25, 14), 2);
        AlsParams params = params(Solver.CHOLESKY, "linear");
        double[][] users = randomFactors(USERS, 5, 3);
        double[][] items = randomFactors(ITEMS, 5, 4);
        BitSet userRows = new BitSet();
        userRows.set(0, USERS - 4);
        BitSet itemRows = new BitSet();
        itemRows.set(1, ITEMS);
        PackedFactors packed = new PackedFactors(5, pack(users), userRows, pack(items), itemRows);
        FactorModel model = new FactorModel(
                5, toRdd(Arrays.copyOf(users, USERS - 4)), toRdd(items).filter(row -> row._1() != 0));
        try (ImplicitAls engine = new ImplicitAls(likes, USERS, ITEMS, params);
                ImplicitAls packedEngine = new ImplicitAls(likes, USERS, ITEMS, params);
                InMemoryAls local = new InMemoryAls(likes, USERS, ITEMS, params, 2)) {
            engine.warmStart(model);
            engine.iterate(1);
            packedEngine.warmStart(packed);
            packedEngine.iterate(1);
            local.warmStart(packed);
            local.iterate(1);
            double[][] expected = toDense(engine.model().items(), ITEMS);
            assertEquals(
                    0, relativeDifference(expected, toDense(packedEngine.model().items(), ITEMS)));
            assertTrue(relativeDifference(expected, toDense(local.model().items(), ITEMS)) < 1e-9);
        }
    }

    private static double[] pack(double[][] rows) {
        double[] packed = new double[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, packed, r * rows[r].length, rows[r].length);
        }
        return packed;
    }

    /** BM25: the same statistics and model. */
    @Test
    void bm25AsTheDistributedEngine() {
        JavaRDD<Rating> likes = ratings(randomWeights(USERS, ITEMS, 0.3, 13), 2);
        AlsParams params = params(Solver.CHOLESKY, "bm25");
        try (ImplicitAls engine = new ImplicitAls(likes, USERS, ITEMS, params);
                InMemoryAls local = new InMemoryAls(likes, USERS, ITEMS, params, 2)) {
            engine.initialize();
            engine.iterate(2);
            local.iterate(2);
            assertEquals(engine.bm25().averageLength(), local.bm25().averageLength(), 1e-12);
            assertArrayEquals(engine.bm25().idf(), local.bm25().idf(), 1e-12);
            assertTrue(relativeDifference(
                            toDense(engine.model().users(), USERS),
                            toDense(local.model().users(), USERS))
                    < 1e-9);
        }
    }

    /** More threads than rows, and rows without likes: every row still solved once. */
    @Test
    void moreThreadsThanRows() {
        JavaRDD<Rating> likes = ratings(new double[][] {{1, 0}, {0, 0}, {1, 2}}, 1);
        AlsParams params = TestParams.als().factors(2).blocks(2).build();
        try (ImplicitAls engine = new ImplicitAls(likes, 3, 2, params);
                InMemoryAls local = new InMemoryAls(likes, 3, 2, params, 8)) {
            engine.initialize();
            engine.iterate(3);
            local.iterate(3);
            assertTrue(relativeDifference(
                            toDense(engine.model().users(), 3),
                            toDense(local.model().users(), 3))
                    < 1e-9);
        }
    }

    /** Likes outside the declared index ranges are an error, as in the distributed engine. */
    @Test
    void rejectsIndicesOutOfRange() {
        JavaRDD<Rating> likes = ratings(new double[][] {{1, 0}, {0, 1}}, 1);
        AlsParams params = TestParams.als().factors(2).blocks(1).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new InMemoryAls(likes, 1, 2, params, 1));
        assertTrue(e.getMessage().contains("outside 0..0 x 0..1"), e.getMessage());
    }

    /** auto in local mode: in one JVM when small; the estimate grows with likes and factors. */
    @Test
    void autoChoosesLocalForSmallProblemsInLocalMode() {
        JavaRDD<Rating> likes = ratings(randomWeights(USERS, ITEMS, 0.25, 14), 2);
        try (AlsTrainer trainer =
                AlsTrainer.open(likes, USERS, ITEMS, params(Solver.CG, "linear"), FitExecution.AUTO)) {
            assertInstanceOf(InMemoryAls.class, trainer);
        }
        try (AlsTrainer trainer =
                AlsTrainer.open(likes, USERS, ITEMS, params(Solver.CG, "linear"), FitExecution.DISTRIBUTED)) {
            assertInstanceOf(ImplicitAls.class, trainer);
        }
        assertEquals(
                1_000_000L * 44 + (2L * 1000 + 500) * 40 * 12, InMemoryAls.estimatedBytes(1_000_000, 1000, 500, 40));
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(
                FitExecution.DISTRIBUTED,
                InMemoryAls.choose(likes, -1, Integer.MAX_VALUE / 8, 1, params(Solver.CG, "linear")),
                "a problem beyond a quarter of the " + (heap >> 20) + " MB heap");
    }

    /** A local fit takes the master's task slots as threads, never more than the cores. */
    @Test
    void localThreadsFollowTheMaster() {
        assertEquals(1, AlsTrainer.localThreads("local", 8));
        assertEquals(3, AlsTrainer.localThreads("local[3]", 8));
        assertEquals(8, AlsTrainer.localThreads("local[*]", 8));
        assertEquals(2, AlsTrainer.localThreads("local[4]", 2), "not more threads than cores");
        assertEquals(2, AlsTrainer.localThreads("local[2,3]", 8), "task failures allowed");
        assertEquals(8, AlsTrainer.localThreads("local[*,3]", 8));
    }

    /**
     * Above rank 64 a CG chunk gathers more values (AlsKernel.chunkValues): on 3 threads the iterative final
     * solve still equals the exact one to 1e-6, and the fit equals the distributed engine's.
     */
    @Test
    void largeRankChunksKeepTheSolveExact() {
        int users = 150;
        int items = 80;
        JavaRDD<Rating> likes = ratings(randomWeights(users, items, 0.3, 15), 2);
        AlsParams iterative = TestParams.als()
                .factors(72)
                .regularization(0.5)
                .alpha(3)
                .solver(Solver.CG)
                .finalSolve(FinalSolve.ITERATIVE)
                .blocks(2)
                .build();
        AlsParams exact =
                TestParams.from(iterative).finalSolve(FinalSolve.EXACT).build();
        try (InMemoryAls a = new InMemoryAls(likes, users, items, iterative, 3);
                InMemoryAls b = new InMemoryAls(likes, users, items, exact, 3);
                ImplicitAls engine = new ImplicitAls(likes, users, items, iterative)) {
            a.iterate(2);
            b.iterate(2);
            engine.initialize();
            engine.iterate(2);
            double[][] solved = toDense(a.model().users(), users);
            assertTrue(relativeDifference(toDense(b.model().users(), users), solved) < 1e-6, "iterative against exact");
            assertTrue(
                    relativeDifference(toDense(engine.model().users(), users), solved) < 1e-9, "against distributed");
        }
    }
}
