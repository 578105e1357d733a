package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holdout protocol {@code time}: what production faces, a model trained on the past judged on what came
 * after. Likes at or before the cutoff train; likes after it are test likes of the users known before it
 * (at least one like at or before the cutoff). A user whose first like is after the cutoff is no test user
 * (the model has nothing of it): it and its likes are counted and dropped. So are the test likes of items
 * no like at or before the cutoff has: the model has no factors for them.
 *
 * <p>With no cutoff given, it is chosen so that the latest {@code timeFraction} of the likes fall after it:
 * the time of the like of rank n - round(fraction x n) in time order (one sort of the times, distributed).
 * Likes of that very second stay in training, so a little fewer may fall after it.
 */
final class TimeSplit {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSplit.class);
    private static final StructType USERS = new StructType().add("user", DataTypes.IntegerType, false);

    private TimeSplit() {}

    static Holdout.Split split(SparkSession spark, JavaRDD<SparseRows> byUser, HoldoutSettings settings) {
        long likes = byUser.map(block -> (long) block.likes()).reduce(Long::sum);
        long cutoff = settings.cutoff() != null ? settings.cutoff() : cutoff(byUser, likes, settings.timeFraction());
        BitSet knownItems = byUser.map(block -> {
                    BitSet items = new BitSet();
                    for (int at = 0; at < block.likes(); at++) {
                        if (block.times[at] <= cutoff) {
                            items.set(block.columns[at]);
                        }
                    }
                    return items;
                })
                .reduce((a, b) -> {
                    a.or(b);
                    return a;
                });
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<BitSet> known = jsc.broadcast(knownItems);
        Rule rule = new Rule(cutoff, known);
        long[] counts = byUser.map(rule::counts).reduce(TimeSplit::plus);
        Dataset<Row> train = spark.createDataFrame(
                byUser.flatMap(block -> block.rows(r -> rule.selected(block, r, true))), Indexer.LIKES);
        Dataset<Row> test = spark.createDataFrame(
                byUser.flatMap(block -> block.rows(r -> rule.selected(block, r, false))), Indexer.LIKES);
        Dataset<Row> testUsers = spark.createDataFrame(byUser.flatMap(rule::testUsers), USERS);
        Holdout.Dropped dropped = new Holdout.Dropped(
                cutoff,
                counts[Rule.NEW_USERS],
                counts[Rule.NEW_USER_LIKES],
                0,
                counts[Rule.UNKNOWN_ITEM_LIKES],
                0,
                0,
                0);
        LOG.info(
                "holdout (time): cutoff {} ({}): train {} likes, test {} likes of {} users; {} users first seen after"
                        + " the cutoff ({} likes) and {} test likes of items first seen after it dropped",
                cutoff,
                Timestamps.iso(cutoff),
                counts[Rule.TRAIN],
                counts[Rule.TEST],
                counts[Rule.TEST_USERS],
                counts[Rule.NEW_USERS],
                counts[Rule.NEW_USER_LIKES],
                counts[Rule.UNKNOWN_ITEM_LIKES]);
        return new Holdout.Split(
                train,
                test,
                testUsers,
                counts[Rule.TRAIN],
                counts[Rule.TEST],
                counts[Rule.TEST_USERS],
                counts[Rule.KNOWN_USERS],
                spark.createDataFrame(List.of(), Indexer.LIKES),
                0,
                dropped);
    }

    /**
     * The cutoff after which round(fraction x likes) likes fall, ties aside: the time of the like of 0-based
     * rank likes - round(fraction x likes) - 1 in time order.
     */
    static long cutoff(JavaRDD<SparseRows> byUser, long likes, double fraction) {
        long after = Math.max(0, Math.min(likes, Math.round(fraction * likes)));
        JavaRDD<Long> times = byUser.flatMap(block -> {
            List<Long> all = new ArrayList<>(block.likes());
            for (int at = 0; at < block.likes(); at++) { // an empty block has no array of times
                all.add(block.times[at]);
            }
            return all.iterator();
        });
        if (after == 0) {
            return times.reduce(Math::max);
        }
        if (after == likes) {
            return times.reduce(Math::min) - 1;
        }
        long rank = likes - after - 1;
        return times.sortBy(time -> time, true, Math.max(1, byUser.getNumPartitions()))
                .zipWithIndex()
                .filter(pair -> pair._2() == rank)
                .first()
                ._1();
    }

    private static long[] plus(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** Where each like goes, given the cutoff and the items known before it. */
    private static final class Rule implements Serializable {
        static final int TRAIN = 0;
        static final int TEST = 1;
        static final int TEST_USERS = 2;
        static final int KNOWN_USERS = 3;
        static final int NEW_USERS = 4;
        static final int NEW_USER_LIKES = 5;
        static final int UNKNOWN_ITEM_LIKES = 6;

        private final long cutoff;
        private final Broadcast<BitSet> knownItems;

        Rule(long cutoff, Broadcast<BitSet> knownItems) {
            this.cutoff = cutoff;
            this.knownItems = knownItems;
        }

        /** Whether row r has a like at or before the cutoff. */
        boolean known(SparseRows block, int r) {
            for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                if (block.times[at] <= cutoff) {
                    return true;
                }
            }
            return false;
        }

        /** Row r's training likes, or its test likes. */
        boolean[] selected(SparseRows block, int r, boolean train) {
            boolean known = known(block, r);
            BitSet items = knownItems.value();
            boolean[] selected = new boolean[block.start[r + 1] - block.start[r]];
            for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                boolean before = block.times[at] <= cutoff;
                selected[at - block.start[r]] = train ? before : !before && known && items.get(block.columns[at]);
            }
            return selected;
        }

        long[] counts(SparseRows block) {
            long[] counts = new long[7];
            for (int r = 0; r < block.rows(); r++) {
                int n = block.start[r + 1] - block.start[r];
                if (n == 0) {
                    continue;
                }
                if (!known(block, r)) {
                    counts[NEW_USERS]++;
                    counts[NEW_USER_LIKES] += n;
                    continue;
                }
                counts[KNOWN_USERS]++;
                long test = 0;
                for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                    if (block.times[at] <= cutoff) {
                        counts[TRAIN]++;
                    } else if (knownItems.value().get(block.columns[at])) {
                        test++;
                    } else {
                        counts[UNKNOWN_ITEM_LIKES]++;
                    }
                }
                counts[TEST] += test;
                counts[TEST_USERS] += test > 0 ? 1 : 0;
            }
            return counts;
        }

        Iterator<Row> testUsers(SparseRows block) {
            List<Row> users = new ArrayList<>();
            for (int r = 0; r < block.rows(); r++) {
                boolean[] test = selected(block, r, false);
                for (boolean t : test) {
                    if (t) {
                        users.add(RowFactory.create(block.first + r));
                        break;
                    }
                }
            }
            return users.iterator();
        }
    }
}
