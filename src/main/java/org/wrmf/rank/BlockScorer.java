package org.wrmf.rank;

import dev.ludovic.netlib.blas.BLAS;
import org.wrmf.linalg.Blas;

/**
 * The numeric kernel of every ranking: one query block against one candidate block. Queries and
 * candidates are cut into chunks small enough that a chunk pair's scores (at most
 * QUERY_CHUNK x CANDIDATE_CHUNK doubles, 4 MB) stay in cache-friendly memory; each chunk pair is one
 * dgemm, then every query walks its row of scores once, skipping its excluded candidates (so they
 * never take a place in the heap), offering the rest to its bounded heap and, when it has positives,
 * counting the negatives ranked below each positive for AUC. When asked, a second heap per query keeps
 * the top k ignoring exclusions (the seed's precision, where training likes compete), so evaluation
 * gets both rankings from one matrix product.
 */
public final class BlockScorer {
    public static final int QUERY_CHUNK = 256;
    public static final int CANDIDATE_CHUNK = 2048;

    private BlockScorer() {
    }

    /**
     * Ranks the candidates for every query of the block. The blocks were packed for the options' score
     * (cosine or dot product): this pass uses their excludeSelf and keepUnexcludedTop.
     */
    public static Ranking[] score(QueryBlock queries, CandidateBlock candidates, int k, RankOptions options) {
        boolean excludeSelf = options.excludeSelf();
        boolean keepUnexcludedTop = options.keepUnexcludedTop();
        if (queries.rank != candidates.rank) {
            throw new IllegalArgumentException("queries have rank " + queries.rank + ", candidates "
                    + candidates.rank);
        }
        BLAS blas = Blas.DEFAULT;
        int rank = queries.rank;
        int queryCount = queries.size();
        int candidateCount = candidates.size();
        Ranking[] out = new Ranking[queryCount];
        double[] scores = new double[Math.min(QUERY_CHUNK, queryCount) * Math.min(CANDIDATE_CHUNK, candidateCount)];
        BoundedHeap[] heaps = new BoundedHeap[Math.min(QUERY_CHUNK, queryCount)];
        BoundedHeap[] unexcludedHeaps = new BoundedHeap[heaps.length];
        for (int h = 0; h < heaps.length; h++) {
            heaps[h] = new BoundedHeap(k);
            unexcludedHeaps[h] = keepUnexcludedTop ? new BoundedHeap(k) : null;
        }
        long[] negatives = new long[heaps.length];
        long[] correctPairsTwice = new long[heaps.length];

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
                blas.dgemm("T", "N", cn, qn, rank, 1.0, candidates.factors, c0 * rank, rank,
                        queries.factors, q0 * rank, rank, 0.0, scores, 0, cn);
                for (int q = 0; q < qn; q++) {
                    long[] counts = offerRow(queries, q0 + q, candidates, c0, cn, scores, q * cn, excludeSelf, heaps[q],
                            unexcludedHeaps[q]);
                    negatives[q] += counts[0];
                    correctPairsTwice[q] += counts[1];
                }
            }
            for (int q = 0; q < qn; q++) {
                Scored[] unexcludedTop = keepUnexcludedTop ? unexcludedHeaps[q].toSortedArray() : null;
                out[q0 + q] = new Ranking(heaps[q].toSortedArray(), unexcludedTop, negatives[q], correctPairsTwice[q]);
            }
        }
        return out;
    }

    /**
     * One query's pass over a chunk of candidate scores; returns {negatives, correct pairs x 2}.
     *
     * <p>The heaps: a candidate is looked at only when its score reaches the heap's floor (its worst
     * kept score), which after the first few candidates is rare, and only then is its id checked
     * against the query's sorted exclusions. AUC: every candidate of the chunk is compared with every
     * held-out positive by SIMD compares ({@link VectorCounts}), then the candidates that are not
     * negatives (training likes, the positives themselves, the query itself when excluded) are taken
     * back out one by one.
     */
    private static long[] offerRow(QueryBlock queries, int query, CandidateBlock candidates, int c0, int cn,
            double[] scores, int offset, boolean excludeSelf, BoundedHeap heap, BoundedHeap unexcludedHeap) {
        int queryId = queries.ids[query];
        int[] candidateIds = candidates.ids;
        int[] excluded = queries.excluded[query];
        double floor = heap.floor();
        double unexcludedFloor = unexcludedHeap == null ? Double.POSITIVE_INFINITY : unexcludedHeap.floor();
        for (int c = 0; c < cn; c++) {
            double score = scores[offset + c];
            if (score < floor && score < unexcludedFloor) {
                continue;
            }
            int id = candidateIds[c0 + c];
            if (excludeSelf && id == queryId) {
                continue;
            }
            if (score >= unexcludedFloor) {
                unexcludedHeap.offer(id, score);
                unexcludedFloor = unexcludedHeap.floor();
            }
            if (score >= floor && !contains(excluded, id)) {
                heap.offer(id, score);
                floor = heap.floor();
            }
        }
        double[] positiveScores = queries.sortedPositiveScores[query];
        if (positiveScores == null) {
            return new long[] {0, 0};
        }
        // correct pairs x 2 = sum over negatives of 2P - #(positives < score) - #(positives <= score):
        // positives above a negative are ordered correctly (2 half-pairs), equal ones count one half.
        // Counted over the whole chunk with SIMD compares, then the non-negatives are taken back out.
        long notAbove = VectorCounts.notAbove(scores, offset, cn, positiveScores);
        long negatives = cn;
        int[] positives = queries.positives[query];
        int firstId = candidateIds[c0];
        int lastId = candidateIds[c0 + cn - 1];
        int e = excluded == null ? 0 : lowerBound(excluded, firstId);
        int p = positives == null ? 0 : lowerBound(positives, firstId);
        boolean selfPending = excludeSelf && queryId >= firstId && queryId <= lastId;
        while (true) {  // the sorted union of exclusions, positives and self within the chunk's ids
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
            int at = java.util.Arrays.binarySearch(candidateIds, c0, c0 + cn, next);
            if (at >= 0) {
                negatives--;
                notAbove -= VectorCounts.notAbove(positiveScores, scores[offset + at - c0]);
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
        return new long[] {negatives, 2L * positiveScores.length * negatives - notAbove};
    }

    /** Whether the sorted array (null: empty) holds the id. */
    private static boolean contains(int[] sorted, int id) {
        return sorted != null && java.util.Arrays.binarySearch(sorted, id) >= 0;
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
