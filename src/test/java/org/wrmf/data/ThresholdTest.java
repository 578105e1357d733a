package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;

class ThresholdTest {
    @TempDir
    Path dir;

    /** The notebook's loop, on plain Java collections: the independent reference (and its number of rounds). */
    record Reference(Set<List<String>> likes, int rounds) {
        static Reference of(List<String[]> pairs, int minUser, int minItem) {
            Set<List<String>> likes = new HashSet<>();
            for (String[] p : pairs) {
                likes.add(List.of(p[0], p[1]));
            }
            int rounds = 0;
            while (true) {
                rounds++;
                int before = likes.size();
                Map<String, Integer> perUser = new HashMap<>();
                likes.forEach(l -> perUser.merge(l.get(0), 1, Integer::sum));
                likes.removeIf(l -> perUser.get(l.get(0)) < minUser);
                Map<String, Integer> perItem = new HashMap<>();
                likes.forEach(l -> perItem.merge(l.get(1), 1, Integer::sum));
                likes.removeIf(l -> perItem.get(l.get(1)) < minItem);
                if (likes.size() == before) {
                    return new Reference(likes, rounds);
                }
            }
        }
    }

    /** Loads the pairs from a CSV file, ranks, thresholds and indexes them as Preparation does. */
    private Threshold.KCore threshold(List<String[]> pairs, int minUser, int minItem, Set<List<String>> kept)
            throws IOException {
        StringBuilder csv = new StringBuilder("user,item\n");
        pairs.forEach(p -> csv.append(p[0]).append(',').append(p[1]).append('\n'));
        Path file = Files.writeString(dir.resolve("likes.csv"), csv);
        LoadedLikes loaded = LikesReader.read(
                SparkTestSession.get(), new InputSettings(file.toString(), "csv", true, "user", "item", null, null));
        RankedLikes ranked = Indexer.rank(loaded);
        Threshold.KCore result = Threshold.apply(ranked, minUser, minItem);
        IndexedLikes indexed = Indexer.index(SparkTestSession.get(), ranked, result.users(), result.items())
                .likes();
        Map<Integer, String> users = ids(indexed.users().collectAsList());
        Map<Integer, String> items = ids(indexed.items().collectAsList());
        for (Row like : indexed.likes().collectAsList()) {
            kept.add(List.of(users.get(like.getInt(0)), items.get(like.getInt(1))));
        }
        return result;
    }

    private static Map<Integer, String> ids(List<Row> rows) {
        Map<Integer, String> ids = new HashMap<>();
        rows.forEach(r -> ids.put(r.getInt(1), r.getString(0)));
        return ids;
    }

    @Test
    void cascadingRemovalsRepeatUntilStable() throws IOException {
        // u3 has 2 likes -> removed; then item c keeps 1 user -> removed; then u2 drops to 1 like -> removed ...
        List<String[]> pairs = List.of(
                new String[] {"u1", "a"},
                new String[] {"u1", "b"},
                new String[] {"u1", "c"},
                new String[] {"u2", "a"},
                new String[] {"u2", "b"},
                new String[] {"u2", "c"},
                new String[] {"u4", "a"},
                new String[] {"u4", "b"},
                new String[] {"u4", "d"},
                new String[] {"u3", "c"},
                new String[] {"u3", "d"});
        Set<List<String>> got = new HashSet<>();
        Threshold.KCore result = threshold(pairs, 3, 2, got);
        Reference reference = Reference.of(pairs, 3, 2);
        assertEquals(reference.likes(), got);
        assertEquals(reference.rounds(), result.rounds());
        assertEquals(new LikeStats(4, 4, 11), result.before());
        assertEquals(got.size(), result.after().likes());
    }

    @Test
    void randomTablesMatchTheNotebooksLoop() throws IOException {
        Random random = new Random(3);
        List<String[]> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 600; n++) {
            String u = "u" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 60);
            String i = "i" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 50);
            if (seen.add(u + "/" + i)) {
                pairs.add(new String[] {u, i});
            }
        }
        Set<List<String>> got = new HashSet<>();
        Threshold.KCore result = threshold(pairs, 5, 4, got);
        Reference reference = Reference.of(pairs, 5, 4);
        assertEquals(reference.likes(), got);
        assertEquals(reference.rounds(), result.rounds());
        assertEquals(
                new LikeStats(
                        reference.likes().stream().map(l -> l.get(0)).distinct().count(),
                        reference.likes().stream().map(l -> l.get(1)).distinct().count(),
                        got.size()),
                result.after());
    }
}
