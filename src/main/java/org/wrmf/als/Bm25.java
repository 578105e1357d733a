package org.wrmf.als;

import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * BM25 weighting of the likes before the confidence, as implicit's {@code bm25_weight} applied to the
 * user x item matrix (rows = users):
 * <pre>  w_ui = d_ui (k1 + 1) / (d_ui + k1 (1 - b + b len_u / avg_len)) * idf_i</pre>
 * with len_u the sum of user u's weights d (the row's sum of values), avg_len the mean of len_u over
 * all N users (those without likes count, as rows of the matrix), and idf_i = log(N) - log1p(df_i) =
 * log(N / (1 + df_i)), df_i the number of users who liked item i: implicit's own idf, one more than the
 * textbook log(N / df_i) in the denominator. Unlike implicit, idf is clamped at 0: an item nearly every
 * user liked would otherwise get a negative weight, c = 1 + alpha w below 1, and a row system that is
 * not positive definite; at 0 such likes keep p = 1 with c = 1. Then c = 1 + alpha w
 * ({@link Confidence#BM25}). Repeated (user, item) pairs are summed first, as training does.
 */
public final class Bm25 {
    private Bm25() {
    }

    /** The weight of one like. */
    static double weight(double d, double length, double averageLength, double idf, double k1, double b) {
        return d * (k1 + 1) / (d + k1 * (1 - b + b * length / averageLength)) * idf;
    }

    /** idf of an item liked by df of n users (clamped at 0, see the class comment). */
    static double idf(long documentFrequency, int users) {
        return Math.max(0, Math.log(users) - Math.log1p(documentFrequency));
    }

    /**
     * The likes, one per (user, item) pair, weighted by BM25: a distributed transformation. Row lengths
     * by a reduceByKey joined back by user; item document frequencies by a reduceByKey, collected into
     * an array of idf values (one double per item) and broadcast. The result is persisted and
     * computed: the caller unpersists it.
     */
    public static JavaRDD<Rating> weigh(JavaRDD<Rating> ratings, int numUsers, int numItems, double k1, double b) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ratings.context());
        JavaPairRDD<Long, Double> merged = ratings
                .mapToPair(r -> new Tuple2<>(((long) r.user() << 32) | r.item(), (double) r.weight()))
                .reduceByKey(Double::sum);
        merged.cache();
        try {
            JavaPairRDD<Integer, Tuple2<Integer, Double>> byUser = merged
                    .mapToPair(t -> new Tuple2<>((int) (t._1() >>> 32), new Tuple2<>((int) (long) t._1(), t._2())));
            JavaPairRDD<Integer, Double> lengths = byUser.mapValues(Tuple2::_2).reduceByKey(Double::sum);
            double averageLength = lengths.values().fold(0.0, Double::sum) / numUsers;
            double[] idf = new double[numItems];
            List<Tuple2<Integer, Long>> frequencies = merged.mapToPair(t -> new Tuple2<>((int) (long) t._1(), 1L))
                    .reduceByKey(Long::sum).collect();
            for (int i = 0; i < numItems; i++) {
                idf[i] = idf(0, numUsers);
            }
            for (Tuple2<Integer, Long> f : frequencies) {
                idf[f._1()] = idf(f._2(), numUsers);
            }
            Broadcast<double[]> shared = jsc.broadcast(idf);
            JavaRDD<Rating> weighted = byUser.join(lengths).map(t -> {
                int item = t._2()._1()._1();
                double d = t._2()._1()._2();
                return new Rating(t._1(), item,
                        (float) weight(d, t._2()._2(), averageLength, shared.value()[item], k1, b));
            }).setName("bm25-weighted likes").persist(StorageLevel.MEMORY_AND_DISK());
            weighted.count();
            return weighted;
        } finally {
            merged.unpersist(false);
        }
    }

    /** The same weighting of likes held in compressed rows by user and by item (the in-memory trainer). */
    static CompressedRows[] weigh(CompressedRows byUser, CompressedRows byItem, double k1, double b) {
        int users = byUser.rows();
        double[] lengths = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++) {
            for (int t = byUser.start()[u]; t < byUser.start()[u + 1]; t++) {
                lengths[u] += byUser.weight()[t];
            }
            total += lengths[u];
        }
        double averageLength = total / users;
        double[] idf = new double[byItem.rows()];
        for (int i = 0; i < idf.length; i++) {
            idf[i] = idf(byItem.start()[i + 1] - byItem.start()[i], users);
        }
        float[] userWeights = new float[byUser.weight().length];
        for (int u = 0; u < users; u++) {
            for (int t = byUser.start()[u]; t < byUser.start()[u + 1]; t++) {
                int item = byUser.column()[t];
                userWeights[t] = (float) weight(byUser.weight()[t], lengths[u], averageLength, idf[item], k1, b);
            }
        }
        float[] itemWeights = new float[byItem.weight().length];
        for (int i = 0; i < byItem.rows(); i++) {
            for (int t = byItem.start()[i]; t < byItem.start()[i + 1]; t++) {
                int user = byItem.column()[t];
                itemWeights[t] = (float) weight(byItem.weight()[t], lengths[user], averageLength, idf[i], k1, b);
            }
        }
        return new CompressedRows[] {new CompressedRows(byUser.start(), byUser.column(), userWeights),
                new CompressedRows(byItem.start(), byItem.column(), itemWeights)};
    }
}
