package org.wrmf.tuning;

import java.io.Serializable;
import java.util.Locale;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;

/**
 * One combination of the searched hyperparameters (the epoch is searched by the learning curve): rank,
 * lambda, alpha and how lambda scales per row (with its exponent nu; CONSTANT points carry nu = 1,
 * which they ignore).
 */
public record GridPoint(
        int factors, double regularization, double alpha, RegularizationScaling scaling, double exponent)
        implements Serializable {

    /** A point of the notebook's grid: constant lambda. */
    public GridPoint(int factors, double regularization, double alpha) {
        this(factors, regularization, alpha, RegularizationScaling.CONSTANT, 1.0);
    }

    /** The base objective (its confidence form, and lambda's) with this point's rank, lambda, alpha and scaling. */
    public Objective objective(Objective base) {
        return base.withFactors(factors)
                .withRegularization(regularization)
                .withAlpha(alpha)
                .withRegularizationScaling(scaling, exponent);
    }

    /**
     * The notebook's grid-search header line, e.g. {@code factors: 40 | regularization: 0.1 | alpha: 50.0},
     * followed by {@code | scaling: count^0.5} for a scaled lambda.
     */
    public String describe() {
        return "factors: " + factors + " | regularization: " + regularization + " | alpha: " + alpha
                + (isConstantScaling() ? "" : " | scaling: " + scalingName() + "^" + exponent);
    }

    /** constant, count or frequency: the key's value. */
    public String scalingName() {
        return scaling.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A file-name-safe key; Double.toString round-trips, so distinct points never share a key. The
     * notebook's points (constant lambda) keep their short key.
     */
    String key() {
        return "f" + factors + "_r" + regularization + "_a" + alpha
                + (isConstantScaling() ? "" : "_s" + scalingName() + "_n" + exponent);
    }

    private boolean isConstantScaling() {
        return scaling == RegularizationScaling.CONSTANT;
    }
}
