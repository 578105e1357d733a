package org.wrmf.linalg;

/**
 * Dot products of one vector with rows of a packed matrix, each summed in feature order, so each is
 * the plain loop's to the bit. Several at a time: scoring a row's likes one after another waited on
 * each like's row of factors from memory in turn (hundreds of nanoseconds per like at rank 120); four
 * sums side by side have their rows fetched together.
 */
public final class RowDots {
    private RowDots() {}

    /** x[xFrom ..) . rows[rowFrom ..) over n features, in feature order. */
    public static double dot(double[] x, int xFrom, double[] rows, int rowFrom, int n) {
        double sum = 0;
        for (int f = 0; f < n; f++) {
            sum += x[xFrom + f] * rows[rowFrom + f];
        }
        return sum;
    }

    /**
     * {@code into[j] = dot(x, xFrom, rows, offsets[j], n)} for j below {@code count}, four at a time.
     */
    public static void dots(double[] x, int xFrom, double[] rows, int[] offsets, int count, int n, double[] into) {
        int j = 0;
        for (; j + 3 < count; j += 4) {
            int y0 = offsets[j];
            int y1 = offsets[j + 1];
            int y2 = offsets[j + 2];
            int y3 = offsets[j + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int f = 0; f < n; f++) {
                double xf = x[xFrom + f];
                s0 += xf * rows[y0 + f];
                s1 += xf * rows[y1 + f];
                s2 += xf * rows[y2 + f];
                s3 += xf * rows[y3 + f];
            }
            into[j] = s0;
            into[j + 1] = s1;
            into[j + 2] = s2;
            into[j + 3] = s3;
        }
        for (; j < count; j++) {
            into[j] = dot(x, xFrom, rows, offsets[j], n);
        }
    }
}
