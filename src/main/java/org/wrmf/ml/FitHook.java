package org.wrmf.ml;

import org.wrmf.als.FactorModel;
import org.wrmf.als.PackedFactors;

/**
 * Internal to the job (not the library's API): what a caller of {@link Wrmf#fitIndexed} adds to a fit. The
 * job's training commands use it for where the factors start (a refit's warm start from the previous
 * run's factors), for the objective after each iteration, and for a call at the end of each part of the
 * fit (the manifest's timings). Every method has a default that adds nothing: {@link #NONE}, the hook of
 * {@link Wrmf#fit}.
 */
public interface FitHook {
    /** Adds nothing: random factors, no objective per iteration. */
    FitHook NONE = new FitHook() {};

    /**
     * The factors to start from (indices it lacks get the seeded random vector), or null (the default) for
     * the seeded random factors.
     */
    default FactorModel warmStart() {
        return null;
    }

    /**
     * The factors to start from held in the driver's memory (taken before {@link #warmStart()}: an in-memory fit
     * takes them without a Spark job), or null (the default).
     */
    default PackedFactors packedWarmStart() {
        return null;
    }

    /**
     * Whether to compute the objective after each iteration: a pass over the likes each, the last one with the
     * final user solve that the model needs anyway.
     */
    default boolean objectivePerIteration() {
        return false;
    }

    /** The engine's blocks are built and its factors set (random or the warm start). */
    default void started() {}

    /**
     * Iteration {@code iteration} (from 1) is done.
     *
     * @param objective under {@link #objectivePerIteration()}, else NaN: the objective at the training state
     *                  (users and items as the iteration left them), after the last iteration at the model
     *                  (its users solved against the final items): with an exact solver it never rises
     */
    default void iterated(int iteration, double objective) {}

    /** Every iteration is done. */
    default void iterationsDone() {}

    /** The users are solved once more against the final items: the model is ready. */
    default void finalSolved() {}
}
