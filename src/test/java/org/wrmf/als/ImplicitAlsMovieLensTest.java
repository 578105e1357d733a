package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.relativeDifference;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;

/** The engine against the dense reference on MovieLens-100K (reads ../shared/data; skips without it). */
@Slow
class ImplicitAlsMovieLensTest {
    private static final int USERS = 943;
    private static final int ITEMS = 1682;

    @Test
    void choleskyMatchesDenseReferenceOnMovieLens() throws IOException {
        Path dir = SparkTestSession.movieLens();
        Assumptions.assumeTrue(dir != null, "needs ../shared/data/movielens-100k");
        List<String> lines = Files.readAllLines(dir.resolve("u.data"));
        double[][] weights = new double[USERS][ITEMS];
        for (double[] row : weights) {
            Arrays.fill(row, Double.NaN);
        }
        List<Rating> ratings = lines.stream()
                .map(line -> {
                    String[] f = line.split("\t");
                    // the star rating as weight d, so the confidence varies across likes
                    Rating r =
                            new Rating(Integer.parseInt(f[0]) - 1, Integer.parseInt(f[1]) - 1, Float.parseFloat(f[2]));
                    weights[r.user()][r.item()] = r.weight();
                    return r;
                })
                .toList();
        assertEquals(100_000, ratings.size());
        JavaRDD<Rating> rdd = SparkTestSession.jsc().parallelize(ratings, 4);
        AlsParams params = TestParams.als()
                .factors(6)
                .regularizationUsers(0.1)
                .regularizationItems(0.3)
                .alpha(2.0)
                .blocks(3)
                .seed(9L)
                .checkpointInterval(0)
                .build();
        DenseReferenceAls dense = new DenseReferenceAls(
                weights,
                params.objective().alpha(),
                false,
                1,
                params.objective().regularizationUsers(),
                params.objective().regularizationItems());
        try (ImplicitAls als = new ImplicitAls(rdd, USERS, ITEMS, params)) {
            als.initialize();
            dense.start(toDense(als.model().users(), USERS), toDense(als.model().items(), ITEMS));
            als.iterate(2);
            dense.iterate(2);
            dense.finish();
            double users = relativeDifference(toDense(als.model().users(), USERS), dense.users);
            double items = relativeDifference(toDense(als.model().items(), ITEMS), dense.items);
            assertTrue(users < 1e-6, "users differ by " + users);
            assertTrue(items < 1e-6, "items differ by " + items);
        }
    }
}
