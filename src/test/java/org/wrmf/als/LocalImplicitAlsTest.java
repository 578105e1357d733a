package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.wrmf.TestParams;

class LocalImplicitAlsTest {

    /** Same seeds, same kernel: the in-memory trainer follows the distributed engine, for both solvers. */
    @Test
    void followsTheDistributedEngine() {
        double[][] weights = randomWeights(20, 15, 0.3, 4);
        JavaRDD<Rating> likes = ratings(weights, 2);
        List<Rating> local = likes.collect();
        for (Solver solver : Solver.values()) {
            AlsParams params = TestParams.als()
                    .factors(4)
                    .regularization(0.3)
                    .alpha(5)
                    .solver(solver)
                    .blocks(2)
                    .build();
            LocalImplicitAls trainer = new LocalImplicitAls(
                    CompressedRows.of(local, 20, Side.USERS), CompressedRows.of(local, 15, Side.ITEMS), params);
            trainer.iterate(2);
            try (ImplicitAls engine = new ImplicitAls(likes, 20, 15, params)) {
                engine.initialize();
                engine.iterate(2);
                FactorModel model = engine.model();
                assertTrue(
                        relativeDifference(toDense(model.users(), 20), unpack(trainer.finishedUsers(), 4)) < 1e-9,
                        solver + " users");
                assertTrue(
                        relativeDifference(toDense(model.items(), 15), unpack(trainer.items(), 4)) < 1e-9,
                        solver + " items");
            }
        }
    }

    /**
     * The consistent solve of chosen users (the grid's scored ones), in any order, gives exactly those rows of
     * the whole consistent solve, under both final solves; the training state is left as it was.
     */
    @Test
    void consistentSolveOfChosenUsersIsThoseRowsOfTheWholeOne() {
        double[][] weights = randomWeights(30, 25, 0.3, 9);
        List<Rating> local = ratings(weights, 2).collect();
        for (FinalSolve finalSolve : FinalSolve.values()) {
            AlsParams params = TestParams.als()
                    .factors(5)
                    .regularization(0.2)
                    .alpha(8)
                    .solver(Solver.CG)
                    .finalSolve(finalSolve)
                    .blocks(2)
                    .build();
            LocalImplicitAls als = new LocalImplicitAls(
                    CompressedRows.of(local, 30, Side.USERS), CompressedRows.of(local, 25, Side.ITEMS), params);
            als.iterate(2);
            double[] state = als.users().clone();
            double[] all = als.finishedUsers();
            int[] rows = {17, 3, 29, 0, 11};
            double[] chosen = als.finishedUsers(rows);
            for (int j = 0; j < rows.length; j++) {
                for (int f = 0; f < 5; f++) {
                    assertEquals(all[rows[j] * 5 + f], chosen[j * 5 + f], 1e-12, finalSolve + " user " + rows[j]);
                }
            }
            assertArrayEquals(state, als.users(), finalSolve + ": the training state is untouched");
        }
    }

    /** Every regularization scaling: the in-memory trainer against the dense reference, to 1e-9. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"CONSTANT:1", "COUNT:1", "FREQUENCY:0.7"})
    void regularizationScalingMatchesDenseReference(String form) {
        RegularizationScaling scaling = RegularizationScaling.valueOf(form.split(":")[0]);
        double nu = Double.parseDouble(form.split(":")[1]);
        double[][] weights = randomWeights(20, 15, 0.3, 4);
        List<Rating> local = ratings(weights, 2).collect();
        AlsParams params = TestParams.als()
                .factors(4)
                .regularizationUsers(0.3)
                .regularizationItems(0.1)
                .alpha(5)
                .regularizationScaling(scaling)
                .regularizationExponent(nu)
                .blocks(2)
                .build();
        LocalImplicitAls trainer = new LocalImplicitAls(
                CompressedRows.of(local, 20, Side.USERS), CompressedRows.of(local, 15, Side.ITEMS), params);
        DenseReferenceAls dense = new DenseReferenceAls(weights, 5, false, 1e-8, 0.3, 0.1).scaled(scaling, nu);
        dense.start(unpack(trainer.users(), 4), unpack(trainer.items(), 4));
        trainer.iterate(3);
        dense.iterate(3);
        dense.finish();
        double[] users = trainer.finishedUsers();
        assertTrue(relativeDifference(unpack(users, 4), dense.users) < 1e-9, "users");
        assertTrue(relativeDifference(unpack(trainer.items(), 4), dense.items) < 1e-9, "items");
        Loss loss = trainer.loss(users);
        assertEquals(dense.loss(), loss.total(), 1e-9 * dense.loss());
    }

    /** A confidence that overflows to infinity stops training with an error naming the iteration. */
    @Test
    void nonFiniteFactorsStopWithTheIteration() {
        List<Rating> likes = List.of(new Rating(0, 0, 1f), new Rating(0, 1, 3e38f), new Rating(1, 1, 1f));
        AlsParams params = TestParams.als().factors(2).alpha(1e300).build();
        LocalImplicitAls als = new LocalImplicitAls(
                CompressedRows.of(likes, 2, Side.USERS), CompressedRows.of(likes, 2, Side.ITEMS), params);
        NonFiniteFactorsException error =
                org.junit.jupiter.api.Assertions.assertThrows(NonFiniteFactorsException.class, () -> als.iterate(3));
        assertTrue(error.getMessage().contains("iteration 1"), error.getMessage());
    }

    /** Repeated pairs are summed, as the engine does. */
    @Test
    void sumsRepeatedPairs() {
        List<Rating> likes = List.of(new Rating(0, 1, 2f), new Rating(1, 0, 1f), new Rating(0, 1, 3f));
        CompressedRows rows = CompressedRows.of(likes, 2, Side.USERS);
        assertArrayEquals(new int[] {0, 1, 2}, rows.start());
        assertArrayEquals(new int[] {1, 0}, rows.column());
        assertArrayEquals(new float[] {5f, 1f}, rows.weight());
    }

    /**
     * lambda = 0 on the singular systems of {@link ImplicitAlsTest#singularWeights()} for 2,000
     * iterations (dpotrf alone drove the users past 1e9 in 100 and to all zeros by 2,000): the factors
     * keep the scale of the first iteration, fit the likes exactly, and every item is the minimum-norm
     * fit given the users, y_i = X^T (X X^T)^-1 p_i (X is 3 x 5 of full row rank), whatever the
     * confidences.
     */
    @Test
    void lambdaZeroStaysBoundedAndMinimumNorm() {
        double[][] weights = ImplicitAlsTest.singularWeights();
        List<Rating> likes = new java.util.ArrayList<>();
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 6; i++) {
                if (!Double.isNaN(weights[u][i])) {
                    likes.add(new Rating(u, i, (float) weights[u][i]));
                }
            }
        }
        AlsParams params = TestParams.als()
                .factors(5)
                .regularization(0)
                .alpha(10)
                .blocks(2)
                .seed(3L)
                .checkpointInterval(0)
                .build();
        LocalImplicitAls als = new LocalImplicitAls(
                CompressedRows.of(likes, 3, Side.USERS), CompressedRows.of(likes, 6, Side.ITEMS), params);
        als.iterate(1);
        double usersAfterOne = maxAbs(als.users());
        double itemsAfterOne = maxAbs(als.items());
        als.iterate(1999);
        assertTrue(
                maxAbs(als.users()) < 1.1 * usersAfterOne,
                "users grew from " + usersAfterOne + " to " + maxAbs(als.users()));
        assertTrue(
                maxAbs(als.items()) < 1.1 * itemsAfterOne,
                "items grew from " + itemsAfterOne + " to " + maxAbs(als.items()));

        double[][] x = unpack(als.users(), 5);
        double[][] y = unpack(als.items(), 5);
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 6; i++) {
                double preference = Double.isNaN(weights[u][i]) ? 0 : 1;
                assertEquals(
                        preference, DenseReferenceAls.dot(x[u], y[i]), 1e-6, "exact fit at user " + u + ", item " + i);
            }
        }
        double[][] xxt = new double[3][3];
        for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
                xxt[u][v] = DenseReferenceAls.dot(x[u], x[v]);
            }
        }
        for (int i = 0; i < 6; i++) {
            double[] preference = new double[3];
            for (int u = 0; u < 3; u++) {
                preference[u] = Double.isNaN(weights[u][i]) ? 0 : 1;
            }
            double[] t = DenseReferenceAls.gaussianElimination(DenseReferenceAls.copy(xxt), preference);
            double[] minimumNorm = new double[5];
            for (int f = 0; f < 5; f++) {
                for (int u = 0; u < 3; u++) {
                    minimumNorm[f] += x[u][f] * t[u];
                }
            }
            assertArrayEquals(minimumNorm, y[i], 1e-5 * maxAbs(minimumNorm), "item " + i);
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double[][] unpack(double[] packed, int k) {
        double[][] out = new double[packed.length / k][k];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(packed, i * k, out[i], 0, k);
        }
        return out;
    }
}
