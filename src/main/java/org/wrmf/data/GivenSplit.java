package org.wrmf.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * Holdout protocol {@code given}: the split was made elsewhere, and the test likes are read from a file in
 * the input's format and columns (malformed rows set aside with their reason, duplicates dropped or summed
 * as in the input). Test likes whose user or item the prepared likes do not have (after the threshold)
 * cannot be scored: they are counted and dropped. A pair both in the input and in the test file is a test
 * like: it is left out of training, and counted, so the model is never scored on what it was trained on.
 */
final class GivenSplit {
    private static final Logger LOG = LoggerFactory.getLogger(GivenSplit.class);

    private GivenSplit() {}

    /**
     * @param likes    the prepared likes and their id mappings
     * @param rejected where the test file's malformed rows are written
     */
    static Holdout.Split split(
            SparkSession spark, IndexedLikes likes, HoldoutSettings settings, TableWriter tables, String rejected) {
        LikesTable given;
        try {
            given = LikesReader.readTable(spark, settings.testInput());
        } catch (ConfigError e) {
            if (e.setting() == Setting.INPUT_PATH) {
                throw ConfigError.of(Setting.HOLDOUT_TEST_PATH, e.getMessage());
            }
            throw e;
        }
        tables.write(given.rejected(), "json", rejected);
        Dataset<Row> matched = given.likes()
                .join(likes.users().select(col("id").as("user"), col("idx").as("u")), Columns.seq("user"), "left")
                .join(likes.items().select(col("id").as("item"), col("idx").as("i")), Columns.seq("item"), "left")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long unknownUsers = matched.filter(col("u").isNull()).count();
        long unknownItems =
                matched.filter(col("u").isNotNull().and(col("i").isNull())).count();
        Dataset<Row> test = matched.filter(col("u").isNotNull().and(col("i").isNotNull()))
                .select(
                        col("u").as("user"),
                        col("i").as("item"),
                        col("weight").cast("float").as("weight"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long testLikes = test.count();
        if (testLikes == 0) {
            throw ConfigError.of(
                    Setting.HOLDOUT_TEST_PATH,
                    "no test like of a known user and item among the " + given.likeCount() + " likes of "
                            + settings.testInput().path() + " (" + unknownUsers + " of unknown users, "
                            + unknownItems + " of unknown items)");
        }
        Dataset<Row> all = likes.likes();
        Dataset<Row> train = all.join(
                        test.select("user", "item").withColumn("_test", lit(true)), Columns.seq("user", "item"), "left")
                .filter(col("_test").isNull())
                .select("user", "item", "weight")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long trainLikes = train.count();
        long removed = all.count() - trainLikes;
        Dataset<Row> testUsers = test.select("user").distinct().persist(StorageLevel.MEMORY_AND_DISK());
        long users = testUsers.count();
        matched.unpersist();
        given.likes().unpersist();
        LOG.info(
                "holdout (given): {} test likes of {} users from {}; {} likes of unknown users and {} of unknown"
                        + " items dropped; {} likes also in the test set left out of training (train {} likes)",
                testLikes,
                users,
                settings.testInput().path(),
                unknownUsers,
                unknownItems,
                removed,
                trainLikes);
        Holdout.Dropped dropped = new Holdout.Dropped(
                null, 0, 0, unknownUsers, unknownItems, removed, given.rowsRead(), given.rowsRejected());
        return new Holdout.Split(
                train,
                test,
                testUsers,
                trainLikes,
                testLikes,
                users,
                likes.numUsers(),
                spark.createDataFrame(java.util.List.of(), Indexer.LIKES),
                0,
                dropped);
    }
}
