package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The per-user split, distributed: the seed's (held-out likes) or strong generalization (held-out
 * users, see {@link #splitUsers}). The seed's: Among users with at least 2 x perUser likes, floor(fraction x
 * all users) are chosen and perUser likes of each move to the test set. Choices are made by ordering on
 * a seeded hash of the ids (user for the users, user and item for the likes), never by a random stream
 * consumed in partition order: the same seed gives the same split whatever the partitioning.
 */
public final class Holdout {
    private static final Logger LOG = LoggerFactory.getLogger(Holdout.class);

    private Holdout() {
    }

    /**
     * @param train     likes left for training (columns of the input)
     * @param test      likes moved to test
     * @param testUsers the chosen users (column user)
     * @param foldIn    USERS protocol: the held-out users' likes they are folded in from (empty otherwise)
     */
    public record Split(Dataset<Row> train, Dataset<Row> test, Dataset<Row> testUsers,
                        long trainLikes, long testLikes, long testUserCount, long eligibleUsers, Dataset<Row> foldIn,
                        long foldInLikes) {
    }

    /** Splits likes with an int user column and an int item column, by the settings' protocol. */
    public static Split split(Dataset<Row> likes, long numUsers, HoldoutSettings settings) {
        return settings.protocol() == HoldoutSettings.Protocol.USERS ? splitUsers(likes, numUsers, settings)
                : splitLikes(likes, numUsers, settings);
    }

    /**
     * Strong generalization (Liang et al. 2018; Rendle et al. 2022): floor(fraction x all users) users with
     * at least 2 likes are chosen as for the seed's split, and leave training entirely; each one's likes,
     * ordered by the seeded hash, are split into round(foldInFraction x n) to fold in from (at least 1)
     * and the rest to score on (at least 1).
     */
    private static Split splitUsers(Dataset<Row> likes, long numUsers, HoldoutSettings settings) {
        long wanted = (long) Math.floor(settings.userFraction() * numUsers);
        Dataset<Row> eligible = likes.groupBy("user").agg(count(lit(1)).as("n"))
                .filter(col("n").geq(2L)).persist(StorageLevel.MEMORY_AND_DISK());
        long eligibleCount = eligible.count();
        Dataset<Row> chosen = eligible
                .withColumn("key", xxhash64(lit(settings.seed()), col("user")))
                .orderBy("key", "user")
                .limit((int) Math.min(wanted, eligibleCount))
                .select("user", "n")
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column foldInCount = greatest(lit(1L), least(col("n").minus(1L),
                round(col("n").multiply(settings.foldInFraction())).cast("long")));
        Dataset<Row> ranked = likes.join(chosen, "user")
                .withColumn("rank", row_number().over(Window.partitionBy("user")
                        .orderBy(xxhash64(lit(settings.seed()), col("user"), col("item")), col("item"))))
                .withColumn("fold_in", col("rank").leq(foldInCount));
        Column[] columns = java.util.Arrays.stream(likes.columns()).map(functions::col).toArray(Column[]::new);
        Dataset<Row> foldIn = ranked.filter(col("fold_in")).select(columns).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = ranked.filter(not(col("fold_in"))).select(columns).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = likes.join(chosen.select("user"), Columns.seq("user"), "left_anti")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long testLikes = test.count();
        long foldInLikes = foldIn.count();
        long trainLikes = train.count();
        long testUsers = chosen.count();
        eligible.unpersist();
        LOG.info("holdout (users): {} of {} eligible users left out of training: train {} likes, {} fold-in likes,"
                + " test {} likes", testUsers, eligibleCount, trainLikes, foldInLikes, testLikes);
        return new Split(train, test, chosen.select("user"), trainLikes, testLikes, testUsers, eligibleCount, foldIn,
                foldInLikes);
    }

    private static Split splitLikes(Dataset<Row> likes, long numUsers, HoldoutSettings settings) {
        int k = settings.perUser();
        long wanted = (long) Math.floor(settings.userFraction() * numUsers);
        Dataset<Row> eligible = likes.groupBy("user").agg(count(lit(1)).as("n"))
                .filter(col("n").geq(2L * k)).select("user")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long eligibleCount = eligible.count();
        if (wanted > eligibleCount) {
            LOG.warn("holdout: {} users wanted (fraction {} of {}), only {} have at least {} likes: taking them all",
                    wanted, settings.userFraction(), numUsers, eligibleCount, 2 * k);
        }
        Dataset<Row> chosen = eligible
                .withColumn("key", xxhash64(lit(settings.seed()), col("user")))
                .orderBy("key", "user")
                .limit((int) Math.min(wanted, eligibleCount))
                .select("user")
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = likes.join(chosen, "user")
                .withColumn("rank", row_number().over(Window.partitionBy("user")
                        .orderBy(xxhash64(lit(settings.seed()), col("user"), col("item")), col("item"))))
                .filter(col("rank").leq(k))
                .drop("rank")
                .select(likes.columns()[0], java.util.Arrays.copyOfRange(likes.columns(), 1, likes.columns().length))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = likes.join(test.select("user", "item"), Columns.seq("user", "item"), "left_anti")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long testLikes = test.count();
        long trainLikes = train.count();
        long testUsers = chosen.count();
        eligible.unpersist();
        LOG.info("holdout: {} of {} eligible users give {} likes each: train {} likes, test {} likes",
                testUsers, eligibleCount, k, trainLikes, testLikes);
        return new Split(train, test, chosen, trainLikes, testLikes, testUsers, eligibleCount, test.limit(0), 0);
    }
}
