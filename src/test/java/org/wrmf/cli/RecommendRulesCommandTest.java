package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.data.RuleLists;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/** {@code recommend} with every business rule on small data: the written Parquet and the manifest's counts. */
@Slow
class RecommendRulesCommandTest {
    private static final int USERS = 10;
    private static final int ITEMS = 12;
    private static final int TOP_N = 4;
    private static final int SIMILAR = 3;

    @TempDir
    Path dir;

    @Test
    void recommendWritesOnlyWhatTheRulesAllowAndCountsUnknownIds() throws Exception {
        Random random = new Random(11);
        StringBuilder psv = new StringBuilder("modelname|mid|uid\n");
        Map<String, Set<String>> liked = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                if (i == u || i == (u + 5) % ITEMS || random.nextDouble() < 0.3) {
                    psv.append("model ")
                            .append(i)
                            .append("|m")
                            .append(i)
                            .append("|u")
                            .append(u)
                            .append('\n');
                    liked.computeIfAbsent("u" + u, k -> new HashSet<>()).add("m" + i);
                }
            }
        }
        psv.append("model 11|m11|u9\n"); // every item has a like
        liked.get("u9").add("m11");
        Path likes = write("likes.psv", psv.toString());
        Path excludeItems = write("exclude-items.psv", "mid\nm1\nm2\nunknown-item\nm1\n");
        Path candidates = write(
                "candidates.psv",
                "mid\n" + IntStream.range(0, 9).mapToObj(i -> "m" + i + "\n").collect(Collectors.joining()) + "nope\n");
        Path users = write(
                "users.psv",
                "uid\n" + IntStream.range(0, 6).mapToObj(u -> "u" + u + "\n").collect(Collectors.joining())
                        + "ghost\n");
        Path pairs = write("pairs.psv", "uid|mid\nu0|m3\nu1|m4\nghost|m0\nu2|zzz\n");
        Path out = dir.resolve("out");

        Map.Entry<Integer, String> result = run(
                "recommend",
                likes,
                out,
                "recommend.exclude-items=" + excludeItems,
                "recommend.candidate-items=" + candidates,
                "recommend.users=" + users,
                "recommend.exclude-pairs=" + pairs);
        assertEquals(Main.OK, result.getKey(), result.getValue());

        Set<String> allowed = Set.of("m0", "m3", "m4", "m5", "m6", "m7", "m8"); // candidates but m1, m2
        Map<String, Set<String>> excludedPairs = Map.of("u0", Set.of("m3"), "u1", Set.of("m4"));
        SparkSession spark = SparkTestSession.get();
        List<Row> recommendations =
                spark.read().parquet(out.resolve("recommendations").toString()).collectAsList();
        Map<String, List<Row>> byUser = recommendations.stream().collect(Collectors.groupingBy(r -> r.getString(0)));
        assertTrue(Set.of("u0", "u1", "u2", "u3", "u4", "u5").containsAll(byUser.keySet()), "only listed users");
        for (int u = 0; u < 6; u++) {
            String user = "u" + u;
            Set<String> left = new HashSet<>(allowed);
            left.removeAll(liked.get(user));
            left.removeAll(excludedPairs.getOrDefault(user, Set.of()));
            List<Row> mine = byUser.getOrDefault(user, List.of());
            assertEquals(Math.min(TOP_N, left.size()), mine.size(), user + ": min(top-n, items left)");
            for (Row row : mine) {
                assertTrue(left.contains(row.getString(1)), user + " got " + row.getString(1));
            }
        }
        List<Row> similar =
                spark.read().parquet(out.resolve("similar-items").toString()).collectAsList();
        assertEquals(ITEMS * SIMILAR, similar.size(), "every item keeps its neighbours");
        for (Row row : similar) {
            assertTrue(allowed.contains(row.getString(1)), "neighbour " + row.getString(1) + " is ruled out");
        }

        RunManifest manifest = Manifest.fromJson(Files.readString(out.resolve("manifest.json")));
        RunManifest.Rules rules = manifest.rules();
        assertEquals(figures(excludeItems, 4, 0, 3, 2, 1), rules.excludeItems());
        assertEquals(figures(candidates, 10, 0, 10, 9, 1), rules.candidateItems());
        assertEquals(figures(users, 7, 0, 7, 6, 1), rules.users());
        assertEquals(figures(pairs, 4, 0, 4, 2, 2), rules.excludePairs());
        assertEquals(allowed.size(), rules.allowedItems());
        assertEquals(ITEMS, rules.catalogueItems());
        String json = Files.readString(out.resolve("manifest.json"));
        assertTrue(json.contains("\"candidate_items\""), json);
    }

    @Test
    void aRulePathThatNamesNoFileIsASettingErrorNamingItsKey() throws Exception {
        Path likes = write("likes.psv", "modelname|mid|uid\na|m0|u0\nb|m1|u0\n");
        for (String command : List.of("recommend", "all")) {
            Map.Entry<Integer, String> result =
                    run(command, likes, dir.resolve("out"), "recommend.exclude-pairs=" + dir.resolve("missing.psv"));
            assertEquals(Main.USAGE, result.getKey(), command);
            assertTrue(result.getValue().contains("wrmf.recommend.exclude-pairs"), result.getValue());
            assertFalse(Files.exists(dir.resolve("out")), command + ": no work done, the folder not even claimed");
        }
    }

    private static RuleLists.Figures figures(
            Path path, long read, long rejected, long distinct, long known, long unknown) {
        return new RuleLists.Figures(path.toString(), read, rejected, distinct, known, unknown);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Runs the command on the likes, returning its exit code and what it printed to stderr. */
    private static Map.Entry<Integer, String> run(String command, Path likes, Path out, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--set",
                "input.path=" + likes,
                "--set",
                "input.format=psv",
                "--set",
                "threshold.min-user-likes=1",
                "--set",
                "threshold.min-item-likes=1",
                "--set",
                "holdout.enabled=false",
                "--set",
                "output.path=" + out,
                "--set",
                "output.top-n=" + TOP_N,
                "--set",
                "output.similar-items=" + SIMILAR,
                "--set",
                "output.blocks=3",
                "--set",
                "als.factors=3",
                "--set",
                "als.iterations=2"));
        for (String setting : settings) {
            args.addAll(List.of("--set", setting));
        }
        SparkTestSession.get();
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return Map.entry(Main.run(args.toArray(String[]::new)), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
