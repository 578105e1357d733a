package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;

class RecommendationsTest {

    @Test
    void neverRecommendSeenItemsAndEqualBruteForce() {
        int nUsers = 9;
        int nItems = 20;
        int topN = 5;
        double[][] users = SparkMlModelTest.randomFactors(nUsers, 4, 21);
        double[][] items = SparkMlModelTest.randomFactors(nItems, 4, 22);
        Random random = new Random(23);
        List<Rating> likes = new ArrayList<>();
        List<Set<Integer>> seen = new ArrayList<>();
        for (int u = 0; u < nUsers; u++) {
            Set<Integer> mine = new HashSet<>();
            while (mine.size() < 3 + u) {
                mine.add(random.nextInt(nItems));
            }
            seen.add(mine);
            for (int i : mine) {
                likes.add(new Rating(u, i, 1f));
            }
        }
        likes.add(new Rating(0, likes.get(0).item(), 1f)); // a like counted twice is excluded all the same

        RecommendationSource source = new RecommendationSource(
                new FactorModel(4, SparkMlModelTest.rdd(users), SparkMlModelTest.rdd(items)),
                new IdMappings(SparkMlModelTest.ids("u", nUsers), SparkMlModelTest.ids("m", nItems)),
                SparkTestSession.jsc().parallelize(likes, 2));
        List<Row> rows =
                Recommendations.compute(SparkTestSession.get(), source, topN, 3).collectAsList();
        assertEquals(nUsers * topN, rows.size());
        for (Row row : rows) {
            int u = Integer.parseInt(row.getString(0).substring(1));
            int i = Integer.parseInt(row.getString(1).substring(1));
            assertFalse(seen.get(u).contains(i), "user " + u + " already liked " + i);
        }
        for (int u = 0; u < nUsers; u++) {
            int user = u;
            List<Integer> expected = IntStream.range(0, nItems)
                    .filter(i -> !seen.get(user).contains(i))
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -dot(users[user], items[i])))
                    .limit(topN)
                    .toList();
            List<Row> mine = rows.stream()
                    .filter(r -> r.getString(0).equals("u" + user))
                    .sorted(Comparator.comparingInt(r -> r.getInt(3)))
                    .toList();
            for (int rank = 0; rank < topN; rank++) {
                int i = expected.get(rank);
                assertEquals("m" + i, mine.get(rank).getString(1), "user " + u + " rank " + (rank + 1));
                assertEquals(dot(users[u], items[i]), mine.get(rank).getDouble(2), 1e-9);
                assertEquals(rank + 1, mine.get(rank).getInt(3));
            }
        }
    }

    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int f = 0; f < x.length; f++) {
            sum += x[f] * y[f];
        }
        return sum;
    }
}
