package org.wrmf.linalg;

import java.util.List;

/**
 * The Gram matrix G = YᵀY of factor vectors, the one copy training, evaluation and explain use: one
 * dsyrk, mirrored to a full symmetric k x k matrix (so row- and column-major read the same).
 */
public final class Gram {
    private Gram() {}

    /** G of the vectors in the list (rank doubles each). */
    public static double[] local(List<double[]> vectors, int rank) {
        double[] packed = new double[vectors.size() * rank];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, packed, i * rank, rank);
        }
        return ofPacked(packed, vectors.size(), rank);
    }

    /** G of count vectors packed end to end (rank doubles each). */
    public static double[] ofPacked(double[] packed, int count, int rank) {
        double[] g = new double[rank * rank];
        if (count > 0) {
            Blas.DEFAULT.dsyrk("U", "N", rank, count, 1.0, packed, rank, 0.0, g, rank);
            mirror(g, rank);
        }
        return g;
    }

    /**
     * The upper triangle of Y^T Y over the vectors {@code from .. to - 1} of a packed array, added to {@code g}
     * (k x k, column-major; the lower triangle is left as it is): parts of one Gram computed apart, then summed
     * and {@link #mirror}ed.
     */
    public static void addUpper(double[] packed, int from, int to, int rank, double[] g) {
        if (to > from) {
            Blas.DEFAULT.dsyrk("U", "N", rank, to - from, 1.0, packed, from * rank, rank, 1.0, g, 0, rank);
        }
    }

    /** Copies the upper triangle of g (k x k) to the lower one. */
    public static void mirror(double[] g, int rank) {
        for (int j = 0; j < rank; j++) {
            for (int i = 0; i < j; i++) {
                g[j + i * rank] = g[i + j * rank];
            }
        }
    }

    /** x' G x. */
    public static double quadratic(double[] g, double[] x) {
        int rank = x.length;
        double sum = 0;
        for (int j = 0; j < rank; j++) {
            double column = 0;
            for (int i = 0; i < rank; i++) {
                column += g[i + j * rank] * x[i];
            }
            sum += column * x[j];
        }
        return sum;
    }

    /** a += b element-wise; returns a (for reductions). */
    public static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
