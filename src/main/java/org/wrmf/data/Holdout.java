package org.wrmf.data;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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

/**
 * The per-user split, distributed, by one of two protocols. The notebook's ({@code likes}): among users with
 * at least 2 x perUser likes, floor(fraction x all users) are chosen and perUser likes of each move to the
 * test set. Strong generalization ({@code users}, Liang et al. 2018; Rendle et al. 2022): floor(fraction x
 * all users) users with at least 2 likes are chosen the same way and leave training entirely; each one's
 * likes, in the same order as the notebook's test likes are chosen in, are split into round(foldInFraction x n)
 * to fold in from (at least 1, at most n - 1) and the rest to score on. Choices are made by ordering on
 * a seeded hash of the ids (user for the users, user and item for the likes), never by a random stream
 * consumed in partition order: the same seed gives the same split whatever the partitioning.
 *
 * <p>Two more protocols use the likes' times: {@code per-user-last} chooses users as the notebook's does
 * and moves each one's perUser latest likes to test; {@code time} is {@link TimeSplit}'s. The test likes
 * of {@code given} are read from a file ({@link GivenSplit}).
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

    private Holdout() {}

    /**
     * @param train     likes left for training (columns user, item, weight)
     * @param test      likes moved to test
     * @param testUsers the chosen users (column user)
     * @param foldIn    protocol {@code users}: the held-out users' likes they are folded in from (empty otherwise)
     * @param dropped   protocols {@code time} and {@code given}: the cutoff and the likes neither trained on
     *                  nor tested (null for the others)
     */
    public record Split(
            Dataset<Row> train,
            Dataset<Row> test,
            Dataset<Row> testUsers,
            long trainLikes,
            long testLikes,
            long testUserCount,
            long eligibleUsers,
            Dataset<Row> foldIn,
            long foldInLikes,
            Dropped dropped) {

        public Split(
                Dataset<Row> train,
                Dataset<Row> test,
                Dataset<Row> testUsers,
                long trainLikes,
                long testLikes,
                long testUserCount,
                long eligibleUsers,
                Dataset<Row> foldIn,
                long foldInLikes) {
            this(
                    train,
                    test,
                    testUsers,
                    trainLikes,
                    testLikes,
                    testUserCount,
                    eligibleUsers,
                    foldIn,
                    foldInLikes,
                    null);
        }
    }

    /**
     * What a split by time or from a given test set left out, and the cutoff used.
     *
     * @param cutoff           {@code time}: likes after it (epoch seconds) are test likes; null for {@code given}
     * @param newUsers         {@code time}: users with no like at or before the cutoff (not test users)
     * @param newUserLikes     {@code time}: their likes, all after the cutoff, dropped
     * @param unknownUserLikes {@code given}: test likes of users the training data does not have, dropped
     * @param unknownItemLikes test likes of items the training data does not have (first seen after the
     *                         cutoff), dropped: they cannot be scored
     * @param removedFromTrain {@code given}: likes of the input that are also test likes, left out of training
     * @param testRowsRead     {@code given}: rows read from the test file
     * @param testRowsRejected {@code given}: malformed rows of the test file, set aside
     */
    public record Dropped(
            Long cutoff,
            long newUsers,
            long newUserLikes,
            long unknownUserLikes,
            long unknownItemLikes,
            long removedFromTrain,
            long testRowsRead,
            long testRowsRejected)
            implements Serializable {}

    /** Where a like goes. */
    private enum Part {
        TRAIN,
        TEST,
        FOLD_IN
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
        if (settings.protocol().needsTime()) {
            boolean untimed = byUser.filter(block -> block.times == null && block.likes() > 0)
                            .take(1)
                            .size()
                    > 0;
            if (untimed) {
                throw new IllegalStateException(
                        "holdout protocol " + settings.protocol().key() + " needs the likes' times");
            }
        }
        if (settings.protocol() == HoldoutSettings.Protocol.TIME) {
            return TimeSplit.split(spark, byUser, settings);
        }
        if (settings.protocol() == HoldoutSettings.Protocol.GIVEN) {
            throw new IllegalArgumentException(
                    "holdout protocol given reads its test likes (GivenSplit), it splits none");
        }
        boolean users = settings.protocol() == HoldoutSettings.Protocol.USERS;
        int minLikes = users ? 2 : Math.max(1, 2 * settings.perUser());
        long wanted = (long) Math.floor(settings.userFraction() * numUsers);
        Chooser eligibility = new Chooser(settings, minLikes, Long.MAX_VALUE, Integer.MAX_VALUE);
        Histogram histogram =
                byUser.map(block -> Histogram.of(block, eligibility)).reduce(Histogram::plus);
        long eligible = Arrays.stream(histogram.eligible).sum();
        if (wanted > eligible) {
            LOG.warn(
                    "holdout: {} users wanted (fraction {} of {}), only {} have at least {} likes: taking them all",
                    wanted,
                    settings.userFraction(),
                    numUsers,
                    eligible,
                    minLikes);
        }
        long chosen = Math.min(wanted, eligible);
        Chooser chooser = lastChosen(byUser, histogram, chosen, eligibility);
        Dataset<Row> test =
                spark.createDataFrame(byUser.flatMap(block -> chooser.likes(block, Part.TEST)), Indexer.LIKES);
        Dataset<Row> train =
                spark.createDataFrame(byUser.flatMap(block -> chooser.likes(block, Part.TRAIN)), Indexer.LIKES);
        Dataset<Row> foldIn = users
                ? spark.createDataFrame(byUser.flatMap(block -> chooser.likes(block, Part.FOLD_IN)), Indexer.LIKES)
                : spark.createDataFrame(List.of(), Indexer.LIKES);
        Dataset<Row> testUsers = spark.createDataFrame(
                byUser.flatMap(block -> chooser.users(block).iterator()), USERS);
        if (!users) {
            long testLikes = chosen * settings.perUser();
            LOG.info(
                    "holdout: {} of {} eligible users give {} likes each: train {} likes, test {} likes",
                    chosen,
                    eligible,
                    settings.perUser(),
                    histogram.likes - testLikes,
                    testLikes);
            return new Split(
                    train, test, testUsers, histogram.likes - testLikes, testLikes, chosen, eligible, foldIn, 0);
        }
        long[] counts =
                byUser.map(block -> chooser.counts(block)).reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        long trainLikes = histogram.likes - counts[0] - counts[1];
        LOG.info(
                "holdout (users): {} of {} eligible users left out of training: train {} likes, {} fold-in likes,"
                        + " test {} likes",
                chosen,
                eligible,
                trainLikes,
                counts[1],
                counts[0]);
        return new Split(train, test, testUsers, trainLikes, counts[0], chosen, eligible, foldIn, counts[1]);
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
            return new Chooser(eligible.settings, eligible.minLikes, Long.MIN_VALUE, -1);
        }
        int bucket = 0;
        long below = 0;
        while (below + histogram.eligible[bucket] < chosen) {
            below += histogram.eligible[bucket++];
        }
        int range = bucket;
        List<long[]> candidates = new ArrayList<>(
                byUser.flatMap(block -> eligible.inBucket(block, range).iterator())
                        .collect());
        candidates.sort(Comparator.<long[]>comparingLong(user -> user[0]).thenComparingLong(user -> user[1]));
        long[] last = candidates.get((int) (chosen - below - 1));
        return new Chooser(eligible.settings, eligible.minLikes, last[0], (int) last[1]);
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
     * Chooses the eligible users whose (hash, user) is at most (lastHash, lastUser), and where each one's
     * likes go. A chosen user's likes are ordered by (hash of user and item, item): by the notebook's protocol
     * the first perUser go to test; by strong generalization the first round(foldInFraction x n) are folded
     * in from and the rest go to test.
     */
    private static final class Chooser implements Serializable {
        final HoldoutSettings settings;
        final int minLikes;
        private final long seedHash;
        private final long lastHash;
        private final int lastUser;

        Chooser(HoldoutSettings settings, int minLikes, long lastHash, int lastUser) {
            this.settings = settings;
            this.minLikes = minLikes;
            this.seedHash = XXH64.hashLong(settings.seed(), XXHASH64_SEED);
            this.lastHash = lastHash;
            this.lastUser = lastUser;
        }

        long userHash(int user) {
            return XXH64.hashInt(user, seedHash);
        }

        /** A user with at least minLikes likes. */
        boolean eligible(SparseRows block, int r) {
            return block.start[r + 1] - block.start[r] >= minLikes;
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
                    users.add(new long[] {hash, block.first + r});
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

        /**
         * The block's likes that go to the part. A chosen user's likes in the order's first places are the
         * notebook's test likes, or strong generalization's fold-in likes; the rest train, or are scored on.
         */
        Iterator<Row> likes(SparseRows block, Part part) {
            boolean users = settings.protocol() == HoldoutSettings.Protocol.USERS;
            Part first = users ? Part.FOLD_IN : Part.TEST;
            Part rest = users ? Part.TEST : Part.TRAIN;
            return block.rows(r -> {
                if (!chosen(block, r)) {
                    return part == Part.TRAIN ? null : NONE;
                }
                if (part != first && part != rest) {
                    return NONE;
                }
                boolean[] selected = settings.protocol() == HoldoutSettings.Protocol.PER_USER_LAST
                        ? latest(block, r, settings.perUser())
                        : first(
                                block,
                                r,
                                users ? foldInCount(block.start[r + 1] - block.start[r]) : settings.perUser());
                if (part == rest) {
                    for (int at = 0; at < selected.length; at++) {
                        selected[at] = !selected[at];
                    }
                }
                return selected;
            });
        }

        /** Strong generalization: the block's test likes and fold-in likes. */
        long[] counts(SparseRows block) {
            long[] counts = new long[2];
            for (int r = 0; r < block.rows(); r++) {
                if (chosen(block, r)) {
                    int n = block.start[r + 1] - block.start[r];
                    int foldIn = foldInCount(n);
                    counts[0] += n - foldIn;
                    counts[1] += foldIn;
                }
            }
            return counts;
        }

        /**
         * round(foldInFraction x n), half up as Spark SQL's round (on the double's decimal form), kept
         * between 1 and n - 1.
         */
        int foldInCount(int n) {
            long rounded = new BigDecimal(Double.toString(n * settings.foldInFraction()))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValue();
            return (int) Math.max(1, Math.min(n - 1, rounded));
        }

        /**
         * Protocol {@code per-user-last}: which of row r's likes are its m latest; among likes of the same
         * time, those first by (hash of user and item, item), as the notebook's protocol orders them.
         */
        private boolean[] latest(SparseRows block, int r, int m) {
            int n = block.start[r + 1] - block.start[r];
            boolean[] latest = new boolean[n];
            long userHash = userHash(block.first + r);
            Integer[] order = new Integer[n];
            long[] hashes = new long[n];
            for (int at = 0; at < n; at++) {
                order[at] = at;
                hashes[at] = XXH64.hashInt(block.columns[block.start[r] + at], userHash);
            }
            int from = block.start[r];
            Arrays.sort(
                    order,
                    Comparator.<Integer>comparingLong(at -> -block.times[from + at])
                            .thenComparingLong(at -> hashes[at])
                            .thenComparingInt(at -> at));
            for (int i = 0; i < Math.min(m, n); i++) {
                latest[order[i]] = true;
            }
            return latest;
        }

        /** Which of row r's likes are the first m by (hash of user and item, item). */
        private boolean[] first(SparseRows block, int r, int m) {
            int n = block.start[r + 1] - block.start[r];
            boolean[] first = new boolean[n];
            if (m <= 0) {
                return first;
            }
            long userHash = userHash(block.first + r);
            long[] hashes = new long[n];
            for (int at = 0; at < n; at++) {
                hashes[at] = XXH64.hashInt(block.columns[block.start[r] + at], userHash);
            }
            if (m >= n) {
                Arrays.fill(first, true);
                return first;
            }
            // columns ascend, so among equal hashes the smaller position is the smaller item
            Integer[] order = new Integer[n];
            for (int at = 0; at < n; at++) {
                order[at] = at;
            }
            Arrays.sort(
                    order, Comparator.<Integer>comparingLong(at -> hashes[at]).thenComparingInt(at -> at));
            for (int i = 0; i < m; i++) {
                first[order[i]] = true;
            }
            return first;
        }
    }
}
