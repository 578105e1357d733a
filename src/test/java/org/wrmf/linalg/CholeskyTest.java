package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wrmf.als.DenseReferenceAls;

/** Cholesky solves against answers computed here: a positive definite system, and singular ones. */
class CholeskyTest {
    private static final int K = 5;

    /**
     * A = V V^T with V of rank 3 < 5, b in its range (as in ALS with lambda = 0): the answer is the
     * minimum-norm A^+ b = V (V^T V)^-2 V^T b, to within what the vanishing ridge leaves (rounding of
     * A over a ridge of 1e-10: about 1e-6). dpotrf alone factorises many such A on rounding noise, and
     * answers with arbitrary components as large as 1 / noise.
     */
    @Test
    void singularSystemsGetTheMinimumNormSolution() {
        SplittableRandom random = new SplittableRandom(1);
        Cholesky cholesky = new Cholesky(K);
        for (int trial = 0; trial < 50; trial++) {
            double[][] v = new double[K][3];
            for (double[] row : v) {
                for (int j = 0; j < 3; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            double[] a = new double[K * K];
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) {
                    for (int j = 0; j < 3; j++) {
                        a[f + g * K] += v[f][j] * v[g][j];
                    }
                }
            }
            double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double[] b = new double[K]; // b = V z, in the range of A
            for (int f = 0; f < K; f++) {
                for (int j = 0; j < 3; j++) {
                    b[f] += v[f][j] * z[j];
                }
            }
            double[][] vtv = new double[3][3];
            double[] vtb = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int f = 0; f < K; f++) {
                        vtv[i][j] += v[f][i] * v[f][j];
                    }
                }
                for (int f = 0; f < K; f++) {
                    vtb[i] += v[f][i] * b[f];
                }
            }
            double[] w = DenseReferenceAls.solve(vtv, DenseReferenceAls.solve(vtv, vtb));
            double[] expected = new double[K];
            double scale = 0;
            for (int f = 0; f < K; f++) {
                for (int j = 0; j < 3; j++) {
                    expected[f] += v[f][j] * w[j];
                }
                scale = Math.max(scale, Math.abs(expected[f]));
            }

            double[] x = b.clone();
            cholesky.solve(a, x, false);
            assertArrayEquals(expected, x, 1e-5 * scale, "trial " + trial);
        }
    }

    /** With a ridge the system is positive definite and solved exactly, no ridge added. */
    @Test
    void positiveDefiniteSystemsAreSolvedExactly() {
        double[] a = {4, 2, 0, 0, 0, 2, 5, 1, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1};
        double[] x = {1, -2, 0.5, 3, -1};
        double[] b = new double[K];
        for (int f = 0; f < K; f++) {
            for (int g = 0; g < K; g++) {
                b[f] += a[f + g * K] * x[g];
            }
        }
        new Cholesky(K).solve(a, b, true);
        assertArrayEquals(x, b, 1e-14);
    }

    /** All sources zero: A = 0 and b = 0, the minimum-norm answer is 0. */
    @Test
    void zeroSystemGivesZero() {
        double[] b = new double[K];
        new Cholesky(K).solve(new double[K * K], b, false);
        assertArrayEquals(new double[K], b);
    }
}
