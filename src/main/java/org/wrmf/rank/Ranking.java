package org.wrmf.rank;

import java.io.Serializable;

/**
 * What one blocked scoring pass learns about one query (user): its k best candidates, best first,
 * skipping its exclusions; when asked, also its k best ignoring exclusions (else null); and, when
 * held-out positives were attached to the query, the counts AUC needs: the number of negatives scored
 * and twice the number of correctly ordered (positive, negative) pairs, ties counting one half (kept
 * doubled so the count stays an exact integer). Partial rankings from different candidate blocks
 * merge associatively.
 */
public record Ranking(Scored[] top, Scored[] unexcludedTop, long negatives, long correctPairsTwice)
        implements Serializable {

    static Ranking merge(Ranking a, Ranking b, int k) {
        Scored[] unexcludedTop =
                a.unexcludedTop == null ? null : BoundedHeap.merge(a.unexcludedTop, b.unexcludedTop, k);
        return new Ranking(
                BoundedHeap.merge(a.top, b.top, k),
                unexcludedTop,
                a.negatives + b.negatives,
                a.correctPairsTwice + b.correctPairsTwice);
    }
}
