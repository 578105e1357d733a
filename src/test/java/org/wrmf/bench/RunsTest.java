package org.wrmf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunsTest {
    private static final double EPS = 1e-12;

    @Test
    void meanAndSampleSpreadOverEveryRun() {
        Runs runs = new Runs(new double[][] {{1, 2}, {3}});
        assertEquals(3, runs.count());
        assertEquals(2, runs.mean(), EPS);
        // deviations -1, 0, 1: (1 + 0 + 1) / (3 - 1) = 1
        assertEquals(1, runs.standardDeviation(), EPS);
        assertTrue(Double.isNaN(Runs.single(0.3).standardDeviation()), "no spread from one run");
    }

    @Test
    void onOneSplitTheDifferenceHasTheErrorOfTwoIndependentMeans() {
        Runs a = new Runs(new double[][] {{1, 2, 3}}); // mean 2, variance 1
        Runs b = new Runs(new double[][] {{0, 0, 2}}); // mean 2/3, variance (4/9 + 4/9 + 16/9) / 2 = 4/3
        Runs.Difference d = a.minus(b);
        assertEquals(4.0 / 3, d.mean(), EPS);
        assertEquals(Math.sqrt(1.0 / 3 + 4.0 / 9), d.standardError(), EPS);
        assertTrue(Double.isNaN(Runs.single(1).minus(Runs.single(0)).standardError()), "single runs: no error");
    }

    @Test
    void onSeveralSplitsTheDifferenceIsPairedBySplit() {
        // per split: 0.31 - 0.29 = 0.02 and 0.21 - 0.23 = -0.02; their mean 0, their sd 0.02 sqrt(2), over sqrt(2)
        Runs a = new Runs(new double[][] {{0.30, 0.32}, {0.20, 0.22}});
        Runs b = new Runs(new double[][] {{0.29}, {0.23}});
        Runs.Difference d = a.minus(b);
        assertEquals(0, d.mean(), EPS);
        assertEquals(0.02, d.standardError(), EPS);
        // the splits' 0.1 gap, common to both engines, is no part of the difference's error
        assertTrue(a.standardDeviation() > 0.05);
    }

    @Test
    void differencesNeedTheSameSplitsAndRunsNeedValues() {
        assertThrows(IllegalArgumentException.class, () -> Runs.single(1).minus(new Runs(new double[][] {{1}, {2}})));
        assertThrows(IllegalArgumentException.class, () -> new Runs(new double[][] {{}}));
    }
}
