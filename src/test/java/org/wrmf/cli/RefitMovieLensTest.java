package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.report.RunManifest;

/**
 * The daily refit on MovieLens-100K split by its timestamps: day 1 is every rating before the 80th
 * percentile of the timestamps, day 2 every rating before the 90th, the test the ratings after. A refit of
 * day 1's model on day 2 (3 iterations from day 1's factors) must rank the test likes as well as day 2
 * trained from scratch (15 iterations): NDCG@10 within 0.01, computed here from the written factors with
 * each user's day-2 likes excluded from the ranking.
 */
@Slow
class RefitMovieLensTest {
    @TempDir
    Path dir;

    @Test
    void refitOnTheNextDayScoresAsTrainingFromScratch() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        List<String[]> ratings = new ArrayList<>();
        for (String line : Files.readAllLines(movieLens.resolve("u.data"))) {
            ratings.add(line.split("\t"));
        }
        long[] times =
                ratings.stream().mapToLong(r -> Long.parseLong(r[3])).sorted().toArray();
        long dayOne = times[(int) (times.length * 0.8)];
        long dayTwo = times[(int) (times.length * 0.9)];
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        Map<String, Set<String>> train = new HashMap<>();
        Map<String, Set<String>> test = new HashMap<>();
        for (String[] r : ratings) {
            long time = Long.parseLong(r[3]);
            String like = r[0] + "," + r[1] + "\n";
            if (time < dayOne) {
                first.append(like);
            }
            if (time < dayTwo) {
                second.append(like);
                train.computeIfAbsent(r[0], u -> new HashSet<>()).add(r[1]);
            } else {
                test.computeIfAbsent(r[0], u -> new HashSet<>()).add(r[1]);
            }
        }
        Path day1 = dir.resolve("day-1.csv");
        Path day2 = dir.resolve("day-2.csv");
        Files.writeString(day1, first);
        Files.writeString(day2, second);

        Path previous = dir.resolve("day-1");
        Path scratch = dir.resolve("day-2-scratch");
        Path refit = dir.resolve("day-2-refit");
        run("recommend", day1, previous);
        run("recommend", day2, scratch);
        run("refit", day2, refit, "--set", "refit.from=" + previous);

        double fromScratch = ndcgAt10(scratch, train, test);
        double refitted = ndcgAt10(refit, train, test);
        assertTrue(fromScratch > 0.05, "a model that ranks at all: " + fromScratch);
        assertEquals(fromScratch, refitted, 0.01, "refit " + refitted + ", from scratch " + fromScratch);

        RunManifest.Refit figures = RefitCommandTest.manifest(refit).refit();
        assertEquals(3, figures.iterationLosses().size());
        assertTrue(figures.users().added() > 0 && figures.items().added() > 0, figures.toString());
        assertTrue(
                figures.likes().added() > 0 && figures.likes().removed() == 0,
                figures.likes().toString());
        assertTrue(
                figures.drift().overlap() > 0 && figures.drift().overlap() < 1,
                figures.drift().toString());
    }

    private static void run(String command, Path input, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--set", "input.path=" + input,
                "--set", "input.format=csv",
                "--set", "input.header=false",
                "--set", "input.columns.user=0",
                "--set", "input.columns.item=1",
                "--set", "input.columns.name=",
                "--set", "threshold.min-user-likes=1",
                "--set", "threshold.min-item-likes=1",
                "--set", "holdout.enabled=false",
                "--set", "output.path=" + output,
                "--set", "output.similar-items=0",
                "--set", "als.factors=20",
                "--set", "als.regularization=10",
                "--set", "als.alpha=1",
                "--set", "als.iterations=15"));
        args.addAll(Arrays.asList(more));
        var result = OutputCommandsTest.run(args.toArray(String[]::new));
        assertEquals(Main.OK, result.getKey(), result.getValue());
    }

    /**
     * Mean NDCG@10 over the test users with factors: every item with factors ranked by x_u . y_i, the
     * user's training likes left out; gains 1 / log2(rank + 1) on the test likes, over the ideal
     * min(10, |test|) hits.
     */
    static double ndcgAt10(Path run, Map<String, Set<String>> train, Map<String, Set<String>> test) {
        Map<String, double[]> users = RefitCommandTest.factors(run, "users");
        Map<String, double[]> items = RefitCommandTest.factors(run, "items");
        List<String> ids = new ArrayList<>(items.keySet());
        double sum = 0;
        int scored = 0;
        for (var entry : test.entrySet()) {
            double[] x = users.get(entry.getKey());
            Set<String> relevant = new HashSet<>(entry.getValue());
            relevant.retainAll(items.keySet());
            if (x == null || relevant.isEmpty()) {
                continue;
            }
            Set<String> liked = train.getOrDefault(entry.getKey(), Set.of());
            List<Map.Entry<String, Double>> scores = new ArrayList<>();
            for (String item : ids) {
                if (!liked.contains(item)) {
                    double[] y = items.get(item);
                    double score = 0;
                    for (int f = 0; f < x.length; f++) {
                        score += x[f] * y[f];
                    }
                    scores.add(Map.entry(item, score));
                }
            }
            scores.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
            double dcg = 0;
            for (int r = 0; r < Math.min(10, scores.size()); r++) {
                if (relevant.contains(scores.get(r).getKey())) {
                    dcg += Math.log(2) / Math.log(r + 2);
                }
            }
            double ideal = 0;
            for (int r = 0; r < Math.min(10, relevant.size()); r++) {
                ideal += Math.log(2) / Math.log(r + 2);
            }
            sum += dcg / ideal;
            scored++;
        }
        return sum / scored;
    }
}
