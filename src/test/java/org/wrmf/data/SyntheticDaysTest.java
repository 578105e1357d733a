package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/** generate.days: daily snapshots and deltas with times; one day is the generator's output as it was. */
class SyntheticDaysTest {
    private static final int DAYS = 4;

    @TempDir
    Path dir;

    private static SyntheticLikes.SyntheticLikesSettings settings(int partitions, int days) {
        return new SyntheticLikes.SyntheticLikesSettings(0.02, 7, 62583, 28806, 24, 0.3, partitions, days);
    }

    /**
     * One day writes exactly what the generator wrote before days existed: the digest of its lines at scale
     * 0.02, taken from the generator of that time.
     */
    @Test
    void oneDayIsTheOutputAsItWas() throws Exception {
        List<String> lines =
                SyntheticLikes.lines(SparkTestSession.jsc(), settings(3, 1)).collect();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String line : lines) {
            digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(9320, lines.size());
        assertEquals(
                "db7830f4afa4ceb8c50a526f94a74665a201f167f9eac30f089c07bf98e9fba1",
                HexFormat.of().formatHex(digest.digest()));
    }

    /** The data lines of the part files of a folder, each file's header checked. */
    private static List<String> lines(Path folder) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty()) {
                    assertEquals(SyntheticLikes.TIMED_HEADER, lines.get(0), file.toString());
                    all.addAll(lines.subList(1, lines.size()));
                }
            }
        }
        return all;
    }

    private static long time(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf('|') + 1));
    }

    private static String user(String line) {
        String[] fields = line.split("\\|");
        return fields[fields.length - 2];
    }

    private static String item(String line) {
        String[] fields = line.split("\\|");
        return fields[fields.length - 3];
    }

    @Slow
    @Test
    void daysAreCumulativeSnapshotsOfDailyDeltasWithNewUsersAndItems() throws Exception {
        Path out = dir.resolve("generated");
        SyntheticLikes.write(SparkTestSession.get(), settings(2, DAYS), out.toString());
        List<String> cumulative = new ArrayList<>();
        Set<String> usersBefore = new HashSet<>();
        Set<String> itemsBefore = new HashSet<>();
        for (int day = 1; day <= DAYS; day++) {
            List<String> delta = lines(out.resolve("delta/day=" + day));
            assertTrue(delta.size() > 100, "day " + day + ": " + delta.size() + " likes");
            long from = SyntheticLikes.START + (day - 1) * SyntheticLikes.DAY;
            for (String line : delta) {
                long time = time(line);
                assertTrue(time >= from && time < from + SyntheticLikes.DAY, "day " + day + ": " + line);
            }
            cumulative.addAll(delta);
            List<String> snapshot = lines(out.resolve("day=" + day));
            assertEquals(
                    cumulative.stream().sorted().toList(),
                    snapshot.stream().sorted().toList(),
                    "day " + day);
            if (day > 1) {
                long newUsers = delta.stream()
                        .map(SyntheticDaysTest::user)
                        .distinct()
                        .filter(u -> !usersBefore.contains(u))
                        .count();
                long newItems = delta.stream()
                        .map(SyntheticDaysTest::item)
                        .distinct()
                        .filter(i -> !itemsBefore.contains(i))
                        .count();
                assertTrue(newUsers > 10, "day " + day + ": " + newUsers + " new users");
                assertTrue(newItems > 10, "day " + day + ": " + newItems + " new items");
            }
            delta.forEach(line -> {
                usersBefore.add(user(line));
                itemsBefore.add(item(line));
            });
        }
        // the same seed gives the same likes whatever the partitioning
        Path again = dir.resolve("again");
        SyntheticLikes.write(SparkTestSession.get(), settings(3, DAYS), again.toString());
        assertEquals(
                cumulative.stream().sorted().toList(),
                lines(again.resolve("day=" + DAYS)).stream().sorted().toList());
    }

    /** The job reads the last day's snapshot with its times, and a time split of it holds together. */
    @Slow
    @Test
    void theJobSplitsTheLastSnapshotByTime() {
        String generated = dir.resolve("generated").toString();
        InputSettings input = new InputSettings("", "synthetic", true, "uid", "mid", null, "modelname")
                .withTimeColumn(SyntheticLikes.TIME_COLUMN);
        HoldoutSettings holdout =
                new HoldoutSettings(true, 5, 0.2, 42, HoldoutSettings.Protocol.TIME, 0.8, null, 0.2, null);
        Preparation.PreparationResult result = Preparation.run(
                SparkTestSession.get(),
                new PrepareSettings(
                        input,
                        settings(2, DAYS),
                        generated,
                        new ThresholdSettings(2, 2),
                        holdout,
                        dir.resolve("out").toString()),
                (table, format, path) -> {});
        assertEquals(0, result.report().input().rowsRejected());
        PrepareReport.HoldoutReport split = result.report().holdout();
        long start = SyntheticLikes.START;
        assertTrue(split.cutoff() >= start && split.cutoff() < start + DAYS * SyntheticLikes.DAY, split.cutoffTime());
        long kept = result.report().threshold().after().likes();
        assertEquals(
                kept,
                split.trainLikes()
                        + split.testLikes()
                        + split.likesOfUsersFirstSeenAfterCutoff()
                        + split.testLikesOfUnknownItems());
        double after = (double) (kept - split.trainLikes()) / kept;
        assertTrue(Math.abs(after - 0.2) < 0.01, "share of likes after the cutoff: " + after);
        assertTrue(split.testLikes() > 0 && split.usersFirstSeenAfterCutoff() > 0, split.toString());
    }
}
