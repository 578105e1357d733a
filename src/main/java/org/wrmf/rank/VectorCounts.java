package org.wrmf.rank;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.wrmf.linalg.VectorApi;

/**
 * The AUC pair counts of a run of candidate scores against a query's held-out positives, in SIMD
 * lanes (signs of differences for finite scores, compares otherwise): for each positive p, how many
 * scores s lie above {@code p + band} and how many not below
 * {@code p - band}. With band 0 their sum is {@code #(p < s) + #(p <= s)}, the pairs ordered wrongly
 * counted twice and ties once; pairs within band of each other are those whose order the scores'
 * rounding could flip, left to the caller to decide. Scalar compares over thousands of candidates
 * per user are where evaluation spent most of its time (their branches are unpredictable).
 *
 * <p>Uses the incubating Vector API when the JVM has it ({@link VectorApi#AVAILABLE}), else a scalar loop.
 */
final class VectorCounts {
    private VectorCounts() {}

    /** Running counts over (positive p, score s) pairs. */
    static final class PairCounts {
        /** #[p + band < s]: the score is above the positive beyond rounding. */
        long above;
        /** #[p - band <= s]: the score is not below the positive beyond rounding. */
        long notBelow;

        void clear() {
            above = 0;
            notBelow = 0;
        }
    }

    /** Adds the pairs of every positive with every score in scores[from, from + n). */
    static void count(double[] scores, int from, int n, double[] positives, double band, PairCounts counts) {
        if (VectorApi.AVAILABLE) {
            SimdCounts.count(scores, from, n, positives, band, counts);
        } else {
            scalarCount(scores, from, n, positives, band, counts);
        }
    }

    static void scalarCount(double[] scores, int from, int n, double[] positives, double band, PairCounts counts) {
        for (int c = from; c < from + n; c++) {
            for (double p : positives) {
                counts.above += p + band < scores[c] ? 1 : 0;
                counts.notBelow += p - band <= scores[c] ? 1 : 0;
            }
        }
    }

    /**
     * The first index in [from, to) whose score s is not below the floor beyond the band ({@code !(s + band <
     * floor)}: a NaN score counts as not below), or {@code to}: the ranking pass skips every score before it
     * without looking at it. With SIMD, four or eight scores per compare instead of a branch per score.
     */
    static int nextNotBelow(double[] scores, int from, int to, double band, double floor) {
        if (VectorApi.AVAILABLE) {
            return SimdCounts.nextNotBelow(scores, from, to, band, floor);
        }
        return scalarNextNotBelow(scores, from, to, band, floor);
    }

    static int scalarNextNotBelow(double[] scores, int from, int to, double band, double floor) {
        int c = from;
        while (c < to && scores[c] + band < floor) {
            c++;
        }
        return c;
    }

    /** Takes the pairs of one score (a candidate that is not a negative) back out. */
    static void remove(double[] positives, double score, double band, PairCounts counts) {
        for (double p : positives) {
            counts.above -= p + band < score ? 1 : 0;
            counts.notBelow -= p - band <= score ? 1 : 0;
        }
    }

    /** Loaded only when the module is present. */
    private static final class SimdCounts {
        private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

        static int nextNotBelow(double[] scores, int from, int to, double band, double floor) {
            int c = from;
            int bound = from + SPECIES.loopBound(to - from);
            for (; c < bound; c += SPECIES.length()) {
                VectorMask<Double> notBelow = DoubleVector.fromArray(SPECIES, scores, c)
                        .add(band)
                        .compare(VectorOperators.LT, floor)
                        .not();
                if (notBelow.anyTrue()) {
                    return c + notBelow.firstTrue();
                }
            }
            return scalarNextNotBelow(scores, c, to, band, floor);
        }

        /**
         * Every score finite (and every positive's bounds): counts from the signs of differences, else the
         * lane counts of compares, which agree with the plain loop on NaN and infinities too.
         */
        static void count(double[] scores, int from, int n, double[] positives, double band, PairCounts counts) {
            if (finiteBounds(positives, band) && finite(scores, from, n)) {
                signCounts(scores, from, n, positives, band, counts);
            } else {
                compareCounts(scores, from, n, positives, band, counts);
            }
        }

        private static boolean finiteBounds(double[] positives, double band) {
            for (double p : positives) {
                if (!Double.isFinite(p + band) || !Double.isFinite(p - band)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether no score in the run is NaN or infinite: 0 * s is 0 for the finite ones, NaN for the others. */
        private static boolean finite(double[] scores, int from, int n) {
            int bound = SPECIES.loopBound(n);
            DoubleVector sum = DoubleVector.zero(SPECIES);
            int c = 0;
            for (; c < bound; c += SPECIES.length()) {
                sum = sum.add(DoubleVector.fromArray(SPECIES, scores, from + c).mul(0.0));
            }
            double total = sum.reduceLanes(VectorOperators.ADD);
            for (; c < n; c++) {
                total += 0.0 * scores[from + c];
            }
            return total == 0;
        }

        /**
         * For finite values, s > high exactly when high - s is negative, and s < low when s - low is: the
         * sign bit of the difference, shifted down, is the count, with no compare and no mask (whose
         * masked adds cost more than the arithmetic on this JDK). Scores get + 0.0 first, which makes
         * -0.0 into 0.0 (-0.0 - 0.0 is -0.0, a negative sign where the compare sees a tie); high is never
         * -0.0 (band is not negative), and a low of -0.0 gives 0.0 - -0.0 = 0.0. One positive per pass
         * (the scores are in L1 by then).
         */
        private static void signCounts(
                double[] scores, int from, int n, double[] positives, double band, PairCounts counts) {
            int bound = SPECIES.loopBound(n);
            LongVector zero = DoubleVector.zero(SPECIES).reinterpretAsLongs();
            for (double positive : positives) {
                double high = positive + band;
                double low = positive - band;
                DoubleVector highs = DoubleVector.broadcast(SPECIES, high);
                DoubleVector lows = DoubleVector.broadcast(SPECIES, low);
                LongVector above = zero;
                LongVector below = zero;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    DoubleVector v =
                            DoubleVector.fromArray(SPECIES, scores, from + c).add(0.0);
                    above = above.add(signBit(highs.sub(v)));
                    below = below.add(signBit(v.sub(lows)));
                }
                counts.above += above.reduceLanes(VectorOperators.ADD);
                counts.notBelow += bound - below.reduceLanes(VectorOperators.ADD);
                addTail(scores, from + c, from + n, high, low, counts);
            }
        }

        /** One positive's bounds against the scores past the last whole vector, by plain compares. */
        private static void addTail(double[] scores, int from, int to, double high, double low, PairCounts counts) {
            for (int c = from; c < to; c++) {
                counts.above += high < scores[c] ? 1 : 0;
                counts.notBelow += low <= scores[c] ? 1 : 0;
            }
        }

        /** 1 in each lane whose value has its sign bit set, else 0. */
        private static LongVector signBit(DoubleVector difference) {
            return difference.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 63);
        }

        /**
         * Counts kept in the lanes (a masked add of 1.0 per compare, exact below 2^53) and summed once per
         * positive: a horizontal count per vector (trueCount) cost more than the compares themselves.
         * Two positives per pass over the scores, so each vector of scores is loaded once for both.
         */
        static void compareCounts(
                double[] scores, int from, int n, double[] positives, double band, PairCounts counts) {
            int bound = SPECIES.loopBound(n);
            DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
            DoubleVector zero = DoubleVector.zero(SPECIES);
            int j = 0;
            for (; j + 1 < positives.length; j += 2) {
                double high0 = positives[j] + band;
                double low0 = positives[j] - band;
                double high1 = positives[j + 1] + band;
                double low1 = positives[j + 1] - band;
                DoubleVector above0 = zero;
                DoubleVector notBelow0 = zero;
                DoubleVector above1 = zero;
                DoubleVector notBelow1 = zero;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, scores, from + c);
                    above0 = above0.add(one, v.compare(VectorOperators.GT, high0)); // high < s
                    notBelow0 = notBelow0.add(one, v.compare(VectorOperators.GE, low0)); // low <= s
                    above1 = above1.add(one, v.compare(VectorOperators.GT, high1));
                    notBelow1 = notBelow1.add(one, v.compare(VectorOperators.GE, low1));
                }
                long above = (long) above0.add(above1).reduceLanes(VectorOperators.ADD);
                long notBelow = (long) notBelow0.add(notBelow1).reduceLanes(VectorOperators.ADD);
                for (; c < n; c++) {
                    double s = scores[from + c];
                    above += (high0 < s ? 1 : 0) + (high1 < s ? 1 : 0);
                    notBelow += (low0 <= s ? 1 : 0) + (low1 <= s ? 1 : 0);
                }
                counts.above += above;
                counts.notBelow += notBelow;
            }
            if (j < positives.length) {
                double high = positives[j] + band;
                double low = positives[j] - band;
                DoubleVector above = zero;
                DoubleVector notBelow = zero;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, scores, from + c);
                    above = above.add(one, v.compare(VectorOperators.GT, high));
                    notBelow = notBelow.add(one, v.compare(VectorOperators.GE, low));
                }
                counts.above += (long) above.reduceLanes(VectorOperators.ADD);
                counts.notBelow += (long) notBelow.reduceLanes(VectorOperators.ADD);
                addTail(scores, from + c, from + n, high, low, counts);
            }
        }
    }
}
