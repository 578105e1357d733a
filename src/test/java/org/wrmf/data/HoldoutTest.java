package org.wrmf.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

class HoldoutTest {
    private static final int USERS = 200;

    /** Users 0..199 with 1..40 likes each among 300 items. */
    private static Dataset<Row> likes(int partitions) {
        return likes(partitions, USERS, 40, 300);
    }

    /** Users 0..users-1 with 1..maxLikes likes each among the items. */
    private static Dataset<Row> likes(int partitions, int users, int maxLikes, int itemCount) {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int n = 1 + random.nextInt(maxLikes);
            Set<Integer> items = new HashSet<>();
            while (items.size() < n) {
                items.add(random.nextInt(itemCount));
            }
            for (int i : items) {
                rows.add(RowFactory.create(u, i, 1.0f));
            }
        }
        StructType schema = new StructType()
                .add("user", DataTypes.IntegerType)
                .add("item", DataTypes.IntegerType)
                .add("weight", DataTypes.FloatType);
        return SparkTestSession.get().createDataFrame(rows, schema).repartition(partitions);
    }

    private static Set<List<Integer>> pairs(Dataset<Row> table) {
        Set<List<Integer>> out = new HashSet<>();
        table.collectAsList().forEach(r -> out.add(List.of(r.getInt(0), r.getInt(1))));
        return out;
    }

    /**
     * Strong generalization: the chosen users have no training like; each one's likes are exactly its
     * fold-in likes plus its test likes, round(0.8 n) of them folded in (at least one of each).
     */
    @Test
    void usersProtocolLeavesChosenUsersOutOfTraining() {
        Dataset<Row> all = likes(3);
        HoldoutSettings settings = new HoldoutSettings(true, 5, 0.25, 42, HoldoutSettings.Protocol.USERS, 0.8);
        Holdout.Split split = Holdout.split(all, USERS, settings);
        assertEquals(50, split.testUserCount());
        Set<Integer> chosen = new HashSet<>();
        split.testUsers().collectAsList().forEach(r -> chosen.add(r.getInt(0)));
        Set<List<Integer>> train = pairs(split.train());
        Set<List<Integer>> foldIn = pairs(split.foldIn());
        Set<List<Integer>> test = pairs(split.test());
        assertTrue(train.stream().noneMatch(p -> chosen.contains(p.get(0))), "held-out users are not trained on");
        Map<Integer, Integer> likesOf = new HashMap<>();
        Map<Integer, Integer> foldInOf = new HashMap<>();
        Map<Integer, Integer> testOf = new HashMap<>();
        pairs(all).forEach(p -> likesOf.merge(p.get(0), 1, Integer::sum));
        foldIn.forEach(p -> foldInOf.merge(p.get(0), 1, Integer::sum));
        test.forEach(p -> testOf.merge(p.get(0), 1, Integer::sum));
        Set<List<Integer>> union = new HashSet<>(train);
        union.addAll(foldIn);
        union.addAll(test);
        assertEquals(pairs(all), union);
        assertEquals(pairs(all).size(), train.size() + foldIn.size() + test.size(), "disjoint");
        for (int user : chosen) {
            int n = likesOf.get(user);
            assertTrue(n >= 2);
            assertEquals((int) Math.max(1, Math.min(n - 1, Math.round(0.8 * n))), foldInOf.get(user), "user " + user);
            assertEquals(n - foldInOf.get(user), testOf.get(user));
        }
        assertEquals(foldIn.size(), split.foldInLikes());
        assertEquals(
                pairs(split.foldIn()),
                pairs(Holdout.split(likes(5), USERS, settings).foldIn()),
                "the same whatever the partitioning");
    }

    @Test
    void splitIsDisjointExactAndOnlyAmongEligibleUsers() {
        Dataset<Row> all = likes(3);
        Holdout.Split split = Holdout.split(all, USERS, new HoldoutSettings(true, 5, 0.2, 42));
        Set<List<Integer>> train = pairs(split.train());
        Set<List<Integer>> test = pairs(split.test());
        Set<List<Integer>> everything = pairs(all);

        Set<List<Integer>> overlap = new HashSet<>(train);
        overlap.retainAll(test);
        assertTrue(overlap.isEmpty(), "train and test share " + overlap);
        Set<List<Integer>> union = new HashSet<>(train);
        union.addAll(test);
        assertEquals(everything, union);

        Map<Integer, Integer> likesPerUser = new HashMap<>();
        everything.forEach(p -> likesPerUser.merge(p.get(0), 1, Integer::sum));
        Map<Integer, Integer> testPerUser = new HashMap<>();
        test.forEach(p -> testPerUser.merge(p.get(0), 1, Integer::sum));
        assertEquals(40, testPerUser.size(), "floor(0.2 x 200) users");
        testPerUser.forEach((user, n) -> {
            assertEquals(5, n, "user " + user);
            assertTrue(likesPerUser.get(user) >= 10, "user " + user + " was not eligible");
        });
        assertEquals(40, split.testUserCount());
        assertEquals(200, split.testLikes());
        assertEquals(everything.size() - 200, split.trainLikes());
    }

    @Test
    void sameSeedSameSplitWhateverThePartitioning() {
        HoldoutSettings settings = new HoldoutSettings(true, 5, 0.2, 42);
        Set<List<Integer>> a = pairs(Holdout.split(likes(1), USERS, settings).test());
        Set<List<Integer>> b = pairs(Holdout.split(likes(7), USERS, settings).test());
        assertEquals(a, b);
        Set<List<Integer>> other = pairs(Holdout.split(likes(7), USERS, new HoldoutSettings(true, 5, 0.2, 43))
                .test());
        assertNotEquals(a, other);
    }

    /**
     * The split as it was written in Spark SQL (xxhash64 of the seed and the ids, ties by id): the same users
     * and likes, so a seed keeps giving the split it gave. 20,000 users put several eligible users in the
     * hash range where the last chosen one is looked for.
     */
    @Test
    @Slow
    void theSplitIsTheOneSparkSqlMade() {
        for (int users : new int[] {USERS, 20_000}) {
            Dataset<Row> all = likes(4, users, 30, 500);
            HoldoutSettings settings = new HoldoutSettings(true, 5, 0.2, 42);
            Dataset<Row> chosen = all.groupBy("user")
                    .count()
                    .filter(col("count").geq(10))
                    .select("user")
                    .orderBy(xxhash64(lit(42L), col("user")), col("user"))
                    .limit((int) Math.floor(0.2 * users));
            Dataset<Row> test = all.join(chosen, "user")
                    .withColumn(
                            "rank",
                            row_number()
                                    .over(Window.partitionBy("user")
                                            .orderBy(xxhash64(lit(42L), col("user"), col("item")), col("item"))))
                    .filter(col("rank").leq(5))
                    .select("user", "item");
            Holdout.Split split = Holdout.split(all, users, settings);
            assertEquals(pairs(test), pairs(split.test()), users + " users");
            assertEquals(chosen.count(), split.testUsers().count());
        }
    }

    /** Strong generalization as it was written in Spark SQL: the same users, fold-in likes and test likes. */
    @Test
    @Slow
    void theUsersSplitIsTheOneSparkSqlMade() {
        for (int users : new int[] {USERS, 20_000}) {
            Dataset<Row> all = likes(3, users, 30, 500);
            HoldoutSettings settings = new HoldoutSettings(true, 5, 0.2, 42, HoldoutSettings.Protocol.USERS, 0.7);
            Dataset<Row> chosen = all.groupBy("user")
                    .agg(count(lit(1)).as("n"))
                    .filter(col("n").geq(2))
                    .orderBy(xxhash64(lit(42L), col("user")), col("user"))
                    .limit((int) Math.floor(0.2 * users));
            Dataset<Row> ranked = all.join(chosen, "user")
                    .withColumn(
                            "rank",
                            row_number()
                                    .over(Window.partitionBy("user")
                                            .orderBy(xxhash64(lit(42L), col("user"), col("item")), col("item"))))
                    .withColumn(
                            "fold_in",
                            col("rank")
                                    .leq(greatest(
                                            lit(1L),
                                            least(
                                                    col("n").minus(1L),
                                                    round(col("n").multiply(0.7))
                                                            .cast("long")))));
            Holdout.Split split = Holdout.split(all, users, settings);
            assertEquals(pairs(ranked.filter(col("fold_in")).select("user", "item")), pairs(split.foldIn()));
            assertEquals(pairs(ranked.filter(not(col("fold_in"))).select("user", "item")), pairs(split.test()));
            assertEquals(
                    pairs(all.join(chosen, Columns.seq("user"), "left_anti").select("user", "item")),
                    pairs(split.train()));
            assertEquals(split.foldIn().count(), split.foldInLikes());
            assertEquals(split.test().count(), split.testLikes());
            assertEquals(split.train().count(), split.trainLikes());
        }
    }

    @Test
    void tooFewEligibleUsersTakesThemAll() {
        Holdout.Split split = Holdout.split(likes(2), USERS, new HoldoutSettings(true, 18, 0.9, 1));
        assertEquals(split.eligibleUsers(), split.testUserCount());
    }
}
