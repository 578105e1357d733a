package org.wrmf.rank;

import java.util.Arrays;
import org.wrmf.linalg.Blas;
import org.wrmf.linalg.RowDots;

/**
 * The numeric kernel of every ranking: one query block against one candidate block. Queries and
 * candidates are cut into chunks small enough that a chunk pair's scores (at most
 * QUERY_CHUNK x CANDIDATE_CHUNK doubles, 4 MB) stay in cache-friendly memory; each chunk pair is one
 * dgemm, then every query walks its row of scores once, skipping its excluded candidates (so they
 * never take a place in the heap), offering the rest to its bounded heap and, when it has positives,
 * counting the negatives ranked below each positive for AUC. When asked, a second heap per query keeps
 * the top k ignoring exclusions (the notebook's precision, where training likes compete), so evaluation
 * gets both rankings from one matrix product.
 *
 * <p>AUC compares a held-out positive's score with every negative's, and an exact tie (say, two items
 * with the same factors) must count one half. The positives live in any candidate block and the
 * BLAS rounds a dgemm's dot products differently with the matrices' shapes (OpenBLAS does), so no
 * single matrix product can score both sides of every pair. Instead one function decides every pair
 * whose order rounding could flip: the positives come scored by {@link #pairScore}, and a negative
 * whose dgemm score lies within the rounding bound of a positive's is scored again by it.
 */
public final class BlockScorer {
    public static final int QUERY_CHUNK = 256;
    public static final int CANDIDATE_CHUNK = 2048;

    private BlockScorer() {}

    /**
     * Ranks the candidates for every query of the block. The blocks were packed for the options' score
     * (cosine or dot product): this pass uses their excludeSelf and keepUnexcludedTop.
     */
    public static Ranking[] score(QueryBlock queries, CandidateBlock candidates, int k, RankOptions options) {
        if (queries.rank != candidates.rank) {
            throw new IllegalArgumentException("queries have rank " + queries.rank + ", candidates " + candidates.rank);
        }
        return new Pass(queries, candidates, k, options).run();
    }

    /**
     * The score of one (query, candidate) pair by which AUC decides what the rounding of the pass's
     * matrix products leaves undecided: the dot product of the query with the candidate's vector at
     * {@code candidates[offset ..)}, summed in feature order. Held-out positives are scored by it
     * ({@link QueryRow#positiveScores()}), so a positive and a negative with equal vectors tie exactly.
     */
    public static double pairScore(double[] query, double[] candidates, int offset) {
        return RowDots.dot(query, 0, candidates, offset, query.length);
    }

    /**
     * {@link #pairScore} of the query with each candidate vector at {@code candidates[offsets[j] ..)}, into
     * {@code into[j]}: the same sums, several at a time ({@link RowDots}).
     */
    public static void pairScores(double[] query, double[] candidates, int[] offsets, double[] into) {
        RowDots.dots(query, 0, candidates, offsets, offsets.length, query.length, into);
    }

    /** One call's state: the blocks, the chunk pair's scores, and the queries' heaps and counts. */
    private static final class Pass {
        private final QueryBlock queries;
        private final CandidateBlock candidates;
        private final boolean excludeSelf;
        private final boolean keepUnexcludedTop;
        private final int rank;
        /** The longest candidate vector: with the query's length, it bounds the scores' rounding. */
        private final double maxCandidateNorm;

        private final double[] scores;
        private final BoundedHeap[] heaps;
        private final BoundedHeap[] unexcludedHeaps;
        private final long[] negatives;
        private final long[] correctPairsTwice;
        private final VectorCounts.PairCounts pairs = new VectorCounts.PairCounts();

        Pass(QueryBlock queries, CandidateBlock candidates, int k, RankOptions options) {
            this.queries = queries;
            this.candidates = candidates;
            this.excludeSelf = options.excludeSelf();
            this.keepUnexcludedTop = options.keepUnexcludedTop();
            this.rank = queries.rank;
            double longest = 0;
            for (int c = 0; c < candidates.size(); c++) {
                longest = Math.max(
                        longest, RowDots.dot(candidates.factors, c * rank, candidates.factors, c * rank, rank));
            }
            this.maxCandidateNorm = Math.sqrt(longest);
            int queryChunk = Math.min(QUERY_CHUNK, queries.size());
            this.scores = new double[queryChunk * Math.min(CANDIDATE_CHUNK, candidates.size())];
            this.heaps = new BoundedHeap[queryChunk];
            this.unexcludedHeaps = new BoundedHeap[queryChunk];
            for (int h = 0; h < queryChunk; h++) {
                heaps[h] = new BoundedHeap(k);
                unexcludedHeaps[h] = keepUnexcludedTop ? new BoundedHeap(k) : null;
            }
            this.negatives = new long[queryChunk];
            this.correctPairsTwice = new long[queryChunk];
        }

        Ranking[] run() {
            int queryCount = queries.size();
            int candidateCount = candidates.size();
            Ranking[] out = new Ranking[queryCount];
            for (int q0 = 0; q0 < queryCount; q0 += QUERY_CHUNK) {
                int qn = Math.min(QUERY_CHUNK, queryCount - q0);
                for (int h = 0; h < qn; h++) {
                    heaps[h].clear();
                    if (keepUnexcludedTop) {
                        unexcludedHeaps[h].clear();
                    }
                    negatives[h] = 0;
                    correctPairsTwice[h] = 0;
                }
                for (int c0 = 0; c0 < candidateCount; c0 += CANDIDATE_CHUNK) {
                    int cn = Math.min(CANDIDATE_CHUNK, candidateCount - c0);
                    // scores[c + q * cn] = candidate (c0 + c) . query (q0 + q)
                    Blas.DEFAULT.dgemm(
                            "T",
                            "N",
                            cn,
                            qn,
                            rank,
                            1.0,
                            candidates.factors,
                            c0 * rank,
                            rank,
                            queries.factors,
                            q0 * rank,
                            rank,
                            0.0,
                            scores,
                            0,
                            cn);
                    for (int q = 0; q < qn; q++) {
                        offerRow(q0 + q, c0, cn, q * cn, heaps[q], unexcludedHeaps[q]);
                        countPairs(q0 + q, q, c0, cn, q * cn);
                    }
                }
                for (int q = 0; q < qn; q++) {
                    Scored[] unexcludedTop = keepUnexcludedTop ? unexcludedHeaps[q].toSortedArray() : null;
                    out[q0 + q] =
                            new Ranking(heaps[q].toSortedArray(), unexcludedTop, negatives[q], correctPairsTwice[q]);
                }
            }
            return out;
        }

        /**
         * One query's pass over a chunk of candidate scores for its heaps: a candidate is looked at only
         * when its score comes within the rounding band of a heap's floor (its worst kept score), which
         * after the first few candidates is rare, and only then is its id checked against the query's
         * sorted exclusions. The heaps get the candidate's {@link #pairScore}, not the dgemm's: the dgemm
         * rounds a candidate's score with its place in the block, so items with equal vectors in other
         * blocks (or at another block count) would be ordered by rounding, not by their index.
         */
        private void offerRow(int query, int c0, int cn, int offset, BoundedHeap heap, BoundedHeap unexcludedHeap) {
            int queryId = queries.ids[query];
            int[] excluded = queries.excluded[query];
            double queryNorm =
                    Math.sqrt(RowDots.dot(queries.factors, query * rank, queries.factors, query * rank, rank));
            double band = rank * 0x1p-51 * queryNorm * maxCandidateNorm; // as in countPairs
            double floor = heap.floor();
            double unexcludedFloor = unexcludedHeap == null ? Double.POSITIVE_INFINITY : unexcludedHeap.floor();
            for (int c = 0; c < cn; c++) {
                // the scores below both floors beyond the band, skipped several at a time
                c = VectorCounts.nextNotBelow(scores, offset + c, offset + cn, band, Math.min(floor, unexcludedFloor))
                        - offset;
                if (c == cn) {
                    break;
                }
                int id = candidates.ids[c0 + c];
                if (excludeSelf && id == queryId) {
                    continue;
                }
                double score = RowDots.dot(queries.factors, query * rank, candidates.factors, (c0 + c) * rank, rank);
                if (score >= unexcludedFloor) {
                    unexcludedHeap.offer(id, score);
                    unexcludedFloor = unexcludedHeap.floor();
                }
                if (score >= floor && !contains(excluded, id)) {
                    heap.offer(id, score);
                    floor = heap.floor();
                }
            }
        }

        /**
         * One query's AUC counts over a chunk: correct pairs x 2 = sum over negatives of 2P - #(positives
         * < score) - #(positives <= score), positives above a negative being ordered correctly (2
         * half-pairs), equal ones one half. Every candidate of the chunk is compared with every positive
         * by SIMD compares ({@link VectorCounts}), widened by the rounding bound; the candidates that
         * are not negatives (training likes, the positives themselves, the query itself when excluded)
         * are taken back out one by one; the negatives left within the bound are decided by
         * {@link #pairScore}.
         */
        private void countPairs(int query, int slot, int c0, int cn, int offset) {
            double[] positiveScores = queries.sortedPositiveScores[query];
            if (positiveScores == null) {
                return;
            }
            int queryId = queries.ids[query];
            int[] candidateIds = candidates.ids;
            int[] excluded = queries.excluded[query];
            int[] positives = queries.positives[query];
            // two dot products of the same pair differ by at most 2 k u |x| |y| (u = 2^-53), whatever
            // their summation order; twice that, to spare
            double queryNorm =
                    Math.sqrt(RowDots.dot(queries.factors, query * rank, queries.factors, query * rank, rank));
            double band = rank * 0x1p-51 * queryNorm * maxCandidateNorm;
            pairs.clear();
            VectorCounts.count(scores, offset, cn, positiveScores, band, pairs);
            long chunkNegatives = cn;
            int firstId = candidateIds[c0];
            int lastId = candidateIds[c0 + cn - 1];
            int e = excluded == null ? 0 : lowerBound(excluded, firstId);
            int p = positives == null ? 0 : lowerBound(positives, firstId);
            boolean selfPending = excludeSelf && queryId >= firstId && queryId <= lastId;
            while (true) { // the sorted union of exclusions, positives and self within the chunk's ids
                int next = Integer.MAX_VALUE;
                if (excluded != null && e < excluded.length) {
                    next = excluded[e];
                }
                if (positives != null && p < positives.length) {
                    next = Math.min(next, positives[p]);
                }
                if (selfPending) {
                    next = Math.min(next, queryId);
                }
                if (next > lastId) {
                    break;
                }
                int at = Arrays.binarySearch(candidateIds, c0, c0 + cn, next);
                if (at >= 0) {
                    chunkNegatives--;
                    VectorCounts.remove(positiveScores, scores[offset + at - c0], band, pairs);
                }
                while (excluded != null && e < excluded.length && excluded[e] == next) {
                    e++;
                }
                while (positives != null && p < positives.length && positives[p] == next) {
                    p++;
                }
                if (selfPending && queryId == next) {
                    selfPending = false;
                }
            }
            long notAbove = pairs.above + pairs.notBelow;
            if (pairs.notBelow > pairs.above) {
                notAbove += decideNearPairs(query, c0, cn, offset, band);
            }
            negatives[slot] += chunkNegatives;
            correctPairsTwice[slot] += 2L * positiveScores.length * chunkNegatives - notAbove;
        }

        /**
         * The correction to the chunk's count for the (positive, negative) pairs within band of each
         * other, counted as ties so far: each is decided by the negative's {@link #pairScore}. Rare
         * (a near tie), so a plain loop.
         */
        private long decideNearPairs(int query, int c0, int cn, int offset, double band) {
            double[] positiveScores = queries.sortedPositiveScores[query];
            long correction = 0;
            for (int c = 0; c < cn; c++) {
                double score = scores[offset + c];
                if (!nearAny(positiveScores, score, band) || !isNegative(query, candidates.ids[c0 + c])) {
                    continue;
                }
                double rescored = RowDots.dot(queries.factors, query * rank, candidates.factors, (c0 + c) * rank, rank);
                for (double positive : positiveScores) {
                    if (near(positive, score, band)) {
                        correction += (positive < rescored ? 1 : 0) + (positive <= rescored ? 1 : 0) - 1;
                    }
                }
            }
            return correction;
        }

        /** The pair fell in neither of VectorCounts' certain counts (the same compares). */
        private static boolean near(double positive, double score, double band) {
            return !(positive + band < score) && positive - band <= score;
        }

        private static boolean nearAny(double[] positives, double score, double band) {
            for (double positive : positives) {
                if (near(positive, score, band)) {
                    return true;
                }
            }
            return false;
        }

        private boolean isNegative(int query, int id) {
            return !contains(queries.excluded[query], id)
                    && !contains(queries.positives[query], id)
                    && !(excludeSelf && id == queries.ids[query]);
        }
    }

    /** Whether the sorted array (null: empty) holds the id. */
    private static boolean contains(int[] sorted, int id) {
        return sorted != null && Arrays.binarySearch(sorted, id) >= 0;
    }

    /** First index whose value is >= key. */
    static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
