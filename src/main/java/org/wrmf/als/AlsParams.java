package org.wrmf.als;

import java.io.Serializable;

/**
 * Everything one implicit-ALS training run needs: the {@link Objective} (what is minimised) and the
 * {@link SolverSettings} (how). Immutable; the withers return changed copies.
 */
public record AlsParams(Objective objective, SolverSettings solver) implements Serializable {

    public AlsParams {
        if (objective == null || solver == null) {
            throw new IllegalArgumentException("an objective and solver settings are needed");
        }
    }

    /** The rank, which sizes every factor array. */
    public int factors() {
        return objective.factors();
    }

    public AlsParams withObjective(Objective value) {
        return new AlsParams(value, solver);
    }

    public AlsParams withSolver(SolverSettings value) {
        return new AlsParams(objective, value);
    }
}
