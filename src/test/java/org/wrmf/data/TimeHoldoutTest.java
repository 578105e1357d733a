package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/** The holdout protocols that use time (time, per-user-last) and the given test set, on hand-made likes. */
class TimeHoldoutTest {
    @TempDir
    Path dir;

    /**
     * Users a, b, c, d and items i1..i5 (indices 0..3 and 0..4, in id order), twelve likes at seconds 5..60;
     * some times are written as ISO date-times. With the cutoff at 25 or 28: d's and the first two of a and
     * b train (6 likes); after it a liked i3 (known) and i4 (first liked at 40: unknown), b liked i5 (first
     * liked at 35: unknown) and i3 (known); c's first like is at 50, so c is no test user and its 2 likes
     * drop.
     */
    private static final String LIKES = String.join(
            "\n",
            "user,item,time",
            "a,i1,10",
            "a,i2,1970-01-01T00:00:20Z",
            "a,i3,30",
            "a,i4,40",
            "b,i1,15",
            "b,i2,25",
            "b,i5,35",
            "b,i3,1970-01-01T00:00:45",
            "c,i3,50",
            "c,i1,60",
            "d,i2,5",
            "d,i3,6",
            "");

    private InputSettings csv(String name, String content, String timeColumn) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return new InputSettings(file.toString(), "csv", true, "user", "item", null, null).withTimeColumn(timeColumn);
    }

    /**
     * Every preparation here also checks that the data hands on the count of its training likes (what the
     * fit's choice of where it runs reads instead of counting again): the training table's rows.
     */
    private Preparation.PreparationResult prepare(InputSettings input, HoldoutSettings holdout) {
        Preparation.PreparationResult result = Preparation.run(
                SparkTestSession.get(),
                new PrepareSettings(
                        input,
                        null,
                        null,
                        new ThresholdSettings(1, 1),
                        holdout,
                        dir.resolve("out").toString()));
        assertEquals(
                result.data().train().count(),
                result.data().trainLikes(),
                holdout.protocol().key());
        return result;
    }

    private static HoldoutSettings time(Long cutoff, double fraction) {
        return new HoldoutSettings(true, 1, 0.2, 42, HoldoutSettings.Protocol.TIME, 0.8, cutoff, fraction, null);
    }

    private static Set<List<Integer>> pairs(Dataset<Row> table) {
        Set<List<Integer>> out = new HashSet<>();
        table.collectAsList().forEach(r -> out.add(List.of(r.getInt(0), r.getInt(1))));
        return out;
    }

    @Test
    void timeProtocolTestsTheLikesAfterTheCutoffOfKnownUsersAndItems() throws Exception {
        for (long cutoff : new long[] {25, 28}) {
            Preparation.PreparationResult result = prepare(csv("likes.csv", LIKES, "time"), time(cutoff, 0.2));
            PrepareReport.HoldoutReport report = result.report().holdout();
            assertEquals("time", report.protocol());
            assertEquals(cutoff, report.cutoff());
            assertEquals("1970-01-01T00:00:" + cutoff + "Z", report.cutoffTime());
            assertNull(report.timeFraction(), "a cutoff given, not chosen by a fraction");
            assertEquals(6, report.trainLikes());
            assertEquals(2, report.testLikes());
            assertEquals(2, report.testUsers());
            assertEquals(3, report.eligibleUsers(), "a, b and d have a like before the cutoff");
            assertEquals(1, report.usersFirstSeenAfterCutoff(), "c");
            assertEquals(2, report.likesOfUsersFirstSeenAfterCutoff());
            assertEquals(2, report.testLikesOfUnknownItems(), "a's i4 and b's i5");
            assertEquals(
                    12,
                    report.trainLikes()
                            + report.testLikes()
                            + report.likesOfUsersFirstSeenAfterCutoff()
                            + report.testLikesOfUnknownItems(),
                    "every like is accounted for");
            // users a=0, b=1, c=2, d=3; items i1=0 .. i5=4
            assertEquals(
                    Set.of(List.of(0, 2), List.of(1, 2)), pairs(result.data().test()));
            assertEquals(
                    Set.of(List.of(0, 0), List.of(0, 1), List.of(1, 0), List.of(1, 1), List.of(3, 1), List.of(3, 2)),
                    pairs(result.data().train()));
            assertEquals(
                    Set.of(0, 1),
                    new HashSet<>(result.data().testUsers().collectAsList().stream()
                            .map(r -> r.getInt(0))
                            .toList()));
        }
    }

    /** auto: the time of rank n - round(f n) - 1: with 12 likes, f = 0.5 gives 25 and f = 0.25 gives 40. */
    @Test
    void autoCutoffLeavesTheLatestFractionOfLikesAfterIt() throws Exception {
        InputSettings input = csv("likes.csv", LIKES, "time");
        PrepareReport.HoldoutReport half =
                prepare(input, time(null, 0.5)).report().holdout();
        assertEquals(25, half.cutoff());
        assertEquals(0.5, half.timeFraction());
        assertEquals(2, half.testLikes());

        PrepareReport.HoldoutReport quarter =
                prepare(input, time(null, 0.25)).report().holdout();
        assertEquals(40, quarter.cutoff());
        // after 40: b's i3 at 45 (a test like) and c's two likes (c is first seen at 50)
        assertEquals(1, quarter.testLikes());
        assertEquals(1, quarter.testUsers());
        assertEquals(1, quarter.usersFirstSeenAfterCutoff());
        assertEquals(0, quarter.testLikesOfUnknownItems());
        assertEquals(9, quarter.trainLikes());
    }

    /**
     * per-user-last with 2 likes per user and every eligible user (at least 4 likes) chosen: u1's two latest
     * (at 90 and 80, whatever the file's order), u2's two latest; u3 has 3 likes, too few.
     */
    @Test
    void perUserLastTestsEachChosenUsersLatestLikes() throws Exception {
        String likes = String.join(
                "\n",
                "user,item,time",
                "u1,i1,50",
                "u1,i2,90",
                "u1,i3,10",
                "u1,i4,80",
                "u1,i5,20",
                "u2,i1,2024-03-05",
                "u2,i3,2024-03-01",
                "u2,i4,2024-03-04T23:59:59",
                "u2,i5,2024-03-02",
                "u3,i1,1",
                "u3,i2,2",
                "u3,i3,3",
                "");
        HoldoutSettings settings =
                new HoldoutSettings(true, 2, 1.0, 42, HoldoutSettings.Protocol.PER_USER_LAST, 0.8, null, 0.2, null);
        Preparation.PreparationResult result = prepare(csv("likes.csv", likes, "time"), settings);
        // u1=0, u2=1, u3=2; i1=0 .. i5=4
        assertEquals(
                Set.of(List.of(0, 1), List.of(0, 3), List.of(1, 0), List.of(1, 3)),
                pairs(result.data().test()));
        PrepareReport.HoldoutReport report = result.report().holdout();
        assertEquals("per-user-last", report.protocol());
        assertEquals(4, report.testLikes());
        assertEquals(2, report.testUsers());
        assertEquals(2, report.eligibleUsers());
        assertEquals(8, report.trainLikes());
        assertEquals(8, result.data().train().count());
    }

    /** A time protocol on likes without times is refused, naming the time column. */
    @Test
    void timeProtocolsNeedATimeColumn() throws Exception {
        InputSettings untimed = csv("likes.csv", LIKES, null);
        ConfigError error = assertThrows(ConfigError.class, () -> prepare(untimed, time(25L, 0.2)));
        assertEquals(Setting.INPUT_TIME_COLUMN, error.setting());
    }

    /** The default protocol's split does not depend on the likes having times. */
    @Test
    void defaultProtocolIsUnchangedByTimes() throws Exception {
        HoldoutSettings likes = new HoldoutSettings(true, 1, 0.5, 42);
        Preparation.PreparationResult timed = prepare(csv("timed.csv", LIKES, "time"), likes);
        Preparation.PreparationResult untimed = prepare(csv("untimed.csv", LIKES, null), likes);
        assertEquals(pairs(untimed.data().test()), pairs(timed.data().test()));
        assertEquals(pairs(untimed.data().train()), pairs(timed.data().train()));
        assertEquals(untimed.report().holdout(), timed.report().holdout());
        assertEquals("likes", timed.report().holdout().protocol());
        assertNull(timed.report().holdout().cutoff());
    }

    /**
     * given: of the test file's rows, one is malformed; (a, i3) is also an input like (left out of
     * training); (d, i1) is new and known; (e, i1) has an unknown user, (a, i9) an unknown item.
     */
    @Test
    void givenTestSetCountsUnknownUsersAndItemsAndLeavesItsLikesOutOfTraining() throws Exception {
        InputSettings input = csv("likes.csv", LIKES, null);
        InputSettings test = input.atPath(csv(
                        "test.csv",
                        String.join("\n", "user,item,time", "a,i3,1", "d,i1,2", "e,i1,3", "a,i9,4", "x", ""),
                        null)
                .path());
        HoldoutSettings settings =
                new HoldoutSettings(true, 1, 0.2, 42, HoldoutSettings.Protocol.GIVEN, 0.8, null, 0.2, test);
        Preparation.PreparationResult result = prepare(input, settings);
        PrepareReport.HoldoutReport report = result.report().holdout();
        assertEquals("given", report.protocol());
        assertEquals(5, report.testRowsRead());
        assertEquals(1, report.testRowsRejected());
        assertEquals(1, report.testLikesOfUnknownUsers());
        assertEquals(1, report.testLikesOfUnknownItems());
        assertEquals(1, report.likesRemovedFromTrain());
        assertEquals(2, report.testLikes());
        assertEquals(2, report.testUsers());
        assertEquals(11, report.trainLikes());
        assertEquals(Set.of(List.of(0, 2), List.of(3, 0)), pairs(result.data().test()));
        Set<List<Integer>> train = pairs(result.data().train());
        assertEquals(11, train.size());
        assertTrue(!train.contains(List.of(0, 2)), "a test like is never trained on");
    }

    /**
     * The protocols no other test here prepares (users; no holdout) hand on the count of their training
     * likes too ({@link #prepare} checks it; time, per-user-last, likes and given are checked where they
     * are tested).
     */
    @Test
    void usersProtocolAndNoHoldoutHandOnTheCountOfTheirTrainingLikes() throws Exception {
        InputSettings input = csv("likes.csv", LIKES, "time");
        assertTrue(prepare(input, new HoldoutSettings(true, 1, 0.5, 42, HoldoutSettings.Protocol.USERS, 0.5))
                        .data()
                        .trainLikes()
                > 0);
        assertEquals(
                12,
                prepare(input, new HoldoutSettings(false, 1, 0.5, 42)).data().trainLikes(),
                "every like trains");
    }

    /** Times as the reader takes them; anything else is no time. */
    @Test
    void timestampsAreEpochSecondsOrIsoDates() {
        assertEquals(881250949L, Timestamps.seconds("881250949"));
        assertEquals(881250949L, Timestamps.seconds(" 881250949.75 "));
        assertEquals(-2L, Timestamps.seconds("-1.5"), "a fraction is dropped towards the past");
        assertEquals(1_709_251_200L, Timestamps.seconds("2024-03-01"));
        assertEquals(1_709_296_200L, Timestamps.seconds("2024-03-01T12:30:00"));
        assertEquals(1_709_296_200L, Timestamps.seconds("2024-03-01 12:30"));
        assertEquals(1_709_296_200L, Timestamps.seconds("2024-03-01T12:30:00Z"));
        assertEquals(1_709_296_200L - 7200, Timestamps.seconds("2024-03-01T12:30:00+02:00"));
        assertEquals(1_709_296_200L + 3600, Timestamps.seconds("2024-03-01T12:30:00-01:00"));
        for (String bad : new String[] {"", "yesterday", "2024-13-01", "2024-02-30", "1e9", "0x10", "12:30"}) {
            assertNull(Timestamps.seconds(bad), bad);
        }
        assertEquals("2024-03-01T12:30:00Z", Timestamps.iso(1_709_296_200L));
    }

    /**
     * Rows whose time is missing or unreadable are set aside with the reason and counted; a duplicated pair
     * keeps its latest time, and the times reach the blocks the holdout works on.
     */
    @Test
    void badTimesAreSetAsideAndDuplicatesKeepTheLatest() throws Exception {
        String likes = String.join(
                "\n",
                "user,item,time",
                "a,i1,100",
                "a,i1,2024-01-01", // duplicate, later
                "a,i1,150", // duplicate, between
                "a,i2,soon",
                "b,i1,",
                "b,i2,1970-01-01T00:03:20",
                "");
        InputSettings input = csv("likes.csv", likes, "time");
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(6, loaded.rowsRead());
        assertEquals(2, loaded.rowsRejected());
        assertEquals(2, loaded.duplicates());
        assertEquals(2, loaded.likeCount());
        List<String> reasons = loaded.rejected().collectAsList().stream()
                .map(r -> r.getString(3))
                .sorted()
                .toList();
        assertEquals(
                List.of("bad timestamp: \"soon\" (epoch seconds, or an ISO date or date-time)", "empty timestamp"),
                reasons);
        Map<String, Long> times = new HashMap<>();
        for (UserLikes block : loaded.byUser().collect()) {
            for (int u = 0; u < block.users.length; u++) {
                for (int at = block.start[u]; at < block.start[u + 1]; at++) {
                    times.put(block.users[u] + block.itemIds[block.itemOf[at]], block.times[at]);
                }
            }
        }
        assertEquals(Map.of("ai1", 1_704_067_200L, "bi2", 200L), times);

        RankedLikes ranked = Indexer.rank(LikesReader.read(SparkTestSession.get(), input));
        Map<List<Integer>, Long> ranks = new HashMap<>();
        for (SparseRows block : ranked.byUser().collect()) {
            for (int r = 0; r < block.rows(); r++) {
                for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                    ranks.put(List.of(block.first + r, block.columns[at]), block.times[at]);
                }
            }
        }
        assertEquals(Map.of(List.of(0, 0), 1_704_067_200L, List.of(1, 1), 200L), ranks);
        ranked.unpersist();
    }

    /** Parquet times: whole and fractional numbers, timestamps, dates and text; bad text and NaN set aside. */
    @Slow
    @Test
    void parquetTimesOfEveryType() {
        String path = dir.resolve("likes.parquet").toString();
        SparkTestSession.get()
                .sql("SELECT * FROM VALUES ('a', 'i1', 100L, TIMESTAMP'1970-01-01 00:01:40Z', DATE'1970-01-02',"
                        + " '1970-01-01T00:01:40Z', 100.7D), ('b', 'i1', 7L, TIMESTAMP'1970-01-01 00:00:07Z',"
                        + " DATE'1970-01-01', 'never', CAST('NaN' AS DOUBLE)) AS t(uid, mid, n, ts, d, s, f)")
                .write()
                .parquet(path);
        for (String column : new String[] {"n", "ts", "d", "s", "f"}) {
            InputSettings input =
                    new InputSettings(path, "parquet", true, "uid", "mid", null, null).withTimeColumn(column);
            LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
            Map<String, Long> times = new HashMap<>();
            for (UserLikes block : loaded.byUser().collect()) {
                for (int u = 0; u < block.users.length; u++) {
                    times.put(block.users[u], block.times[block.start[u]]);
                }
            }
            switch (column) {
                case "n", "ts" -> assertEquals(Map.of("a", 100L, "b", 7L), times, column);
                case "d" -> assertEquals(Map.of("a", 86_400L, "b", 0L), times, column);
                default -> {
                    assertEquals(Map.of("a", 100L), times, column);
                    assertEquals(1, loaded.rowsRejected());
                    String reason = loaded.rejected().first().getString(3);
                    assertTrue(
                            reason.startsWith(
                                    column.equals("s") ? "bad timestamp: \"never\"" : "bad timestamp: \"NaN\""),
                            reason);
                }
            }
        }
    }
}
