package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            int[] excluded = random.ints(30, 0, candidateCount).map(i -> i * 2).distinct().sorted().toArray();
            int[] positives = random.ints(6, 0, candidateCount).map(i -> i * 2)
                    .filter(i -> Arrays.binarySearch(excluded, i) < 0).distinct().sorted().toArray();
            double[] positiveScores = Arrays.stream(positives).mapToDouble(i -> dot(x, candidates.get(i / 2)._2())).toArray();
            rows.add(new Tuple2<>(q * 2, new QueryRow(x, excluded, positives, positiveScores)));
        }
        for (boolean excludeSelf : new boolean[] {false, true}) {
            Ranking[] rankings = BlockScorer.score(QueryBlock.pack(rows.iterator(), false),
                    CandidateBlock.pack(candidates.iterator(), false), k, new RankOptions(false, excludeSelf, true));
            for (int q = 0; q < rows.size(); q++) {
                int queryId = rows.get(q)._1();
                QueryRow row = rows.get(q)._2();
                List<Scored> all = new ArrayList<>();
                for (Tuple2<Integer, double[]> c : candidates) {
                    if (!(excludeSelf && c._1() == queryId)) {
                        all.add(new Scored(c._1(), dot(row.factors(), c._2())));
                    }
                }
                Comparator<Scored> best = Comparator.comparingDouble((Scored s) -> -s.score()).thenComparingInt(Scored::id);
                List<Scored> unexcluded = all.stream().sorted(best).limit(k).toList();
                List<Scored> kept = all.stream().filter(s -> Arrays.binarySearch(row.excluded(), s.id()) < 0)
                        .sorted(best).limit(k).toList();
                assertArrayEquals(unexcluded.toArray(), rankings[q].unexcludedTop(), "unexcluded top of query " + q);
                assertArrayEquals(kept.toArray(), rankings[q].top(), "top of query " + q);
                long negatives = 0;
                long correctTwice = 0;
                for (Scored s : all) {
                    if (Arrays.binarySearch(row.excluded(), s.id()) >= 0 || Arrays.binarySearch(row.positives(), s.id()) >= 0) {
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

    /** The scalar pair count against brute force, ties (and -0.0 against 0.0) and odd lengths included. */
    @Test
    void scalarCountsEqualBruteForce() {
        checkCounts(VectorCounts::scalarNotAbove);
    }

    /** The same for the SIMD count (the one that runs when the JVM has the module). */
    @Test
    void vectorCountsEqualBruteForce() {
        assumeTrue(VectorApi.AVAILABLE, "needs --add-modules=jdk.incubator.vector (the test runner adds it)");
        checkCounts(VectorCounts::notAbove);
    }

    private interface PairCount {
        long count(double[] scores, int from, int n, double[] positives);
    }

    private static void checkCounts(PairCount counter) {
        SplittableRandom random = new SplittableRandom(5);
        double[] positives = {-1.0, 0.0, 0.0, 0.5, 1.5};
        for (int n : new int[] {0, 1, 3, 4, 7, 33, 1000}) {
            double[] scores = random.ints(n + 5, -4, 4).mapToDouble(i -> i * 0.5).toArray();
            scores[2] = -0.0;
            long expected = 0;  // per (positive, score): 2 when the score is above, 1 when equal
            for (int c = 2; c < 2 + n; c++) {
                for (double p : positives) {
                    expected += p < scores[c] ? 2 : p == scores[c] ? 1 : 0;
                }
            }
            assertEquals(expected, counter.count(scores, 2, n, positives), "n = " + n);
        }
    }

    private static double dot(double[] a, double[] b) {
        return IntStream.range(0, a.length).mapToDouble(f -> a[f] * b[f]).sum();
    }
}
