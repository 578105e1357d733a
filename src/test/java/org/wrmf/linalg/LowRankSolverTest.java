package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wrmf.als.DenseReferenceAls;

/**
 * The eigenbasis and Woodbury solve against the system built densely here, A = Y^T Y + lambda I +
 * sum_j d_j y_j y_j^T, b = sum_j c_j y_j, solved by Gaussian elimination: from no ratings to k - 1,
 * ridges from 1e-3 to 10 and confidences up to 1 + 1000.
 */
class LowRankSolverTest {
    private static final int K = 24;

    @ParameterizedTest
    @CsvSource({"0.001, 1", "0.1, 40", "10, 40", "0.1, 1000", "0.001, 1000"})
    void solvesTheDenseSystem(double lambda, double alpha) {
        SplittableRandom random = new SplittableRandom(11);
        int n = 300;
        double[] sources = new double[n * K];
        for (int j = 0; j < sources.length; j++) {
            sources[j] = random.nextGaussian() * 0.1;
        }
        double[] gram = new double[K * K];
        for (int j = 0; j < n; j++) {
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) {
                    gram[f * K + g] += sources[j * K + f] * sources[j * K + g];
                }
            }
        }
        LowRankSolver.Basis basis = LowRankSolver.Basis.of(gram, K, sources);
        LowRankSolver solver = new LowRankSolver(basis, K);
        for (int m : new int[] {0, 1, 2, 7, K - 1}) {
            int[] positions = random.ints(m, 0, n).toArray();
            double[] confidence = new double[m];
            double[][] a = new double[K][K];
            double[] b = new double[K];
            double[] ys = new double[Math.max(1, m) * K];
            double[] rotatedB = new double[K];
            double[] weights = new double[m];
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) {
                    a[f][g] = gram[f * K + g] + (f == g ? lambda : 0);
                }
            }
            for (int j = 0; j < m; j++) {
                confidence[j] = 1 + alpha * (1 + random.nextInt(3));
                weights[j] = confidence[j] - 1;
                int y = positions[j] * K;
                for (int f = 0; f < K; f++) {
                    b[f] += confidence[j] * sources[y + f];
                    ys[j * K + f] = basis.rotated()[y + f];
                    rotatedB[f] += confidence[j] * basis.rotated()[y + f];
                    for (int g = 0; g < K; g++) {
                        a[f][g] += weights[j] * sources[y + f] * sources[y + g];
                    }
                }
            }
            double[] expected = DenseReferenceAls.solve(a, b);
            assertTrue(solver.solve(lambda, ys, weights, m, rotatedB), "declined at m = " + m);
            double[] x = new double[K];
            basis.toOriginal(rotatedB, 1, x);
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            assertArrayEquals(expected, x, 1e-10 * Math.max(scale, 1e-3), "m = " + m);
        }
    }

    /** Without a ridge (or with a negative one) the solve declines and leaves b as it was, for the direct solve. */
    @ParameterizedTest
    @CsvSource({"0", "-1", "NaN"})
    void declinesWithoutAPositiveRidge(double lambda) {
        double[] gram = {2, 0, 0, 1};
        LowRankSolver solver = new LowRankSolver(LowRankSolver.Basis.of(gram, 2, new double[] {1, 0, 0, 1}), 1);
        double[] b = {3, 4};
        assertFalse(solver.solve(lambda, new double[] {1, 0}, new double[] {2}, 1, b));
        assertArrayEquals(new double[] {3, 4}, b);
    }
}
