package org.wrmf.tuning;

import java.io.Serializable;
import org.wrmf.als.Loss;
import org.wrmf.eval.Metrics;

/**
 * One row of a learning curve: a grid point, an epoch (total iterations trained), its metrics, the
 * wall time this checkpoint spent training and evaluating (seconds, for the benchmark's shares), and
 * the training objective at the scored model in its parts ({@link Loss}; NaN when not known).
 */
public record CurveRow(GridPoint point, int epoch, Metrics metrics, double trainSeconds, double evalSeconds, Loss loss)
        implements Serializable {

    static final Loss UNKNOWN_LOSS = new Loss(Double.NaN, Double.NaN, Double.NaN);

    /** A row without its loss. */
    public CurveRow(GridPoint point, int epoch, Metrics metrics, double trainSeconds, double evalSeconds) {
        this(point, epoch, metrics, trainSeconds, evalSeconds, UNKNOWN_LOSS);
    }
}
