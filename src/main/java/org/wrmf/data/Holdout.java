package org.wrmf.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The seed's per-user split, distributed. Among users with at least 2 x perUser likes, floor(fraction x
 * all users) are chosen and perUser likes of each move to the test set. Choices are made by ordering on
 * a seeded hash of the ids (user for the users, user and item for the likes), never by a random stream
 * consumed in partition order: the same seed gives the same split whatever the partitioning.
 *
 * <p>The hash is Spark SQL's {@code xxhash64(seed, user[, item])}, ties broken by the ids, as when the
 * split was written in SQL. With the likes in blocks by user, a user's choice and its test likes are
 * decided where its likes are: only the eligible users' hashes in one narrow range go to the driver, to
 * find the last chosen user.
 */
public final class Holdout {
    private static final Logger LOG = LoggerFactory.getLogger(Holdout.class);
    /** Spark's xxhash64 starts from this seed, then hashes each column in turn. */
    private static final long XXHASH64_SEED = 42L;
    /** The histogram of eligible users' hashes that narrows the search for the last chosen one. */
    private static final int BUCKET_BITS = 12;
    private static final StructType USERS = new StructType().add("user", DataTypes.IntegerType, false);
    /** Selects none of a row's likes. */
    private static final boolean[] NONE = new boolean[0];

    private Holdout() {
    }

    /**
     * @param train     likes left for training (columns user, item, weight)
     * @param test      likes moved to test
     * @param testUsers the chosen users (column user)
     */
    public record Split(Dataset<Row> train, Dataset<Row> test, Dataset<Row> testUsers,
                        long trainLikes, long testLikes, long testUserCount, long eligibleUsers) {
    }

    /** Splits a table of likes: user (int, 0..numUsers-1), item (int), weight (float). */
    public static Split split(Dataset<Row> likes, long numUsers, HoldoutSettings settings) {
        JavaRDD<Cells> cells = likes.select("user", "item", "weight").javaRDD().mapPartitions(rows -> {
            Cells part = new Cells();
            rows.forEachRemaining(row -> part.add(row.getInt(0), row.getInt(1), row.getFloat(2)));
            return List.of(part).iterator();
        });
        int blocks = likes.sparkSession().sparkContext().defaultParallelism();
        JavaRDD<SparseRows> byUser = SparseRows.byRow(cells, SparseRows.evenBlocks(Math.toIntExact(numUsers), blocks));
        return split(likes.sparkSession(), byUser, numUsers, settings);
    }

    /** Splits likes in blocks by user, which are read again each time the tables are (cache them). */
    static Split split(SparkSession spark, JavaRDD<SparseRows> byUser, long numUsers, HoldoutSettings settings) {
        int k = settings.perUser();
        long wanted = (long) Math.floor(settings.userFraction() * numUsers);
        Chooser eligibility = new Chooser(settings.seed(), k, Long.MAX_VALUE, Integer.MAX_VALUE);
        Histogram histogram = byUser.map(block -> Histogram.of(block, eligibility))
                .reduce(Histogram::plus);
        long eligible = Arrays.stream(histogram.eligible).sum();
        if (wanted > eligible) {
            LOG.warn("holdout: {} users wanted (fraction {} of {}), only {} have at least {} likes: taking them all",
                    wanted, settings.userFraction(), numUsers, eligible, 2 * k);
        }
        long chosen = Math.min(wanted, eligible);
        Chooser chooser = lastChosen(byUser, histogram, chosen, eligibility);
        Dataset<Row> test = spark.createDataFrame(byUser.flatMap(block -> chooser.likes(block, true)),
                Indexer.LIKES);
        Dataset<Row> train = spark.createDataFrame(byUser.flatMap(block -> chooser.likes(block, false)),
                Indexer.LIKES);
        Dataset<Row> testUsers = spark.createDataFrame(byUser.flatMap(block -> chooser.users(block).iterator()), USERS);
        long testLikes = chosen * k;
        LOG.info("holdout: {} of {} eligible users give {} likes each: train {} likes, test {} likes",
                chosen, eligible, k, histogram.likes - testLikes, testLikes);
        return new Split(train, test, testUsers, histogram.likes - testLikes, testLikes, chosen, eligible);
    }

    /**
     * The chooser of the `chosen` eligible users of smallest (hash, user): the eligible users' hashes are
     * counted by range (the histogram), and only those of the range where the count reaches `chosen` are
     * collected and sorted.
     */
    private static Chooser lastChosen(JavaRDD<SparseRows> byUser, Histogram histogram, long chosen, Chooser eligible) {
        long all = Arrays.stream(histogram.eligible).sum();
        if (chosen == all) {
            return eligible;
        }
        if (chosen == 0) {
            return new Chooser(eligible.seed, eligible.perUser, Long.MIN_VALUE, -1);
        }
        int bucket = 0;
        long below = 0;
        while (below + histogram.eligible[bucket] < chosen) {
            below += histogram.eligible[bucket++];
        }
        int range = bucket;
        List<long[]> candidates = new ArrayList<>(byUser.flatMap(block -> eligible.inBucket(block, range).iterator())
                .collect());
        candidates.sort(Comparator.<long[]>comparingLong(user -> user[0]).thenComparingLong(user -> user[1]));
        long[] last = candidates.get((int) (chosen - below - 1));
        return new Chooser(eligible.seed, eligible.perUser, last[0], (int) last[1]);
    }

    /** Per block: the eligible users by hash range, and the likes. */
    private static final class Histogram implements Serializable {
        final long[] eligible = new long[1 << BUCKET_BITS];
        long likes;

        static Histogram of(SparseRows block, Chooser chooser) {
            Histogram histogram = new Histogram();
            histogram.likes = block.likes();
            for (int r = 0; r < block.rows(); r++) {
                if (chooser.eligible(block, r)) {
                    histogram.eligible[bucket(chooser.userHash(block.first + r))]++;
                }
            }
            return histogram;
        }

        Histogram plus(Histogram other) {
            for (int b = 0; b < eligible.length; b++) {
                eligible[b] += other.eligible[b];
            }
            likes += other.likes;
            return this;
        }
    }

    /** The hash's range, in the order of signed longs. */
    private static int bucket(long hash) {
        return (int) ((hash ^ Long.MIN_VALUE) >>> (Long.SIZE - BUCKET_BITS));
    }

    /**
     * Chooses the eligible users whose (hash, user) is at most (lastHash, lastUser), and the test likes of
     * each: the perUser likes of smallest (hash of user and item, item).
     */
    private static final class Chooser implements Serializable {
        final long seed;
        final int perUser;
        private final long seedHash;
        private final long lastHash;
        private final int lastUser;

        Chooser(long seed, int perUser, long lastHash, int lastUser) {
            this.seed = seed;
            this.perUser = perUser;
            this.seedHash = XXH64.hashLong(seed, XXHASH64_SEED);
            this.lastHash = lastHash;
            this.lastUser = lastUser;
        }

        long userHash(int user) {
            return XXH64.hashInt(user, seedHash);
        }

        /** A user with likes, at least 2 x perUser of them. */
        boolean eligible(SparseRows block, int r) {
            return block.start[r + 1] - block.start[r] >= Math.max(1, 2L * perUser);
        }

        boolean chosen(SparseRows block, int r) {
            if (!eligible(block, r)) {
                return false;
            }
            long hash = userHash(block.first + r);
            return hash < lastHash || (hash == lastHash && block.first + r <= lastUser);
        }

        /** The (hash, user) of the block's eligible users whose hash is in the range. */
        List<long[]> inBucket(SparseRows block, int range) {
            List<long[]> users = new ArrayList<>();
            for (int r = 0; r < block.rows(); r++) {
                long hash = userHash(block.first + r);
                if (eligible(block, r) && bucket(hash) == range) {
                    users.add(new long[]{hash, block.first + r});
                }
            }
            return users;
        }

        List<Row> users(SparseRows block) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < block.rows(); r++) {
                if (chosen(block, r)) {
                    rows.add(RowFactory.create(block.first + r));
                }
            }
            return rows;
        }

        /** The block's test likes, or its train likes. */
        Iterator<Row> likes(SparseRows block, boolean test) {
            return block.rows(r -> {
                if (!chosen(block, r)) {
                    return test ? NONE : null;
                }
                boolean[] held = heldOut(block, r);
                if (!test) {
                    for (int at = 0; at < held.length; at++) {
                        held[at] = !held[at];
                    }
                }
                return held;
            });
        }

        /** Which of row r's likes go to test: the perUser of smallest (hash, item), kept in a sorted array. */
        private boolean[] heldOut(SparseRows block, int r) {
            long userHash = userHash(block.first + r);
            long[] hashes = new long[perUser];
            int[] positions = new int[perUser];
            int size = 0;
            for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                long hash = XXH64.hashInt(block.columns[at], userHash);
                int slot = size;
                // columns ascend, so an equal hash with an earlier item already sorts first
                while (slot > 0 && hashes[slot - 1] > hash) {
                    slot--;
                }
                if (slot < perUser) {
                    int moved = Math.min(size, perUser - 1) - slot;
                    System.arraycopy(hashes, slot, hashes, slot + 1, moved);
                    System.arraycopy(positions, slot, positions, slot + 1, moved);
                    hashes[slot] = hash;
                    positions[slot] = at - block.start[r];
                    size = Math.min(size + 1, perUser);
                }
            }
            boolean[] held = new boolean[block.start[r + 1] - block.start[r]];
            for (int i = 0; i < size; i++) {
                held[positions[i]] = true;
            }
            return held;
        }
    }
}
