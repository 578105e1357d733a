package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wrmf.Slow;
import org.wrmf.TestParams;
import org.wrmf.linalg.Gram;

/**
 * The iALS++ block solver ({@link Solver#BLOCK}) against the exact row solve and the dense reference:
 * one sweep over a single block is the Cholesky solve; many sweeps over small blocks reach the
 * reference's exact alternating solves; one sweep per half-iteration never raises the objective, with
 * every regularization scaling and with lambda = 0. Also the final iterative user solve
 * ({@link FinalSolve#ITERATIVE}) against the exact one.
 */
class BlockCoordinateDescentTest {
    private static final int USERS = 24;
    private static final int ITEMS = 17;
    private static final double[][] WEIGHTS = randomWeights(USERS, ITEMS, 0.35, 11);

    /** "confidence:scaling:nu" of the forms every test runs with. */
    private static TestParams.Builder params(String form) {
        String[] parts = form.split(":");
        return TestParams.als()
                .factors(10)
                .regularizationUsers(0.3)
                .regularizationItems(0.2)
                .alpha(4)
                .confidence(parts[0].toLowerCase(java.util.Locale.ROOT))
                .epsilon(0.5)
                .regularizationScaling(RegularizationScaling.valueOf(parts[1]))
                .regularizationExponent(Double.parseDouble(parts[2]))
                .solver(Solver.BLOCK)
                .blocks(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"LINEAR:CONSTANT:0.3:10", "LOG:COUNT:0.3:64", "LINEAR:FREQUENCY:0.3:10", "LINEAR:CONSTANT:0:12"})
    void oneSweepOverOneBlockIsTheExactRowSolve(String form) {
        String[] parts = form.split(":"); // confidence, scaling, lambda, block size
        double lambda = Double.parseDouble(parts[2]);
        AlsParams block = params(parts[0] + ":" + parts[1] + ":1")
                .blockSize(Integer.parseInt(parts[3]))
                .build();
        SplittableRandom random = new SplittableRandom(5);
        int k = block.factors();
        int sourceCount = 40;
        double[] sources = new double[sourceCount * k];
        for (int j = 0; j < sources.length; j++) {
            sources[j] = random.nextGaussian() * 0.3;
        }
        List<Rating> likes = new ArrayList<>();
        int rows = 30;
        for (int r = 0; r < rows; r++) {
            int m = r % 7 == 0 ? 0 : 1 + random.nextInt(15); // some rows have no rating
            for (int j = 0; j < m; j++) {
                likes.add(new Rating(r, random.nextInt(sourceCount), 1 + random.nextInt(4)));
            }
        }
        CompressedRows ratings = CompressedRows.of(likes, rows, Side.USERS);
        double[] gram = Gram.ofPacked(sources, sourceCount, k);
        double[] start = new double[rows * k];
        for (int j = 0; j < start.length; j++) {
            start[j] = random.nextGaussian() * 0.2;
        }
        double[] exact = start.clone();
        AlsKernel.solveExactly(block, gram, lambda, sourceCount, sources, ratings, exact);
        double[] descended = start.clone();
        AlsKernel.solveBlock(block, gram, lambda, sourceCount, sources, ratings, descended);
        assertTrue(
                relativeDifference(unpack(descended, k), unpack(exact, k)) < 1e-9,
                "one block of " + block.solver().blockSize() + " dimensions at rank " + k + " differs from Cholesky by "
                        + relativeDifference(unpack(descended, k), unpack(exact, k)));
    }

    /**
     * Blocks of 3 dimensions at rank 10 (3 + 3 + 3 + 1) on one half-iteration's rows: the distance to the
     * exact row solutions shrinks with the sweeps, and enough sweeps reach them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"LINEAR:CONSTANT:1", "LOG:COUNT:0.5", "LINEAR:FREQUENCY:0.7"})
    void sweepsConvergeToTheExactRowSolutions(String form) {
        AlsParams p = params(form).blockSize(3).build();
        int k = p.factors();
        double[][] dense = AlsTestSupport.randomFactors(ITEMS, k, 3);
        double[] items = new double[ITEMS * k];
        for (int i = 0; i < ITEMS; i++) {
            System.arraycopy(dense[i], 0, items, i * k, k);
        }
        CompressedRows byUser = CompressedRows.of(likes(WEIGHTS), USERS, Side.USERS);
        double[] gram = Gram.ofPacked(items, ITEMS, k);
        double[] start = local(p).users().clone();
        double[] exact = start.clone();
        AlsKernel.solveExactly(p, gram, 0.3, ITEMS, items, byUser, exact);
        double previous = Double.POSITIVE_INFINITY;
        for (int sweeps : new int[] {1, 4, 16, 64, 1000}) {
            double[] descended = start.clone();
            AlsKernel.solveBlock(
                    TestParams.from(p).blockSweeps(sweeps).build(), gram, 0.3, ITEMS, items, byUser, descended);
            double distance = relativeDifference(unpack(descended, k), unpack(exact, k));
            assertTrue(distance < previous || distance < 1e-12, sweeps + " sweeps: " + distance + " after " + previous);
            previous = distance;
        }
        assertTrue(previous < 1e-9, "1000 sweeps: " + previous);
    }

    /** Enough sweeps per half-iteration make block descent the exact alternating solves of the dense reference. */
    @Test
    void manySweepsFollowTheDenseReference() {
        AlsParams p = params("LINEAR:COUNT:0.5").blockSize(3).blockSweeps(1000).build();
        LocalImplicitAls trainer = local(p);
        DenseReferenceAls dense =
                new DenseReferenceAls(WEIGHTS, 4, false, 0.5, 0.3, 0.2).scaled(RegularizationScaling.COUNT, 0.5);
        dense.start(unpack(trainer.users(), 10), unpack(trainer.items(), 10));
        trainer.iterate(2);
        dense.iterate(2);
        dense.finish();
        double users = relativeDifference(unpack(trainer.finishedUsers(), 10), dense.users);
        double items = relativeDifference(unpack(trainer.items(), 10), dense.items);
        assertTrue(users < 1e-8, "users differ by " + users);
        assertTrue(items < 1e-8, "items differ by " + items);
    }

    /**
     * One sweep over blocks of 3 at rank 8 per half-iteration: the objective (the dense reference's, every
     * cell) never rises, whatever the scaling, with lambda = 0 too; the factors stay finite.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {"LINEAR:CONSTANT:1:0.3", "LOG:COUNT:1:0.05", "LINEAR:FREQUENCY:0.7:0.01", "LINEAR:CONSTANT:1:0"})
    void theObjectiveNeverRisesPerHalfIteration(String form) {
        String[] parts = form.split(":");
        double lambda = Double.parseDouble(parts[3]);
        AlsParams p =
                params(form).factors(8).regularization(lambda).blockSize(3).build();
        int k = p.factors();
        List<Rating> likes = likes(WEIGHTS);
        CompressedRows byUser = CompressedRows.of(likes, USERS, Side.USERS);
        CompressedRows byItem = CompressedRows.of(likes, ITEMS, Side.ITEMS);
        LocalImplicitAls start = new LocalImplicitAls(byUser, byItem, p); // for its seeded initial factors
        double[] users = start.users().clone();
        double[] items = start.items().clone();
        DenseReferenceAls dense = new DenseReferenceAls(
                        WEIGHTS, 4, p.objective().confidence() instanceof Confidence.Log, 0.5, lambda, lambda)
                .scaled(p.objective().regularizationScaling(), Double.parseDouble(parts[2]));
        dense.start(unpack(users, k), unpack(items, k));
        double previous = dense.loss();
        for (int half = 0; half < 30; half++) {
            boolean userHalf = half % 2 == 0;
            double[] sources = userHalf ? items : users;
            double[] gram = Gram.ofPacked(sources, sources.length / k, k);
            AlsKernel.solveBlock(
                    p,
                    gram,
                    lambda,
                    userHalf ? ITEMS : USERS,
                    sources,
                    userHalf ? byUser : byItem,
                    userHalf ? users : items);
            dense.start(unpack(users, k), unpack(items, k));
            double loss = dense.loss();
            assertTrue(Double.isFinite(loss), "half-iteration " + half);
            assertTrue(loss <= previous * (1 + 1e-12), "half-iteration " + half + ": " + previous + " -> " + loss);
            previous = loss;
        }
    }

    /** The distributed engine runs the same block descent as the in-memory trainer (blocks of 4 at rank 10). */
    @Test
    @Slow
    void theEngineFollowsTheLocalTrainer() {
        AlsParams p = params("LOG:FREQUENCY:0.7").blockSize(4).blockSweeps(2).build();
        LocalImplicitAls trainer = local(p);
        trainer.iterate(3);
        try (ImplicitAls engine = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            engine.initialize();
            engine.iterate(3);
            FactorModel model = engine.model();
            double users = relativeDifference(toDense(model.users(), USERS), unpack(trainer.finishedUsers(), 10));
            double items = relativeDifference(toDense(model.items(), ITEMS), unpack(trainer.items(), 10));
            assertTrue(users < 1e-9, "users differ by " + users);
            assertTrue(items < 1e-9, "items differ by " + items);
        }
    }

    /** The final user solve by CG to its tolerance equals the exact one to 1e-6, locally and distributed. */
    @ParameterizedTest
    @ValueSource(strings = {"LINEAR:CONSTANT:1", "LOG:COUNT:1", "LINEAR:FREQUENCY:0.7"})
    @Slow
    void theIterativeFinalSolveMatchesTheExactOne(String form) {
        AlsParams exact = params(form).solver(Solver.CG).build();
        AlsParams iterative =
                TestParams.from(exact).finalSolve(FinalSolve.ITERATIVE).build();
        LocalImplicitAls exactTrainer = local(exact);
        LocalImplicitAls iterativeTrainer = local(iterative);
        exactTrainer.iterate(4);
        iterativeTrainer.iterate(4);
        double local = relativeDifference(
                unpack(iterativeTrainer.finishedUsers(), 10), unpack(exactTrainer.finishedUsers(), 10));
        assertTrue(local < 1e-6, "local: " + local);
        try (ImplicitAls engine = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, iterative)) {
            engine.initialize();
            engine.iterate(4);
            double distributed = relativeDifference(
                    toDense(engine.model().users(), USERS), unpack(exactTrainer.finishedUsers(), 10));
            assertTrue(distributed < 1e-6, "distributed: " + distributed);
        }
    }

    @Test
    void rejectsEmptyBlocksAndSweeps() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TestParams.als().blockSize(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TestParams.als().blockSweeps(0).build());
    }

    private static LocalImplicitAls local(AlsParams p) {
        List<Rating> likes = likes(WEIGHTS);
        return new LocalImplicitAls(
                CompressedRows.of(likes, USERS, Side.USERS), CompressedRows.of(likes, ITEMS, Side.ITEMS), p);
    }

    private static List<Rating> likes(double[][] weights) {
        List<Rating> likes = new ArrayList<>();
        for (int u = 0; u < weights.length; u++) {
            for (int i = 0; i < weights[u].length; i++) {
                if (!Double.isNaN(weights[u][i])) {
                    likes.add(new Rating(u, i, (float) weights[u][i]));
                }
            }
        }
        return likes;
    }

    private static double[][] unpack(double[] packed, int k) {
        double[][] out = new double[packed.length / k][k];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(packed, i * k, out[i], 0, k);
        }
        return out;
    }
}
