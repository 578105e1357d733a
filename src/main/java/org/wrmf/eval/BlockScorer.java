package org.wrmf.eval;

import dev.ludovic.netlib.blas.BLAS;

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
final class BlockScorer {
    static final int QUERY_CHUNK = 256;
    static final int CANDIDATE_CHUNK = 2048;

    private BlockScorer() {
    }

    static Ranking[] score(QueryBlock queries, CandidateBlock candidates, int k, boolean excludeSelf,
            boolean keepUnexcludedTop) {
        if (queries.rank != candidates.rank) {
            throw new IllegalArgumentException("queries have rank " + queries.rank + ", candidates "
                    + candidates.rank);
        }
        BLAS blas = BLAS.getInstance();
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

    /** One query's pass over a chunk of candidate scores; returns {negatives, correct pairs x 2}. */
    private static long[] offerRow(QueryBlock queries, int query, CandidateBlock candidates, int c0, int cn,
            double[] scores, int offset, boolean excludeSelf, BoundedHeap heap, BoundedHeap unexcludedHeap) {
        int queryId = queries.ids[query];
        int[] candidateIds = candidates.ids;
        int[] excluded = queries.excluded[query];
        int[] positives = queries.positives[query];
        double[] positiveScores = queries.sortedPositiveScores[query];
        boolean countAuc = positiveScores != null;
        int e = excluded == null ? 0 : lowerBound(excluded, candidateIds[c0]);
        int p = positives == null ? 0 : lowerBound(positives, candidateIds[c0]);
        long negatives = 0;
        long correctPairsTwice = 0;
        for (int c = 0; c < cn; c++) {
            int id = candidateIds[c0 + c];
            if (excludeSelf && id == queryId) {
                continue;
            }
            double score = scores[offset + c];
            if (unexcludedHeap != null) {
                unexcludedHeap.offer(id, score);
            }
            if (excluded != null) {
                while (e < excluded.length && excluded[e] < id) {
                    e++;
                }
                if (e < excluded.length && excluded[e] == id) {
                    continue;
                }
            }
            heap.offer(id, score);
            if (countAuc) {
                if (positives != null) {
                    while (p < positives.length && positives[p] < id) {
                        p++;
                    }
                    if (p < positives.length && positives[p] == id) {
                        continue;
                    }
                }
                negatives++;
                int below = lowerBound(positiveScores, score);
                int atOrBelow = upperBound(positiveScores, score);
                // positives above this negative are ordered correctly; equal ones count one half
                correctPairsTwice += 2L * (positiveScores.length - atOrBelow) + (atOrBelow - below);
            }
        }
        return new long[] {negatives, correctPairsTwice};
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

    private static int lowerBound(double[] sorted, double key) {
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

    private static int upperBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
