package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ranges of string ids split at ids sampled from the input, in {@link String#compareTo} order, one per
 * partition of a shuffle. Sorting each partition then sorts all the ids: the ids of partition p are
 * numbered from the count of ids in the partitions before it, with no global sort.
 */
final class IdRanges implements Serializable {
    /** Range p holds the ids from bounds[p - 1] (inclusive) to bounds[p] (exclusive). */
    private final String[] bounds;

    private IdRanges(String[] bounds) {
        this.bounds = bounds;
    }

    /** About equal ranges of the sampled ids; fewer ranges when the sample has fewer distinct ids. */
    static IdRanges fromSample(List<String> sample, int ranges) {
        String[] sorted = sample.toArray(String[]::new);
        Arrays.sort(sorted);
        List<String> bounds = new ArrayList<>();
        for (int p = 1; p < ranges && sorted.length > 0; p++) {
            String bound = sorted[(int) ((long) p * sorted.length / ranges)];
            if (bounds.isEmpty() || bound.compareTo(bounds.get(bounds.size() - 1)) > 0) {
                bounds.add(bound);
            }
        }
        return new IdRanges(bounds.toArray(String[]::new));
    }

    int count() {
        return bounds.length + 1;
    }

    /** The range holding id. */
    int of(String id) {
        int at = Arrays.binarySearch(bounds, id);
        return at >= 0 ? at + 1 : -at - 1;
    }
}
