package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import scala.Tuple2;

class TopKTest {
    private final JavaSparkContext jsc = SparkTestSession.jsc();

    /** Integer factors in a tiny range make many exact ties, which must go to the lower candidate id. */
    @Test
    void dotProductWithTiesAndExclusionsMatchesBruteForce() {
        Random random = new Random(1);
        Map<Integer, double[]> queries = integerFactors(random, 40, 3, 2);
        Map<Integer, double[]> candidates = integerFactors(random, 70, 3, 2);
        Map<Integer, int[]> exclusions = randomExclusions(random, queries.keySet(), 70, 30);
        for (int blocks : new int[] {1, 3}) {
            for (int k : new int[] {1, 5, 80}) {
                Map<Integer, Scored[]> got = run(queries, candidates, k, exclusions, false, false, blocks);
                assertSame(bruteForce(queries, candidates, k, exclusions, false, false), got, 0.0);
            }
        }
    }

    @Test
    void similarItemsByCosineSkipSelfAndMatchBruteForce() {
        Random random = new Random(2);
        Map<Integer, double[]> items = gaussianFactors(random, 60, 4);
        items.put(60, new double[4]); // a zero vector: cosine 0 with everything
        Map<Integer, Scored[]> got = run(items, items, 6, null, true, true, 2);
        assertSame(bruteForce(items, items, 6, null, true, true), got, 1e-12);
        for (Map.Entry<Integer, Scored[]> e : got.entrySet()) {
            for (Scored s : e.getValue()) {
                assertEquals(true, s.id() != e.getKey(), "an item is never its own neighbour");
            }
        }
    }

    /** More queries and candidates than one chunk holds, so chunk boundaries and heap merges are crossed. */
    @Test
    void crossesChunkBoundaries() {
        Random random = new Random(3);
        Map<Integer, double[]> queries = integerFactors(random, BlockScorer.QUERY_CHUNK + 20, 2, 3);
        Map<Integer, double[]> candidates = integerFactors(random, BlockScorer.CANDIDATE_CHUNK + 300, 2, 3);
        Map<Integer, int[]> exclusions = randomExclusions(random, queries.keySet(), candidates.size(), 50);
        Map<Integer, Scored[]> got = run(queries, candidates, 7, exclusions, false, false, 1);
        assertSame(bruteForce(queries, candidates, 7, exclusions, false, false), got, 0.0);
    }

    @Test
    void queryWithEveryCandidateExcludedGetsAnEmptyRanking() {
        Map<Integer, double[]> queries = Map.of(0, new double[] {1, 0}, 1, new double[] {0, 1});
        Map<Integer, double[]> candidates = Map.of(0, new double[] {1, 1}, 1, new double[] {2, 0});
        Map<Integer, int[]> exclusions = Map.of(0, new int[] {1, 0});
        Map<Integer, Scored[]> got = run(queries, candidates, 3, exclusions, false, false, 2);
        assertEquals(0, got.get(0).length);
        // query 1 scores 1 against candidate 0 and 0 against candidate 1
        assertArrayEquals(new Scored[] {new Scored(0, 1.0), new Scored(1, 0.0)}, got.get(1));
    }

    /** AUC's exact ties (see BlockScorerTest) when the positive and its twin are in different candidate blocks. */
    @Test
    void exactTiesCountOneHalfAcrossCandidateBlocks() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(23);
        List<Tuple2<Integer, double[]>> items = BlockScorerTest.itemsWithTwins(random, BlockScorerTest.TWIN_POSITIVES);
        double[] x = random.doubles(BlockScorerTest.TWIN_RANK).map(v -> v - 0.5).toArray();
        QueryRow row = BlockScorerTest.heldOut(x, items, BlockScorerTest.TWIN_POSITIVES);
        long expected = BlockScorerTest.exactCorrectPairsTwice(x, items, BlockScorerTest.TWIN_POSITIVES);
        for (int blocks : new int[] {1, 3}) {
            Ranking ranking = TopK.rank(
                            jsc.parallelizePairs(List.of(new Tuple2<>(0, row))),
                            jsc.parallelizePairs(items),
                            5,
                            RankOptions.EVALUATE,
                            blocks)
                    .collectAsMap()
                    .get(0);
            assertEquals(expected, ranking.correctPairsTwice(), blocks + " blocks");
        }
    }

    /**
     * Items with equal factors tie exactly and go by their index, whatever the block count: the dgemm
     * rounds a score with the candidate's place in its block, so the ranking uses one summation order.
     */
    @Test
    void twinItemsTieByIndexAtEveryBlockCount() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(31);
        int rank = 37;
        Map<Integer, double[]> items = new HashMap<>();
        for (int i = 0; i < 120; i += 2) {
            double[] factors = random.doubles(rank).map(v -> v - 0.5).toArray();
            items.put(i, factors);
            items.put(i + 1, factors.clone());
        }
        Map<Integer, double[]> queries = gaussianFactors(new Random(5), 30, rank);
        Map<Integer, Scored[]> oneBlock = run(queries, items, 120, null, false, false, 1);
        for (int blocks : new int[] {2, 3, 5}) {
            Map<Integer, Scored[]> other = run(queries, items, 120, null, false, false, blocks);
            for (int query : queries.keySet()) {
                assertArrayEquals(oneBlock.get(query), other.get(query), "query " + query + ", " + blocks + " blocks");
            }
        }
        for (Scored[] ranking : oneBlock.values()) {
            for (int at = 0; at < ranking.length; at += 2) {
                assertEquals(ranking[at].id() + 1, ranking[at + 1].id(), "a twin right after the lower index");
                assertEquals(ranking[at].score(), ranking[at + 1].score(), "twins tie exactly");
            }
        }
    }

    private Map<Integer, Scored[]> run(
            Map<Integer, double[]> queries,
            Map<Integer, double[]> candidates,
            int k,
            Map<Integer, int[]> exclusions,
            boolean cosine,
            boolean excludeSelf,
            int blocks) {
        JavaPairRDD<Integer, int[]> exclusionRdd = exclusions == null ? null : pairs(exclusions);
        return new HashMap<>(TopK.topK(
                        pairs(queries),
                        pairs(candidates),
                        k,
                        exclusionRdd,
                        new RankOptions(cosine, excludeSelf, false),
                        blocks)
                .collectAsMap());
    }

    private <V> JavaPairRDD<Integer, V> pairs(Map<Integer, V> map) {
        List<Tuple2<Integer, V>> list = new ArrayList<>();
        map.forEach((key, value) -> list.add(new Tuple2<>(key, value)));
        return jsc.parallelizePairs(list, 3);
    }

    private static Map<Integer, Scored[]> bruteForce(
            Map<Integer, double[]> queries,
            Map<Integer, double[]> candidates,
            int k,
            Map<Integer, int[]> exclusions,
            boolean cosine,
            boolean excludeSelf) {
        Map<Integer, Scored[]> out = new HashMap<>();
        for (Map.Entry<Integer, double[]> q : queries.entrySet()) {
            Set<Integer> skip = new HashSet<>();
            if (exclusions != null && exclusions.containsKey(q.getKey())) {
                Arrays.stream(exclusions.get(q.getKey())).forEach(skip::add);
            }
            List<Scored> all = new ArrayList<>();
            for (Map.Entry<Integer, double[]> c : candidates.entrySet()) {
                if (skip.contains(c.getKey()) || (excludeSelf && c.getKey().equals(q.getKey()))) {
                    continue;
                }
                double dot = 0;
                for (int f = 0; f < q.getValue().length; f++) {
                    dot += q.getValue()[f] * c.getValue()[f];
                }
                if (cosine) {
                    double norms = norm(q.getValue()) * norm(c.getValue());
                    dot = norms == 0 ? 0 : dot / norms;
                }
                all.add(new Scored(c.getKey(), dot));
            }
            all.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::id));
            out.put(q.getKey(), all.subList(0, Math.min(k, all.size())).toArray(new Scored[0]));
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void assertSame(Map<Integer, Scored[]> expected, Map<Integer, Scored[]> got, double tolerance) {
        assertEquals(expected.keySet(), got.keySet());
        for (Integer q : expected.keySet()) {
            Scored[] e = expected.get(q);
            Scored[] g = got.get(q);
            assertEquals(e.length, g.length, "length for query " + q);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i].id(), g[i].id(), "rank " + i + " of query " + q);
                assertEquals(e[i].score(), g[i].score(), tolerance, "score " + i + " of query " + q);
            }
        }
    }

    private static Map<Integer, double[]> integerFactors(Random random, int n, int rank, int range) {
        Map<Integer, double[]> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[rank];
            for (int f = 0; f < rank; f++) {
                v[f] = random.nextInt(2 * range + 1) - range;
            }
            out.put(i, v);
        }
        return out;
    }

    private static Map<Integer, double[]> gaussianFactors(Random random, int n, int rank) {
        Map<Integer, double[]> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[rank];
            for (int f = 0; f < rank; f++) {
                v[f] = random.nextGaussian();
            }
            out.put(i, v);
        }
        return out;
    }

    /** Unsorted, sometimes empty exclusion lists (TopK must sort them), for about two queries in three. */
    private static Map<Integer, int[]> randomExclusions(Random random, Set<Integer> queries, int candidates, int max) {
        Map<Integer, int[]> out = new HashMap<>();
        for (int q : queries) {
            if (random.nextInt(3) > 0) {
                out.put(
                        q,
                        random.ints(random.nextInt(max + 1), 0, candidates)
                                .distinct()
                                .toArray());
            }
        }
        return out;
    }
}
