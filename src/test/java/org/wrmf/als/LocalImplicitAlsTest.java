package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class LocalImplicitAlsTest {

    /** Same seeds, same kernel: the in-memory trainer follows the distributed engine, for both solvers. */
    @Test
    void followsTheDistributedEngine() {
        double[][] weights = randomWeights(20, 15, 0.3, 4);
        JavaRDD<Rating> likes = ratings(weights, 2);
        List<Rating> local = likes.collect();
        for (Solver solver : Solver.values()) {
            AlsParams params = AlsParams.defaults().withFactors(4).withRegularization(0.3).withAlpha(5)
                    .withSolver(solver).withBlocks(2);
            LocalImplicitAls trainer = new LocalImplicitAls(CompressedRows.of(local, 20, true),
                    CompressedRows.of(local, 15, false), params);
            trainer.iterate(2);
            try (ImplicitAls engine = new ImplicitAls(likes, 20, 15, params)) {
                engine.initialize();
                engine.iterate(2);
                FactorModel model = engine.model();
                assertTrue(relativeDifference(toDense(model.users(), 20), unpack(trainer.users(), 4)) < 1e-9, solver + " users");
                assertTrue(relativeDifference(toDense(model.items(), 15), unpack(trainer.items(), 4)) < 1e-9, solver + " items");
            }
        }
    }

    /** Repeated pairs are summed, as the engine does. */
    @Test
    void sumsRepeatedPairs() {
        List<Rating> likes = List.of(new Rating(0, 1, 2f), new Rating(1, 0, 1f), new Rating(0, 1, 3f));
        CompressedRows rows = CompressedRows.of(likes, 2, true);
        assertArrayEquals(new int[] {0, 1, 2}, rows.start());
        assertArrayEquals(new int[] {1, 0}, rows.column());
        assertArrayEquals(new float[] {5f, 1f}, rows.weight());
    }

    private static double[][] unpack(double[] packed, int k) {
        double[][] out = new double[packed.length / k][k];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(packed, i * k, out[i], 0, k);
        }
        return out;
    }
}
