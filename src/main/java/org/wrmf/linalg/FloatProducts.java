package org.wrmf.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sparse half of the conjugate-gradient products, in single precision, over one row's gathered
 * source vectors (m vectors of rank k packed at {@code ys[y0 ..)}): the dots {@code y_t . v}, then the
 * combination {@code sum_t coefficient_t y_t}. This is where CG spends most of its time (two passes
 * over every rating per step); in floats the passes stream half the memory and use twice the SIMD
 * lanes of doubles. Against netlib's double ddot/daxpy per rating (and native dgemv for long rows),
 * one thread's CPU per iteration on the default synthetic likes went 0.58 s to 0.40 s at rank 128 and
 * 0.165 s to 0.13 s at rank 40. All dots of a row first, then the combination four ratings at a time
 * (one load and store of the sum per four), measured faster than a dot and an axpy per rating.
 *
 * <p>Uses the incubating Vector API (with four independent accumulators per dot, so the FMA latency
 * does not serialise the sum) when the JVM has {@code jdk.incubator.vector}: the launch scripts and
 * the test runner add it. Without the module ({@link VectorApi#AVAILABLE}), {@link Scalar} loops give the
 * same products up to summation order.
 */
public final class FloatProducts {
    private FloatProducts() {}

    /** out[t] = y_t . v for the m vectors y_t at ys[y0 + t * k ..), t in [0, m). */
    public static void dots(int k, float[] ys, int y0, int m, float[] v, float[] out) {
        if (VectorApi.AVAILABLE) {
            SimdProducts.dots(k, ys, y0, m, v, out);
        } else {
            Scalar.dots(k, ys, y0, m, v, out);
        }
    }

    /** out[0, k) = sum over t in [0, m) of coefficient[t] y_t (overwrites out). */
    public static void combine(int k, float[] ys, int y0, int m, float[] coefficient, float[] out) {
        if (VectorApi.AVAILABLE) {
            SimdProducts.combine(k, ys, y0, m, coefficient, out);
        } else {
            Scalar.combine(k, ys, y0, m, coefficient, out);
        }
    }

    /** The coefficient of a rating in the sparse part of A v: (c - 1)(y . v). */
    public static float productCoefficient(double c, float dot) {
        return (float) ((c - 1) * dot);
    }

    /** The coefficient of a rating in CG's first residual, b minus the sparse part of A x: c - (c - 1)(y . x). */
    public static float residualCoefficient(double c, float dot) {
        return (float) (c - (c - 1) * dot);
    }

    /** Plain loops: the fallback without the Vector API, and the reference the tests compare with. */
    static final class Scalar {
        private Scalar() {}

        public static void dots(int k, float[] ys, int y0, int m, float[] v, float[] out) {
            for (int t = 0; t < m; t++) {
                int y = y0 + t * k;
                float dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += ys[y + f] * v[f];
                }
                out[t] = dot;
            }
        }

        public static void combine(int k, float[] ys, int y0, int m, float[] coefficient, float[] out) {
            java.util.Arrays.fill(out, 0, k, 0f);
            for (int t = 0; t < m; t++) {
                int y = y0 + t * k;
                float c = coefficient[t];
                for (int f = 0; f < k; f++) {
                    out[f] += c * ys[y + f];
                }
            }
        }
    }

    /** Loaded only when the module is present. */
    private static final class SimdProducts {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final int LANES = SPECIES.length();

        static void dots(int k, float[] ys, int y0, int m, float[] v, float[] out) {
            int wide = k - k % (4 * LANES);
            int vectors = k - k % LANES;
            if (vectors == 0) {
                shortDots(k, ys, y0, m, v, out);
                return;
            }
            for (int t = 0; t < m; t++) {
                int y = y0 + t * k;
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                int f = 0;
                for (; f < wide; f += 4 * LANES) {
                    a0 = FloatVector.fromArray(SPECIES, ys, y + f).fma(FloatVector.fromArray(SPECIES, v, f), a0);
                    a1 = FloatVector.fromArray(SPECIES, ys, y + f + LANES)
                            .fma(FloatVector.fromArray(SPECIES, v, f + LANES), a1);
                    a2 = FloatVector.fromArray(SPECIES, ys, y + f + 2 * LANES)
                            .fma(FloatVector.fromArray(SPECIES, v, f + 2 * LANES), a2);
                    a3 = FloatVector.fromArray(SPECIES, ys, y + f + 3 * LANES)
                            .fma(FloatVector.fromArray(SPECIES, v, f + 3 * LANES), a3);
                }
                for (; f < vectors; f += LANES) {
                    a0 = FloatVector.fromArray(SPECIES, ys, y + f).fma(FloatVector.fromArray(SPECIES, v, f), a0);
                }
                float dot = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
                for (; f < k; f++) {
                    dot += ys[y + f] * v[f];
                }
                out[t] = dot;
            }
        }

        /**
         * Ranks below one vector: each dot summed in feature order as the scalar tail above sums it (from
         * 0, as a reduction of no vectors gives), four ratings side by side so that their adds do not wait
         * on each other; a rating's dot is the same to the bit whatever its neighbours.
         */
        private static void shortDots(int k, float[] ys, int y0, int m, float[] v, float[] out) {
            int t = 0;
            for (; t + 4 <= m; t += 4) {
                int y = y0 + t * k;
                float d0 = 0f;
                float d1 = 0f;
                float d2 = 0f;
                float d3 = 0f;
                for (int f = 0; f < k; f++) {
                    float vf = v[f];
                    d0 += ys[y + f] * vf;
                    d1 += ys[y + k + f] * vf;
                    d2 += ys[y + 2 * k + f] * vf;
                    d3 += ys[y + 3 * k + f] * vf;
                }
                out[t] = d0;
                out[t + 1] = d1;
                out[t + 2] = d2;
                out[t + 3] = d3;
            }
            for (; t < m; t++) {
                int y = y0 + t * k;
                float dot = 0f;
                for (int f = 0; f < k; f++) {
                    dot += ys[y + f] * v[f];
                }
                out[t] = dot;
            }
        }

        /** Four vectors per pass over out: one load and one store of out per four ratings. */
        static void combine(int k, float[] ys, int y0, int m, float[] coefficient, float[] out) {
            int vectors = k - k % LANES;
            java.util.Arrays.fill(out, 0, k, 0f);
            int t = 0;
            for (; t + 4 <= m; t += 4) {
                int y = y0 + t * k;
                float c0 = coefficient[t];
                float c1 = coefficient[t + 1];
                float c2 = coefficient[t + 2];
                float c3 = coefficient[t + 3];
                if (vectors > 0) { // small ranks have no whole vector: no broadcasts
                    FloatVector s0 = FloatVector.broadcast(SPECIES, c0);
                    FloatVector s1 = FloatVector.broadcast(SPECIES, c1);
                    FloatVector s2 = FloatVector.broadcast(SPECIES, c2);
                    FloatVector s3 = FloatVector.broadcast(SPECIES, c3);
                    for (int f = 0; f < vectors; f += LANES) {
                        FloatVector acc = FloatVector.fromArray(SPECIES, out, f);
                        acc = FloatVector.fromArray(SPECIES, ys, y + f).fma(s0, acc);
                        acc = FloatVector.fromArray(SPECIES, ys, y + k + f).fma(s1, acc);
                        acc = FloatVector.fromArray(SPECIES, ys, y + 2 * k + f).fma(s2, acc);
                        acc = FloatVector.fromArray(SPECIES, ys, y + 3 * k + f).fma(s3, acc);
                        acc.intoArray(out, f);
                    }
                }
                for (int f = vectors; f < k; f++) {
                    out[f] += c0 * ys[y + f] + c1 * ys[y + k + f] + c2 * ys[y + 2 * k + f] + c3 * ys[y + 3 * k + f];
                }
            }
            for (; t < m; t++) {
                int y = y0 + t * k;
                float c = coefficient[t];
                if (vectors > 0) {
                    FloatVector s = FloatVector.broadcast(SPECIES, c);
                    for (int f = 0; f < vectors; f += LANES) {
                        FloatVector.fromArray(SPECIES, ys, y + f)
                                .fma(s, FloatVector.fromArray(SPECIES, out, f))
                                .intoArray(out, f);
                    }
                }
                for (int f = vectors; f < k; f++) {
                    out[f] += c * ys[y + f];
                }
            }
        }
    }
}
