package org.wrmf;

import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;

/** Training parameters for tests: every field set by name, to be changed by name where a test cares. */
public final class TestParams {
    private TestParams() {}

    /** Rank 10, constant lambda 0.1 on both sides, linear confidence with alpha 40, Cholesky, 4 blocks, no checkpoints. */
    public static AlsParams.Builder als() {
        return AlsParams.builder()
                .factors(10)
                .regularization(0.1)
                .alpha(40)
                .confidence(Confidence.LINEAR)
                .epsilon(1e-8)
                .bm25K1(100)
                .bm25B(0.8)
                .regularizationScaling(RegularizationScaling.CONSTANT)
                .regularizationExponent(1)
                .solver(Solver.CHOLESKY)
                .cgSteps(3)
                .blocks(4)
                .seed(42L)
                .checkpointInterval(10);
    }
}
