package org.wrmf.rank;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * A group of queries packed for one matrix product: ids, their factors laid end to end (rank doubles
 * per query, which is a column-major rank x n matrix for BLAS), and per query its sorted exclusions,
 * sorted positive ids and positive scores sorted ascending (for AUC's counting), each possibly null.
 */
public final class QueryBlock implements Serializable {
    final int rank;
    final int[] ids;
    final double[] factors;
    final int[][] excluded;
    final int[][] positives;
    final double[][] sortedPositiveScores;

    private QueryBlock(
            int rank,
            int[] ids,
            double[] factors,
            int[][] excluded,
            int[][] positives,
            double[][] sortedPositiveScores) {
        this.rank = rank;
        this.ids = ids;
        this.factors = factors;
        this.excluded = excluded;
        this.positives = positives;
        this.sortedPositiveScores = sortedPositiveScores;
    }

    int size() {
        return ids.length;
    }

    /** Packs the rows of one partition; null when the partition is empty. */
    public static QueryBlock pack(Iterator<Tuple2<Integer, QueryRow>> rows, boolean cosine) {
        List<Tuple2<Integer, QueryRow>> list = new java.util.ArrayList<>();
        rows.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return null;
        }
        int n = list.size();
        int rank = list.get(0)._2().factors().length;
        int[] ids = new int[n];
        double[] factors = new double[n * rank];
        int[][] excluded = new int[n][];
        int[][] positives = new int[n][];
        double[][] positiveScores = new double[n][];
        for (int q = 0; q < n; q++) {
            QueryRow row = list.get(q)._2();
            if (row.factors().length != rank) {
                throw new IllegalArgumentException(
                        "query factors of different ranks: " + rank + " and " + row.factors().length);
            }
            ids[q] = list.get(q)._1();
            FactorPacking.copy(row.factors(), factors, q * rank, cosine);
            excluded[q] = row.excluded();
            positives[q] = row.positives();
            if (row.positiveScores() != null) {
                positiveScores[q] = row.positiveScores().clone();
                Arrays.sort(positiveScores[q]);
            }
        }
        return new QueryBlock(rank, ids, factors, excluded, positives, positiveScores);
    }
}
