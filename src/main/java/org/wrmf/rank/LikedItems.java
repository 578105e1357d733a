package org.wrmf.rank;

import java.util.Arrays;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * Each user's liked items as sorted, distinct ids: the exclusions of a ranking (no user is offered
 * what it already liked) and the sets in which evaluation counts hits. One definition, so that
 * recommendations, the evaluator and the grid's in-task scoring agree on it.
 */
public final class LikedItems {
    private LikedItems() {}

    /** (user, item) pairs grouped by user with the given partitioner. */
    public static JavaPairRDD<Integer, int[]> byUser(JavaPairRDD<Integer, Integer> likes, Partitioner partitioner) {
        return likes.groupByKey(partitioner).mapValues(LikedItems::sortedDistinct);
    }

    /** The ids in ascending order, each once. */
    public static int[] sortedDistinct(Iterable<Integer> ids) {
        int[] out = new int[16];
        int n = 0;
        for (int id : ids) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = id;
        }
        Arrays.sort(out, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || out[i] != out[distinct - 1]) {
                out[distinct++] = out[i];
            }
        }
        return Arrays.copyOf(out, distinct);
    }
}
