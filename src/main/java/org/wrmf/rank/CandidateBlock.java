package org.wrmf.rank;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * A group of candidates (items) packed for one matrix product, sorted by id so that a query's sorted
 * exclusions can be skipped by walking both lists together.
 */
public final class CandidateBlock implements Serializable {
    public final int rank;
    public final int[] ids;
    public final double[] factors;

    private CandidateBlock(int rank, int[] ids, double[] factors) {
        this.rank = rank;
        this.ids = ids;
        this.factors = factors;
    }

    public int size() {
        return ids.length;
    }

    /** Items 0 .. count-1 whose factors are already packed by index (a local model's item side). */
    public static CandidateBlock ofDense(double[] packed, int count, int rank) {
        int[] ids = new int[count];
        java.util.Arrays.setAll(ids, i -> i);
        return new CandidateBlock(rank, ids, packed);
    }

    /** Packs the rows of one partition; null when the partition is empty. */
    public static CandidateBlock pack(Iterator<Tuple2<Integer, double[]>> rows, boolean cosine) {
        List<Tuple2<Integer, double[]>> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return null;
        }
        list.sort((a, b) -> Integer.compare(a._1(), b._1()));
        int n = list.size();
        int rank = list.get(0)._2().length;
        int[] ids = new int[n];
        double[] factors = new double[n * rank];
        for (int c = 0; c < n; c++) {
            if (list.get(c)._2().length != rank) {
                throw new IllegalArgumentException("candidate factors of different ranks: " + rank + " and "
                        + list.get(c)._2().length);
            }
            ids[c] = list.get(c)._1();
            FactorPacking.copy(list.get(c)._2(), factors, c * rank, cosine);
        }
        return new CandidateBlock(rank, ids, factors);
    }
}
