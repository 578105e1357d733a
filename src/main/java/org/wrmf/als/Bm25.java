package org.wrmf.als;

import java.io.Serializable;
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
 * ({@link Confidence.Bm25Weighted}). Repeated (user, item) pairs are summed first, as training does.
 *
 * <p>N, avg_len and the idf are {@link Statistics} of the training matrix; len_u is the row's own. A
 * user folded in later is weighted with the training's statistics and its own length, exactly as a
 * trained user was, so the trainers hand their statistics out and fold-in and explain take them in.
 */
public final class Bm25 {
    private Bm25() {}

    /**
     * What BM25 takes from the training matrix: its number of users N (rows, with or without likes),
     * the mean row length avg_len, and each item's idf (by dense item index).
     */
    public record Statistics(int users, double averageLength, double[] idf) implements Serializable {
        public Statistics {
            if (users < 1 || !(averageLength >= 0) || Double.isInfinite(averageLength) || idf == null) {
                throw new IllegalArgumentException("BM25 statistics need users >= 1, a finite average length >= 0"
                        + " and an idf per item, got " + users + ", " + averageLength + ", "
                        + (idf == null ? "no idf" : idf.length + " idf values"));
            }
        }

        /** From the training matrix's total weight and each item's number of users (index: item). */
        static Statistics of(int users, double totalLength, long[] documentFrequency) {
            double[] idf = new double[documentFrequency.length];
            for (int i = 0; i < idf.length; i++) {
                idf[i] = Bm25.idf(documentFrequency[i], users);
            }
            return new Statistics(users, totalLength / users, idf);
        }

        public int items() {
            return idf.length;
        }

        /** The weight of a like d of item in a row of the given length. */
        double weight(double d, double length, int item, double k1, double b) {
            return Bm25.weight(d, length, averageLength, idf[item], k1, b);
        }

        /**
         * Rows by user (columns: item indices), each weighted with its own length: the training's user
         * side, and a folded-in user's row.
         */
        CompressedRows weighUsers(CompressedRows byUser, Confidence.Bm25Weighted form) {
            double k1 = form.k1();
            double b = form.b();
            double[] lengths = rowLengths(byUser);
            float[] weights = new float[byUser.weight().length];
            for (int u = 0; u < byUser.rows(); u++) {
                for (int t = byUser.start()[u]; t < byUser.start()[u + 1]; t++) {
                    int item = byUser.column()[t];
                    if (item < 0 || item >= idf.length) {
                        throw new IllegalArgumentException(
                                "item " + item + " has no idf (the statistics have " + idf.length + " items)");
                    }
                    weights[t] = (float) weight(byUser.weight()[t], lengths[u], item, k1, b);
                }
            }
            return new CompressedRows(byUser.start(), byUser.column(), weights);
        }
    }

    /** The weighted likes and the statistics they were weighted with. */
    public record Weighted(JavaRDD<Rating> likes, Statistics statistics) {}

    /** The weighted likes of the in-memory trainer, by user and by item, and their statistics. */
    record WeightedRows(CompressedRows byUser, CompressedRows byItem, Statistics statistics) {}

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
     * the statistics (one idf per item) and broadcast. The weighted likes are persisted and computed:
     * the caller unpersists them.
     */
    public static Weighted weigh(JavaRDD<Rating> ratings, int numUsers, int numItems, Confidence.Bm25Weighted form) {
        double k1 = form.k1();
        double b = form.b();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ratings.context());
        JavaPairRDD<Long, Double> merged = ratings.mapToPair(
                        r -> new Tuple2<>(((long) r.user() << 32) | r.item(), (double) r.weight()))
                .reduceByKey(Double::sum);
        merged.cache();
        try {
            JavaPairRDD<Integer, Tuple2<Integer, Double>> byUser = merged.mapToPair(t ->
                    new Tuple2<>((int) (t._1() >>> 32), new Tuple2<>((int) (long) t._1(), t._2())));
            JavaPairRDD<Integer, Double> lengths = byUser.mapValues(Tuple2::_2).reduceByKey(Double::sum);
            double totalLength = lengths.values().fold(0.0, Double::sum);
            long[] frequencies = new long[numItems];
            for (Tuple2<Integer, Long> f : merged.mapToPair(t -> new Tuple2<>((int) (long) t._1(), 1L))
                    .reduceByKey(Long::sum)
                    .collect()) {
                frequencies[f._1()] = f._2();
            }
            Statistics statistics = Statistics.of(numUsers, totalLength, frequencies);
            Broadcast<Statistics> shared = jsc.broadcast(statistics);
            JavaRDD<Rating> weighted = byUser.join(lengths)
                    .map(t -> {
                        int item = t._2()._1()._1();
                        return new Rating(t._1(), item, (float)
                                shared.value().weight(t._2()._1()._2(), t._2()._2(), item, k1, b));
                    })
                    .setName("bm25-weighted likes")
                    .persist(StorageLevel.MEMORY_AND_DISK());
            weighted.count();
            return new Weighted(weighted, statistics);
        } finally {
            merged.unpersist(false);
        }
    }

    /** The same weighting of likes held in compressed rows by user and by item (the in-memory trainer). */
    static WeightedRows weigh(CompressedRows byUser, CompressedRows byItem, Confidence.Bm25Weighted form) {
        double k1 = form.k1();
        double b = form.b();
        double[] lengths = rowLengths(byUser);
        double total = 0;
        for (double length : lengths) {
            total += length;
        }
        long[] frequencies = new long[byItem.rows()];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = byItem.start()[i + 1] - byItem.start()[i];
        }
        Statistics statistics = Statistics.of(byUser.rows(), total, frequencies);
        float[] itemWeights = new float[byItem.weight().length];
        for (int i = 0; i < byItem.rows(); i++) {
            for (int t = byItem.start()[i]; t < byItem.start()[i + 1]; t++) {
                int user = byItem.column()[t];
                itemWeights[t] = (float) statistics.weight(byItem.weight()[t], lengths[user], i, k1, b);
            }
        }
        return new WeightedRows(
                statistics.weighUsers(byUser, form),
                new CompressedRows(byItem.start(), byItem.column(), itemWeights),
                statistics);
    }

    /** Each row's sum of weights (len_u for rows by user). */
    private static double[] rowLengths(CompressedRows rows) {
        double[] lengths = new double[rows.rows()];
        for (int r = 0; r < lengths.length; r++) {
            for (int t = rows.start()[r]; t < rows.start()[r + 1]; t++) {
                lengths[r] += rows.weight()[t];
            }
        }
        return lengths;
    }
}
