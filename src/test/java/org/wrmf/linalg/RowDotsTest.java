package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowDotsTest {
    /**
     * Sums taken four at a time are each the one-at-a-time sum to the bit (the AUC's ties and the
     * loss's last digits rely on one order), for every count left over after the fours, with offsets
     * into the middle of the vector and of the rows.
     */
    @Test
    void severalAtATimeAreEachTheFeatureOrderSumToTheBit() {
        SplittableRandom random = new SplittableRandom(9);
        int rank = 37;
        double[] rows = random.doubles(50 * rank, -1, 1).toArray();
        double[] x = random.doubles(3 + rank, -1, 1).toArray();
        for (int count = 0; count <= 9; count++) {
            int[] offsets = random.ints(count + 2, 0, 50).map(c -> c * rank).toArray();
            double[] into = new double[count + 2];
            RowDots.dots(x, 3, rows, offsets, count, rank, into);
            for (int j = 0; j < count; j++) {
                double sum = 0;
                for (int f = 0; f < rank; f++) {
                    sum += x[3 + f] * rows[offsets[j] + f];
                }
                assertEquals(Double.doubleToRawLongBits(sum), Double.doubleToRawLongBits(into[j]), j + " of " + count);
                assertEquals(sum, RowDots.dot(x, 3, rows, offsets[j], rank));
            }
            assertEquals(0.0, into[count], "nothing written past count");
        }
    }

    /** And the sum is the dot product (against exact arithmetic, within its rounding). */
    @Test
    void dotIsTheDotProduct() {
        double[] x = {1.5, -2.0, 0.25};
        double[] rows = {9, 9, 2.0, 0.5, 4.0, 9};
        assertEquals(1.5 * 2.0 - 2.0 * 0.5 + 0.25 * 4.0, RowDots.dot(x, 0, rows, 2, 3));
        SplittableRandom random = new SplittableRandom(4);
        double[] a = random.doubles(100, -1, 1).toArray();
        double[] b = random.doubles(100, -1, 1).toArray();
        BigDecimal exact = BigDecimal.ZERO;
        for (int f = 0; f < 100; f++) {
            exact = exact.add(new BigDecimal(a[f]).multiply(new BigDecimal(b[f])));
        }
        assertEquals(exact.round(MathContext.DECIMAL64).doubleValue(), RowDots.dot(a, 0, b, 0, 100), 1e-13);
    }
}
