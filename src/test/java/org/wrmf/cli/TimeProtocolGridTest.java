package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/**
 * The grid with its learning curves, and the report, on each holdout protocol that uses time or a given
 * test set (MovieLens-100K with its times; reads ../shared/data, skips without it).
 */
@Slow
class TimeProtocolGridTest {
    @TempDir
    Path dir;

    private JsonNode grid(Path movieLens, String name, String... settings) throws Exception {
        Path out = dir.resolve(name);
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(
                conf,
                "wrmf.input { path = \"" + movieLens.resolve("u.data")
                        + "\", format = tsv, header = false,"
                        + " columns { user = \"0\", item = \"1\", name = \"\", timestamp = \"3\" } }\n"
                        + "wrmf.threshold { min-user-likes = 1, min-item-likes = 1 }\n"
                        + "wrmf.grid { factors = [4], regularization = [1], alpha = [5], epochs = [1, 2] }\n");
        List<String> args =
                new ArrayList<>(List.of("grid", "--config", conf.toString(), "--set", "output.path=" + out));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        assertEquals(Main.OK, Main.run(args.toArray(String[]::new)), name);
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertTrue(manifest.at("/best/value").asDouble() > 0, name + ": " + manifest.at("/best"));
        assertEquals(
                2,
                SparkTestSession.get()
                        .read()
                        .parquet(out.resolve("curves").toString())
                        .count(),
                name);
        return manifest;
    }

    @Test
    void gridRunsOnEveryTimeProtocol() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");

        JsonNode time = grid(movieLens, "time", "holdout.protocol=time", "holdout.cutoff=1998-03-01");
        assertEquals("time", time.at("/holdout/protocol").asText());
        assertEquals(888_710_400L, time.at("/holdout/cutoff").asLong());
        assertEquals("1998-03-01T00:00:00Z", time.at("/holdout/cutoff_time").asText());
        assertTrue(time.at("/holdout/test_likes").asLong() > 0);
        assertTrue(time.at("/holdout/users_first_seen_after_cutoff").asLong() > 0);

        JsonNode last = grid(movieLens, "last", "holdout.protocol=per-user-last");
        assertEquals("per-user-last", last.at("/holdout/protocol").asText());
        // 20% of the 943 users, each with at least 10 ratings, give their 5 latest
        assertEquals(188 * 5, last.at("/holdout/test_likes").asLong());

        // the given test set: every 20th rating, and two of a user and an item MovieLens does not have
        List<String> lines = Files.readAllLines(movieLens.resolve("u.data"));
        List<String> test = new ArrayList<>();
        for (int at = 0; at < lines.size(); at += 20) {
            test.add(lines.get(at));
        }
        test.add("99999\t1\t5\t881250949");
        test.add("1\t99999\t5\t881250949");
        Path testFile = dir.resolve("test.tsv");
        Files.write(testFile, test);
        JsonNode given = grid(movieLens, "given", "holdout.protocol=given", "holdout.test.path=" + testFile);
        assertEquals("given", given.at("/holdout/protocol").asText());
        assertEquals(5_000, given.at("/holdout/test_likes").asLong());
        assertEquals(5_000, given.at("/holdout/likes_removed_from_train").asLong());
        assertEquals(1, given.at("/holdout/test_likes_of_unknown_users").asLong());
        assertEquals(1, given.at("/holdout/test_likes_of_unknown_items").asLong());
        assertEquals(95_000, given.at("/holdout/train_likes").asLong());

        assertEquals(Main.OK, Main.run(new String[] {"report", "--set", "output.path=" + dir.resolve("time")}));
        String report = Files.readString(dir.resolve("time/report/index.html"));
        assertTrue(report.contains("holdout protocol: time, test likes after 1998-03-01T00:00:00Z"));
    }
}
