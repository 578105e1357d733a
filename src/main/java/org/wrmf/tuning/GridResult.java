package org.wrmf.tuning;

import java.util.List;

/**
 * A finished grid search: every curve row (grid order, then epoch), the best row by the chosen metric,
 * and what the run cost: wall time, and the training and evaluation time summed over grid points
 * (with points running concurrently these sums exceed the wall time; their ratio is the share of the
 * work spent evaluating). Reused points cost nothing in this run and are counted apart.
 */
public record GridResult(
        List<CurveRow> curves,
        CurveRow best,
        String metric,
        int points,
        int reusedPoints,
        double wallSeconds,
        double trainSeconds,
        double evalSeconds) {

    public double evaluationShare() {
        double work = trainSeconds + evalSeconds;
        return work == 0 ? 0 : evalSeconds / work;
    }
}
