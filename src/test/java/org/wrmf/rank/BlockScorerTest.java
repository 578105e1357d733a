package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.wrmf.linalg.VectorApi;
import scala.Tuple2;

/**
 * The block scorer against brute force: every score computed, sorted, counted. More candidates than
 * one chunk holds, scores on a coarse grid so that ties are common (between negatives, and between
 * negatives and positives), exclusions, positives, and the query itself among the candidates.
 */
class BlockScorerTest {

    @Test
    void topKAndAucEqualBruteForce() {
        SplittableRandom random = new SplittableRandom(3);
        int rank = 3;
        int candidateCount = BlockScorer.CANDIDATE_CHUNK * 2 + 77;
        List<Tuple2<Integer, double[]>> candidates = new ArrayList<>();
        for (int i = 0; i < candidateCount; i++) {
            candidates.add(new Tuple2<>(i * 2, new double[] {random.nextInt(3), random.nextInt(3), random.nextInt(2)}));
        }
        List<Tuple2<Integer, QueryRow>> rows = new ArrayList<>();
        int k = 7;
        for (int q = 0; q < 40; q++) {
            double[] x = {random.nextInt(3) - 1, random.nextInt(3), random.nextInt(2)};
            int[] excluded = random.ints(30, 0, candidateCount)
                    .map(i -> i * 2)
                    .distinct()
                    .sorted()
                    .toArray();
            int[] positives = random.ints(6, 0, candidateCount)
                    .map(i -> i * 2)
                    .filter(i -> Arrays.binarySearch(excluded, i) < 0)
                    .distinct()
                    .sorted()
                    .toArray();
            double[] positiveScores = Arrays.stream(positives)
                    .mapToDouble(i -> dot(x, candidates.get(i / 2)._2()))
                    .toArray();
            rows.add(new Tuple2<>(q * 2, new QueryRow(x, excluded, positives, positiveScores)));
        }
        for (boolean excludeSelf : new boolean[] {false, true}) {
            Ranking[] rankings = BlockScorer.score(
                    QueryBlock.pack(rows.iterator(), false),
                    CandidateBlock.pack(candidates.iterator(), false),
                    k,
                    new RankOptions(false, excludeSelf, true));
            for (int q = 0; q < rows.size(); q++) {
                int queryId = rows.get(q)._1();
                QueryRow row = rows.get(q)._2();
                List<Scored> all = new ArrayList<>();
                for (Tuple2<Integer, double[]> c : candidates) {
                    if (!(excludeSelf && c._1() == queryId)) {
                        all.add(new Scored(c._1(), dot(row.factors(), c._2())));
                    }
                }
                Comparator<Scored> best =
                        Comparator.comparingDouble((Scored s) -> -s.score()).thenComparingInt(Scored::id);
                List<Scored> unexcluded = all.stream().sorted(best).limit(k).toList();
                List<Scored> kept = all.stream()
                        .filter(s -> Arrays.binarySearch(row.excluded(), s.id()) < 0)
                        .sorted(best)
                        .limit(k)
                        .toList();
                assertArrayEquals(unexcluded.toArray(), rankings[q].unexcludedTop(), "unexcluded top of query " + q);
                assertArrayEquals(kept.toArray(), rankings[q].top(), "top of query " + q);
                long negatives = 0;
                long correctTwice = 0;
                for (Scored s : all) {
                    if (Arrays.binarySearch(row.excluded(), s.id()) >= 0
                            || Arrays.binarySearch(row.positives(), s.id()) >= 0) {
                        continue;
                    }
                    negatives++;
                    for (double p : row.positiveScores()) {
                        correctTwice += p > s.score() ? 2 : p == s.score() ? 1 : 0;
                    }
                }
                assertEquals(negatives, rankings[q].negatives(), "negatives of query " + q);
                assertEquals(correctTwice, rankings[q].correctPairsTwice(), "AUC pairs of query " + q);
            }
        }
    }

    /**
     * A held-out item and a never-liked item with the same factors tie exactly, and count one half
     * each way, however the pass computes its scores. Eight such twins among random items, rank 10
     * (where a dot product summed in another order often differs in the last bit); the expected
     * count compares exact (BigDecimal) scores.
     */
    @Test
    void exactTiesBetweenPositivesAndNegativesCountOneHalf() {
        SplittableRandom random = new SplittableRandom(17);
        List<Tuple2<Integer, double[]>> candidates = itemsWithTwins(random, TWIN_POSITIVES);
        double[] x = random.doubles(TWIN_RANK).map(v -> v - 0.5).toArray();
        QueryRow row = heldOut(x, candidates, TWIN_POSITIVES);
        Ranking ranking = BlockScorer.score(
                QueryBlock.pack(List.of(new Tuple2<>(0, row)).iterator(), false),
                CandidateBlock.pack(candidates.iterator(), false),
                5,
                RankOptions.EVALUATE)[0];
        assertEquals(candidates.size() - TWIN_POSITIVES.length, ranking.negatives());
        assertEquals(exactCorrectPairsTwice(x, candidates, TWIN_POSITIVES), ranking.correctPairsTwice());
    }

    static final int TWIN_RANK = 10;
    /** Held-out items of {@link #itemsWithTwins}; the item after each has the same factors. */
    static final int[] TWIN_POSITIVES = {3, 11, 19, 27, 35, 43, 51, 59};

    /** 64 items with random factors of rank 10, each positive's next item its twin. */
    static List<Tuple2<Integer, double[]>> itemsWithTwins(SplittableRandom random, int[] positives) {
        List<Tuple2<Integer, double[]>> items = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            items.add(
                    new Tuple2<>(i, random.doubles(TWIN_RANK).map(v -> v - 0.5).toArray()));
        }
        for (int p : positives) {
            items.set(p + 1, new Tuple2<>(p + 1, items.get(p)._2().clone()));
        }
        return items;
    }

    /** A query holding out the positives, scored as the contract says (items indexed by id). */
    static QueryRow heldOut(double[] x, List<Tuple2<Integer, double[]>> items, int[] positives) {
        double[] scores = Arrays.stream(positives)
                .mapToDouble(i -> BlockScorer.pairScore(x, items.get(i)._2(), 0))
                .toArray();
        return new QueryRow(x, null, positives, scores);
    }

    /** Twice the correctly ordered (positive, negative) pairs by exact scores, ties once. */
    static long exactCorrectPairsTwice(double[] x, List<Tuple2<Integer, double[]>> items, int[] positives) {
        long correctTwice = 0;
        for (int p : positives) {
            for (Tuple2<Integer, double[]> negative : items) {
                if (Arrays.binarySearch(positives, negative._1()) < 0) {
                    correctTwice += 1 + exactDot(x, items.get(p)._2()).compareTo(exactDot(x, negative._2()));
                }
            }
        }
        return correctTwice;
    }

    private static BigDecimal exactDot(double[] a, double[] b) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int f = 0; f < a.length; f++) {
            sum = sum.add(new BigDecimal(a[f]).multiply(new BigDecimal(b[f])));
        }
        return sum;
    }

    /** The scalar pair counts against brute force, ties (and -0.0 against 0.0) and odd lengths included. */
    @Test
    void scalarCountsEqualBruteForce() {
        checkCounts(VectorCounts::scalarCount);
    }

    /** The same for the SIMD counts (the ones that run when the JVM has the module). */
    @Test
    void vectorCountsEqualBruteForce() {
        assumeTrue(VectorApi.AVAILABLE, "needs --add-modules=jdk.incubator.vector (the test runner adds it)");
        checkCounts(VectorCounts::count);
    }

    private interface PairCount {
        void count(double[] scores, int from, int n, double[] positives, double band, VectorCounts.PairCounts counts);
    }

    private static void checkCounts(PairCount counter) {
        SplittableRandom random = new SplittableRandom(5);
        double[] all = {-1.0, 0.0, 0.0, 0.5, 1.5};
        // odd and even counts of positives: the SIMD counts take them two at a time
        for (int count : new int[] {5, 4, 1, 0}) {
            checkCounts(counter, random, java.util.Arrays.copyOf(all, count));
        }
    }

    private static void checkCounts(PairCount counter, SplittableRandom random, double[] positives) {
        for (double band : new double[] {0, 0.25, 0.5}) {
            for (int n : new int[] {0, 1, 3, 4, 7, 33, 1000, -7, -33, -1000}) {
                // a negative n: the same length with a NaN and an infinity among the scores (the SIMD
                // counts work on signs of differences for finite scores, on compares otherwise)
                boolean nonFinite = n < 0;
                n = Math.abs(n);
                double[] scores =
                        random.ints(n + 5, -8, 8).mapToDouble(i -> i * 0.25).toArray();
                scores[2] = -0.0;
                if (nonFinite) {
                    scores[2 + n / 2] = Double.NaN;
                    scores[2 + n / 3] = n % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                }
                long above = 0;
                long notBelow = 0;
                for (int c = 2; c < 2 + n; c++) {
                    for (double p : positives) {
                        above += scores[c] > p + band ? 1 : 0;
                        notBelow += scores[c] >= p - band ? 1 : 0;
                    }
                }
                VectorCounts.PairCounts counts = new VectorCounts.PairCounts();
                counter.count(scores, 2, n, positives, band, counts);
                String at = "n = " + n + (nonFinite ? " (non-finite)" : "") + ", band " + band + ", " + positives.length
                        + " positives";
                assertEquals(above, counts.above, "above, " + at);
                assertEquals(notBelow, counts.notBelow, "not below, " + at);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        return IntStream.range(0, a.length).mapToDouble(f -> a[f] * b[f]).sum();
    }
}
