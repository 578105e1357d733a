package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import org.wrmf.rank.ItemRules;

/**
 * The business rules against brute force over the factors: every user's full list of scores, filtered by
 * its likes and the rules, sorted (ties to the lower index), cut at k. The blocked ranking must give
 * exactly that: no ruled-out item ever, min(k, items left) rows per user, only the listed users.
 */
class RecommendationRulesTest {
    private static final int USERS = 14;
    private static final int ITEMS = 40;
    private static final int RANK = 4;
    private static final int K = 6;
    private static final int BLOCKS = 3;

    private final double[][] users = SparkMlModelTest.randomFactors(USERS, RANK, 31);
    private final double[][] items = SparkMlModelTest.randomFactors(ITEMS, RANK, 32);
    private final List<Set<Integer>> liked = new ArrayList<>();
    private final Set<Integer> excluded = new HashSet<>();
    private final Set<Integer> candidates = new HashSet<>();
    private final Set<Integer> userSubset = new HashSet<>();
    private final Map<Integer, Set<Integer>> pairs = new HashMap<>();

    RecommendationRulesTest() {
        Random random = new Random(33);
        while (excluded.size() < 8) {
            excluded.add(random.nextInt(ITEMS));
        }
        while (candidates.size() < 22) {
            candidates.add(random.nextInt(ITEMS));
        }
        // user 0 likes all but 7 items (3 excluded, 2 allowed candidates, 2 allowed non-candidates), so each
        // item rule leaves it fewer than k, while without rules it gets k
        List<Integer> unliked =
                new ArrayList<>(excluded.stream().sorted().limit(3).toList());
        unliked.addAll(IntStream.range(0, ITEMS)
                .filter(i -> !excluded.contains(i) && candidates.contains(i))
                .limit(2)
                .boxed()
                .toList());
        unliked.addAll(IntStream.range(0, ITEMS)
                .filter(i -> !excluded.contains(i) && !candidates.contains(i))
                .limit(2)
                .boxed()
                .toList());
        for (int u = 0; u < USERS; u++) {
            Set<Integer> mine = new HashSet<>();
            if (u == 0) {
                IntStream.range(0, ITEMS).filter(i -> !unliked.contains(i)).forEach(mine::add);
            }
            int count = 2 + random.nextInt(6);
            while (mine.size() < count) {
                mine.add(random.nextInt(ITEMS));
            }
            liked.add(mine);
        }
        while (userSubset.size() < 8) {
            userSubset.add(random.nextInt(USERS));
        }
        userSubset.add(0);
        for (int n = 0; n < 30; n++) {
            pairs.computeIfAbsent(random.nextInt(USERS), u -> new HashSet<>()).add(random.nextInt(ITEMS));
        }
    }

    @Test
    void excludedItemsAreNeverRecommendedAndEveryUserStillGetsK() {
        check(true, false, false, false);
    }

    @Test
    void onlyCandidatesAreRecommended() {
        check(false, true, false, false);
    }

    @Test
    void onlyTheListedUsersGetRecommendations() {
        check(false, false, true, false);
    }

    @Test
    void excludedPairsAreNeverRecommendedToTheirUser() {
        check(false, false, false, true);
    }

    @Test
    void allRulesTogether() {
        check(true, true, true, true);
    }

    /** Similar items: every item keeps its row, its neighbours only among the allowed items. */
    @Test
    void similarItemsObeyTheItemRules() {
        similar(true, false);
        similar(false, true);
        similar(true, true);
    }

    private void check(boolean withExcluded, boolean withCandidates, boolean withUsers, boolean withPairs) {
        List<Rating> likes = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i : liked.get(u)) {
                likes.add(new Rating(u, i, 1f));
            }
        }
        List<Rating> pairRatings = new ArrayList<>();
        pairs.forEach((u, set) -> set.forEach(i -> pairRatings.add(new Rating(u, i, 1f))));
        pairRatings.add(pairRatings.get(0)); // a pair listed twice is excluded all the same
        RecommendationRules rules = new RecommendationRules(
                new ItemRules(withExcluded ? ids(excluded, true) : null, withCandidates ? ids(candidates, true) : null),
                withUsers ? ids(userSubset, true) : null,
                withPairs ? SparkTestSession.jsc().parallelize(pairRatings, 2) : null);
        RecommendationSource source = new RecommendationSource(
                new FactorModel(RANK, SparkMlModelTest.rdd(users), SparkMlModelTest.rdd(items)),
                new IdMappings(SparkMlModelTest.ids("u", USERS), SparkMlModelTest.ids("m", ITEMS)),
                SparkTestSession.jsc().parallelize(likes, 2));
        List<Row> rows = Recommendations.compute(SparkTestSession.get(), source, rules, K, BLOCKS)
                .collectAsList();

        Map<Integer, List<Row>> byUser = rows.stream().collect(Collectors.groupingBy(r -> index(r.getString(0))));
        int shortLists = 0;
        for (int u = 0; u < USERS; u++) {
            int user = u;
            if (withUsers && !userSubset.contains(u)) {
                assertFalse(byUser.containsKey(u), "user " + u + " is not on the list");
                continue;
            }
            List<Integer> allowed = IntStream.range(0, ITEMS)
                    .filter(i -> !liked.get(user).contains(i))
                    .filter(i -> !withExcluded || !excluded.contains(i))
                    .filter(i -> !withCandidates || candidates.contains(i))
                    .filter(i ->
                            !withPairs || !pairs.getOrDefault(user, Set.of()).contains(i))
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -RecommendationsTest.dot(users[user], items[i]))
                            .thenComparingInt(i -> i))
                    .toList();
            List<Integer> expected = allowed.subList(0, Math.min(K, allowed.size()));
            shortLists += expected.size() < K ? 1 : 0;
            List<Row> mine = byUser.getOrDefault(u, List.of()).stream()
                    .sorted(Comparator.comparingInt(r -> r.getInt(3)))
                    .toList();
            assertEquals(
                    expected,
                    mine.stream().map(r -> index(r.getString(1))).toList(),
                    "user " + u + ": the best min(k, allowed) items");
            for (int n = 0; n < mine.size(); n++) {
                assertEquals(
                        RecommendationsTest.dot(users[u], items[expected.get(n)]),
                        mine.get(n).getDouble(2),
                        1e-9);
                assertEquals(n + 1, mine.get(n).getInt(3));
            }
        }
        if (withExcluded || withCandidates) {
            assertTrue(shortLists > 0, "the data must leave some user fewer than k items, to test min(k, allowed)");
        }
    }

    private void similar(boolean withExcluded, boolean withCandidates) {
        ItemRules rules = new ItemRules(
                withExcluded ? ids(excluded, false) : null, withCandidates ? ids(candidates, false) : null);
        List<Row> rows = SimilarItems.compute(
                        SparkTestSession.get(),
                        SparkMlModelTest.rdd(items),
                        SparkMlModelTest.ids("m", ITEMS),
                        rules,
                        K,
                        BLOCKS)
                .collectAsList();
        Map<Integer, List<Row>> byItem = rows.stream().collect(Collectors.groupingBy(r -> index(r.getString(0))));
        for (int i = 0; i < ITEMS; i++) {
            int query = i;
            List<Integer> expected = IntStream.range(0, ITEMS)
                    .filter(j -> j != query)
                    .filter(j -> !withExcluded || !excluded.contains(j))
                    .filter(j -> !withCandidates || candidates.contains(j))
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -SimilarItemsTest.cosine(items[query], items[j]))
                            .thenComparingInt(j -> j))
                    .limit(K)
                    .toList();
            List<Integer> actual = byItem.getOrDefault(i, List.of()).stream()
                    .sorted(Comparator.comparingInt(r -> r.getInt(3)))
                    .map(r -> index(r.getString(1)))
                    .toList();
            assertEquals(
                    expected,
                    actual,
                    "neighbours of item " + i + " (excluded " + withExcluded + ", candidates " + withCandidates + ")");
        }
    }

    /** The ids as an RDD, listed twice when asked (a list's duplicates count once). */
    private static JavaRDD<Integer> ids(Set<Integer> ids, boolean twice) {
        List<Integer> list = new ArrayList<>(ids);
        if (twice) {
            list.addAll(ids);
        }
        return SparkTestSession.jsc().parallelize(list, 2);
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }
}
