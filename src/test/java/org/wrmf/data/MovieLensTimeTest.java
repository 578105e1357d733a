package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/**
 * MovieLens-100K with its times (reads ../shared/data; skips without it): u.data's fourth column is
 * loaded as times, and the time split of its latest 20% matches a count made here from the file's lines.
 */
@Slow
class MovieLensTimeTest {
    @TempDir
    Path dir;

    @Test
    void timeSplitOfMovieLensMatchesACountOfItsLines() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        Path uData = movieLens.resolve("u.data");

        // the reference: the same rule, counted over the file's lines
        List<String[]> rows =
                Files.readAllLines(uData).stream().map(line -> line.split("\t")).toList();
        long[] times =
                rows.stream().mapToLong(f -> Long.parseLong(f[3])).sorted().toArray();
        int n = times.length;
        long cutoff = times[n - (int) Math.round(0.2 * n) - 1];
        Set<String> knownUsers = new HashSet<>();
        Set<String> knownItems = new HashSet<>();
        Set<String> allUsers = new HashSet<>();
        long train = 0;
        for (String[] f : rows) {
            allUsers.add(f[0]);
            if (Long.parseLong(f[3]) <= cutoff) {
                knownUsers.add(f[0]);
                knownItems.add(f[1]);
                train++;
            }
        }
        long test = 0;
        long newUserLikes = 0;
        long unknownItemLikes = 0;
        Set<String> testUsers = new HashSet<>();
        for (String[] f : rows) {
            if (Long.parseLong(f[3]) > cutoff) {
                if (!knownUsers.contains(f[0])) {
                    newUserLikes++;
                } else if (!knownItems.contains(f[1])) {
                    unknownItemLikes++;
                } else {
                    test++;
                    testUsers.add(f[0]);
                }
            }
        }

        InputSettings input = new InputSettings(uData.toString(), "tsv", false, "0", "1", null, "").withTimeColumn("3");
        HoldoutSettings holdout =
                new HoldoutSettings(true, 5, 0.2, 42, HoldoutSettings.Protocol.TIME, 0.8, null, 0.2, null);
        Preparation.PreparationResult result = Preparation.run(
                SparkTestSession.get(),
                new PrepareSettings(
                        input,
                        null,
                        null,
                        new ThresholdSettings(1, 1),
                        holdout,
                        dir.resolve("out").toString()),
                (table, format, path) -> {});
        assertEquals(100_000, result.report().input().rowsRead());
        assertEquals(0, result.report().input().rowsRejected());
        PrepareReport.HoldoutReport split = result.report().holdout();
        assertEquals(cutoff, split.cutoff());
        assertEquals(train, split.trainLikes());
        assertEquals(test, split.testLikes());
        assertEquals(testUsers.size(), split.testUsers());
        assertEquals(allUsers.size() - knownUsers.size(), split.usersFirstSeenAfterCutoff());
        assertEquals(newUserLikes, split.likesOfUsersFirstSeenAfterCutoff());
        assertEquals(unknownItemLikes, split.testLikesOfUnknownItems());
        // plausible: MovieLens' ratings run from September 1997 to April 1998; the last fifth starts in
        // 1998, and users keep joining, so part of that fifth belongs to users first seen after the cutoff
        assertTrue(split.cutoffTime().startsWith("1998-"), split.cutoffTime());
        assertEquals(80_000, split.trainLikes(), 50);
        assertTrue(split.usersFirstSeenAfterCutoff() > 50 && split.usersFirstSeenAfterCutoff() < 400, split.toString());
        assertTrue(split.testLikes() > 2_000 && split.testLikes() < 20_000, split.toString());
        System.out.println("MovieLens-100K by time: " + split);
    }
}
