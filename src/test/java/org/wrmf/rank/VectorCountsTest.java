package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wrmf.linalg.VectorApi;

/** The SIMD scans and counts against their plain loops, on every alignment and tail. */
class VectorCountsTest {
    @Test
    void theSkipScanStopsWhereThePlainLoopDoes() {
        assertTrue(VectorApi.AVAILABLE, "the test runner adds the Vector API module");
        SplittableRandom random = new SplittableRandom(5);
        double[] scores = new double[67];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextGaussian();
        }
        scores[40] = Double.NaN; // not below anything: never skipped
        double band = 1e-12;
        for (double floor : new double[] {Double.NEGATIVE_INFINITY, -1, 0.5, 1.5, 2.5, Double.POSITIVE_INFINITY}) {
            for (int from = 0; from < 12; from++) {
                for (int to = from; to <= scores.length; to += 1 + to % 5) {
                    assertEquals(
                            VectorCounts.scalarNextNotBelow(scores, from, to, band, floor),
                            VectorCounts.nextNotBelow(scores, from, to, band, floor),
                            "floor " + floor + ", [" + from + ", " + to + ")");
                }
            }
        }
        assertEquals(40, VectorCounts.nextNotBelow(scores, 0, scores.length, band, Double.POSITIVE_INFINITY));
        assertEquals(3, VectorCounts.nextNotBelow(scores, 3, scores.length, band, Double.NEGATIVE_INFINITY));
    }

    @Test
    void theBandKeepsAScoreJustBelowTheFloor() {
        double[] scores = {0.0, 0.0, 0.0, 0.0, 0.0, 1.0 - 1e-13, 0.0, 0.0, 0.0};
        assertEquals(5, VectorCounts.nextNotBelow(scores, 0, scores.length, 1e-12, 1.0));
        assertEquals(9, VectorCounts.nextNotBelow(scores, 0, scores.length, 1e-14, 1.0));
    }
}
