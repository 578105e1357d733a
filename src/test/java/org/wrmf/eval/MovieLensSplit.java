package org.wrmf.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.wrmf.als.Rating;

/**
 * MovieLens-100K as binary likes with the notebook's holdout, for the grid tests and benchmark: every
 * rating is a like; users and items indexed in order of appearance; a fifth of the users with at least
 * 2k likes (seeded) have k random likes moved to test. Independent of the data package on purpose.
 */
public record MovieLensSplit(List<Rating> train, List<Rating> test, int numUsers, int numItems) {

    public static MovieLensSplit load(Path dir, int k, long seed) {
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> items = new HashMap<>();
        Map<Integer, List<Integer>> likes = new HashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("u.data"))) {
                String[] cells = line.split("\t");
                int u = users.computeIfAbsent(cells[0], x -> users.size());
                int i = items.computeIfAbsent(cells[1], x -> items.size());
                likes.computeIfAbsent(u, x -> new ArrayList<>()).add(i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(seed);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            List<Integer> mine = new ArrayList<>(likes.get(u));
            boolean holdout = mine.size() >= 2 * k && random.nextInt(5) == 0;
            if (holdout) {
                java.util.Collections.shuffle(mine, random);
            }
            for (int j = 0; j < mine.size(); j++) {
                (holdout && j < k ? test : train).add(new Rating(u, mine.get(j), 1f));
            }
        }
        return new MovieLensSplit(train, test, users.size(), items.size());
    }
}
