package org.wrmf.tuning;

import java.io.Serializable;

import org.wrmf.eval.Metrics;

/**
 * One row of a learning curve: a grid point, an epoch (total iterations trained), its metrics, and the
 * wall time this checkpoint spent training and evaluating (seconds, for the benchmark's shares).
 */
public record CurveRow(GridPoint point, int epoch, Metrics metrics, double trainSeconds, double evalSeconds)
        implements Serializable {
}
