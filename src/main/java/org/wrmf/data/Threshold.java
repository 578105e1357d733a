package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * Drops users with fewer than minUserLikes likes and items with fewer than minItemLikes users,
 * alternately, until a round removes nothing (a k-core): removing users can push items under their
 * minimum and back. Each round is two aggregations and two semi-joins; the surviving likes are cached
 * and the previous round's released. Each round's table is rebuilt from its rows, so the query plan
 * stays one round deep: nested plans grow about fourfold a round and exhausted a 2 GB driver in three.
 */
public final class Threshold {
    private static final Logger LOG = LoggerFactory.getLogger(Threshold.class);

    private Threshold() {
    }

    /** The result and the number of rounds it took. */
    public record Result(Dataset<Row> likes, LikeStats before, LikeStats after, int rounds) {
    }

    public static Result apply(Dataset<Row> likes, int minUserLikes, int minItemLikes) {
        LikeStats before = LikeStats.of(likes);
        LOG.info("threshold: before  {}", before);
        Dataset<Row> current = likes;
        long size = before.likes();
        int rounds = 0;
        while (true) {
            rounds++;
            Dataset<Row> keptUsers = current.groupBy("user").agg(count(lit(1)).as("n"))
                    .filter(col("n").geq(minUserLikes)).select("user");
            Dataset<Row> next = current.join(keptUsers, Columns.seq("user"), "left_semi");
            Dataset<Row> keptItems = next.groupBy("item").agg(count(lit(1)).as("n"))
                    .filter(col("n").geq(minItemLikes)).select("item");
            next = next.join(keptItems, Columns.seq("item"), "left_semi")
                    .select(likes.columns()[0], java.util.Arrays.copyOfRange(likes.columns(), 1, likes.columns().length));
            next = likes.sparkSession().createDataFrame(next.javaRDD(), next.schema())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long nextSize = next.count();
            if (current != likes) {
                current.unpersist();
            }
            current = next;
            LOG.info("threshold: round {} keeps {} likes", rounds, nextSize);
            if (nextSize == size) {
                break;
            }
            size = nextSize;
        }
        LikeStats after = LikeStats.of(current);
        LOG.info("threshold: after   {} ({} rounds)", after, rounds);
        return new Result(current, before, after, rounds);
    }
}
