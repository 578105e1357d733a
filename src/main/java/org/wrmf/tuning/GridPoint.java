package org.wrmf.tuning;

import java.io.Serializable;

/** One combination of the searched hyperparameters (the epoch is searched by the learning curve). */
public record GridPoint(int factors, double regularization, double alpha) implements Serializable {

    /** The seed's grid-search header line, e.g. {@code factors: 40 | regularization: 0.1 | alpha: 50.0}. */
    public String describe() {
        return "factors: " + factors + " | regularization: " + regularization + " | alpha: " + alpha;
    }

    /** A file-name-safe key; Double.toString round-trips, so distinct points never share a key. */
    String key() {
        return "f" + factors + "_r" + regularization + "_a" + alpha;
    }
}
