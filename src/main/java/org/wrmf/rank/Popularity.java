package org.wrmf.rank;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Popularity bias of a set of recommendations, as the manifest records it under {@code recommendations}:
 * how many users got some, how many slots there were, how many distinct catalogue items filled them
 * ({@code coverage}: their share of the catalogue), and the Gini index of the number of times each
 * catalogue item is recommended, items never recommended counted as 0 (0: every item recommended equally
 * often; towards 1: a few items take every slot).
 *
 * <p>A metric of rankings, not a file format: it lives with the top-k it measures, where both the
 * writer of the recommendations (io) and the manifest (report) may reach it.
 */
public record Popularity(
        long users, long recommendations, long catalogueItems, long recommendedItems, double coverage, double gini) {

    /**
     * The figures of a recommendations table (columns {@code user}, {@code item}), over a catalogue of
     * {@code catalogueItems}. Distributed: only the histogram of per-item counts (one row per distinct
     * count) reaches the driver.
     */
    public static Popularity of(Dataset<Row> recommendations, long catalogueItems) {
        Row totals = recommendations
                .agg(count(lit(1)), countDistinct(col("user")), countDistinct(col("item")))
                .first();
        List<Row> histogram = recommendations
                .groupBy("item")
                .agg(count(lit(1)).as("times"))
                .groupBy("times")
                .agg(count(lit(1)).as("items"))
                .orderBy("times")
                .collectAsList();
        long[] times = new long[histogram.size()];
        long[] items = new long[histogram.size()];
        for (int j = 0; j < times.length; j++) {
            times[j] = histogram.get(j).getLong(0);
            items[j] = histogram.get(j).getLong(1);
        }
        long recommended = totals.getLong(2);
        return new Popularity(
                totals.getLong(1),
                totals.getLong(0),
                catalogueItems,
                recommended,
                catalogueItems == 0 ? 0 : (double) recommended / catalogueItems,
                gini(times, items, catalogueItems - recommended));
    }

    /**
     * The Gini index of n = zeros + sum(items) non-negative counts given as a histogram: {@code items[j]}
     * catalogue items were recommended {@code times[j]} times each (times ascending, all positive), and
     * {@code zeros} items never. With the counts sorted ascending, x_1 <= ... <= x_n,
     * G = 2 sum_i i x_i / (n sum_i x_i) - (n + 1) / n; 0 when nothing is recommended.
     */
    static double gini(long[] times, long[] items, long zeros) {
        long n = zeros;
        double total = 0;
        for (int j = 0; j < times.length; j++) {
            n += items[j];
            total += (double) times[j] * items[j];
        }
        if (n == 0 || total == 0) {
            return 0;
        }
        double weighted = 0;
        long before = zeros; // the zeros take positions 1..zeros and add nothing
        for (int j = 0; j < times.length; j++) {
            long m = items[j];
            // positions before + 1 .. before + m, each holding times[j]
            weighted += times[j] * (m * (double) before + m * (m + 1) / 2.0);
            before += m;
        }
        return 2 * weighted / (n * total) - (n + 1.0) / n;
    }
}
