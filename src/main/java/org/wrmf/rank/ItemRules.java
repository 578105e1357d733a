package org.wrmf.rank;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Which items a ranking may offer at all, whatever the query: never the {@code excluded} ones, and, when
 * a {@code candidates} list is given, only those (dense item indices; null: no such rule). Applied to the
 * candidate side before it is packed into blocks ({@link #restrict}), so a ruled-out item is never scored
 * and never takes a place in a heap: every query still gets its k best among the items it may be offered.
 */
public record ItemRules(JavaRDD<Integer> excluded, JavaRDD<Integer> candidates) {
    /** No rule: every item may be offered. */
    public static final ItemRules NONE = new ItemRules(null, null);

    public boolean isNone() {
        return excluded == null && candidates == null;
    }

    /**
     * The candidates the rules allow, hash-partitioned by {@code partitioner}: the partitioning the top-k
     * pass packs its candidate blocks by, so restricting costs the small lists' shuffle, not another one of
     * the factors. Duplicated ids in the lists count once.
     */
    public JavaPairRDD<Integer, double[]> restrict(JavaPairRDD<Integer, double[]> items, Partitioner partitioner) {
        if (isNone()) {
            return items;
        }
        JavaPairRDD<Integer, double[]> allowed = items.partitionBy(partitioner);
        if (candidates != null) {
            allowed = keepOnly(allowed, candidates, partitioner);
        }
        if (excluded != null) {
            allowed = allowed.subtractByKey(keys(excluded, partitioner), partitioner);
        }
        return allowed;
    }

    /**
     * The rows whose key is among {@code ids} (duplicates count once), partitioned by {@code partitioner}:
     * how a candidate list restricts items, and a list of users the queries.
     */
    public static <V> JavaPairRDD<Integer, V> keepOnly(
            JavaPairRDD<Integer, V> rows, JavaRDD<Integer> ids, Partitioner partitioner) {
        return rows.join(keys(ids, partitioner), partitioner).mapValues(Tuple2::_1);
    }

    private static JavaPairRDD<Integer, Boolean> keys(JavaRDD<Integer> ids, Partitioner partitioner) {
        return ids.mapToPair(id -> new Tuple2<>(id, Boolean.TRUE)).reduceByKey(partitioner, (a, b) -> a);
    }
}
