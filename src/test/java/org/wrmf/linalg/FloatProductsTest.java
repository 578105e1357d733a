package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * CG's float products against the same sums in double, at ranks that are and are not multiples of the
 * SIMD width (and of four of them) and row lengths around the four-rating unrolling: the scalar loops
 * always, the SIMD ones when the JVM has the Vector API.
 */
class FloatProductsTest {
    private static final int[] RANKS = {1, 3, 8, 10, 31, 32, 40, 64, 100, 128, 131};

    private interface Dots {
        void dots(int k, float[] ys, int y0, int m, float[] v, float[] out);
    }

    private interface Combination {
        void combine(int k, float[] ys, int y0, int m, float[] coefficient, float[] out);
    }

    @Test
    void scalarProductsMatchDoubleSums() {
        check(FloatProducts.Scalar::dots, FloatProducts.Scalar::combine);
    }

    @Test
    void simdProductsMatchDoubleSums() {
        assumeTrue(VectorApi.AVAILABLE, "needs --add-modules=jdk.incubator.vector (the test runner adds it)");
        check(FloatProducts::dots, FloatProducts::combine);
    }

    private static void check(Dots products, Combination combination) {
        SplittableRandom random = new SplittableRandom(11);
        for (int k : RANKS) {
            for (int m = 0; m <= 9; m++) {
                int y0 = 3 * k; // vectors start past an offset, as in a chunk's gathered sources
                float[] ys = new float[y0 + m * k + 5];
                for (int j = 0; j < ys.length; j++) {
                    ys[j] = (float) random.nextGaussian();
                }
                float[] v = new float[k];
                float[] coefficient = new float[m];
                for (int f = 0; f < k; f++) {
                    v[f] = (float) random.nextGaussian();
                }
                for (int t = 0; t < m; t++) {
                    coefficient[t] = (float) random.nextGaussian();
                }
                float[] dots = new float[m];
                products.dots(k, ys, y0, m, v, dots);
                for (int t = 0; t < m; t++) {
                    double exact = 0;
                    double scale = 0;
                    for (int f = 0; f < k; f++) {
                        exact += (double) ys[y0 + t * k + f] * v[f];
                        scale += Math.abs((double) ys[y0 + t * k + f] * v[f]);
                    }
                    assertEquals(exact, dots[t], 1e-6 * scale, "dot " + t + " at rank " + k);
                }
                float[] sum = new float[k + 2];
                sum[k] = 42f; // beyond k: must stay untouched
                combination.combine(k, ys, y0, m, coefficient, sum);
                assertEquals(42f, sum[k]);
                for (int f = 0; f < k; f++) {
                    double exact = 0;
                    double scale = 0;
                    for (int t = 0; t < m; t++) {
                        exact += (double) coefficient[t] * ys[y0 + t * k + f];
                        scale += Math.abs((double) coefficient[t] * ys[y0 + t * k + f]);
                    }
                    assertEquals(exact, sum[f], 1e-6 * scale, "combination at " + f + ", rank " + k + ", m " + m);
                }
            }
        }
    }

    /**
     * A rating's dot is the same to the bit alone or among others (the SIMD loop takes ratings four at a
     * time and the rest one by one): what lets two engines that chunk rows differently agree.
     */
    @Test
    void aRatingsDotDoesNotDependOnItsNeighbours() {
        SplittableRandom random = new SplittableRandom(5);
        for (int k : RANKS) {
            int m = 11;
            float[] ys = new float[m * k];
            for (int j = 0; j < ys.length; j++) {
                ys[j] = (float) random.nextGaussian();
            }
            float[] v = new float[k];
            for (int f = 0; f < k; f++) {
                v[f] = (float) random.nextGaussian();
            }
            float[] together = new float[m];
            FloatProducts.dots(k, ys, 0, m, v, together);
            float[] alone = new float[1];
            for (int t = 0; t < m; t++) {
                FloatProducts.dots(k, ys, t * k, 1, v, alone);
                assertEquals(
                        Float.floatToRawIntBits(alone[0]),
                        Float.floatToRawIntBits(together[t]),
                        "rating " + t + " at rank " + k);
            }
        }
    }

    @Test
    void coefficientsOfTheProductAndOfTheFirstResidual() {
        assertEquals(3f * 0.5f, FloatProducts.productCoefficient(4, 0.5f)); // (c - 1)(y . v)
        assertEquals(4f - 3f * 0.5f, FloatProducts.residualCoefficient(4, 0.5f)); // c - (c - 1)(y . v)
    }
}
