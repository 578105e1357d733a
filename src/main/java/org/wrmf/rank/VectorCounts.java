package org.wrmf.rank;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.wrmf.linalg.VectorApi;

/**
 * The AUC pair count of a run of candidate scores, with SIMD compares: for each held-out positive p,
 * {@code #(p < score) + #(p <= score)} over the run, summed. Scalar compares over thousands of
 * candidates per user are where evaluation spent most of its time (their branches are unpredictable).
 *
 * <p>Uses the incubating Vector API when the JVM has it ({@link VectorApi#AVAILABLE}), else a scalar loop.
 */
final class VectorCounts {
    private VectorCounts() {
    }

    /** Sum over positives p and scores s in scores[from, from + n) of [p < s] + [p <= s]. */
    static long notAbove(double[] scores, int from, int n, double[] positives) {
        return VectorApi.AVAILABLE ? Simd.notAbove(scores, from, n, positives) : scalarNotAbove(scores, from, n, positives);
    }

    static long scalarNotAbove(double[] scores, int from, int n, double[] positives) {
        long count = 0;
        for (int c = from; c < from + n; c++) {
            count += notAbove(positives, scores[c]);
        }
        return count;
    }

    /** Sum over positives p of [p < score] + [p <= score]. */
    static long notAbove(double[] positives, double score) {
        long count = 0;
        for (double p : positives) {
            count += (p < score ? 1 : 0) + (p <= score ? 1 : 0);
        }
        return count;
    }

    /** Loaded only when the module is present. */
    private static final class Simd {
        private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

        static long notAbove(double[] scores, int from, int n, double[] positives) {
            int bound = SPECIES.loopBound(n);
            long count = 0;
            for (double p : positives) {
                long lower = 0;
                long lowerOrEqual = 0;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, scores, from + c);
                    lower += v.compare(VectorOperators.GT, p).trueCount();        // p < s
                    lowerOrEqual += v.compare(VectorOperators.GE, p).trueCount(); // p <= s
                }
                for (; c < n; c++) {
                    double s = scores[from + c];
                    lower += p < s ? 1 : 0;
                    lowerOrEqual += p <= s ? 1 : 0;
                }
                count += lower + lowerOrEqual;
            }
            return count;
        }
    }
}
