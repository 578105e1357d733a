package org.wrmf.bench;

import org.wrmf.ml.FitHook;

/**
 * A fit's hook that notes when each part ends ({@link System#nanoTime()}): the factors set, the iterations
 * done, the users solved against the final items. The benches time a fit's parts with it; a bench that
 * measures more at one of those moments overrides the call and calls it first.
 */
class PartMarks implements FitHook {
    private long started;
    private long iterated;
    private long solved;

    @Override
    public void started() {
        started = System.nanoTime();
    }

    @Override
    public void iterationsDone() {
        iterated = System.nanoTime();
    }

    @Override
    public void finalSolved() {
        solved = System.nanoTime();
    }

    /** When the blocks were built and the factors set. */
    long factorsSet() {
        return started;
    }

    /** When the last iteration ended. */
    long iterationsEnded() {
        return iterated;
    }

    /** When the users were solved against the final items. */
    long usersSolved() {
        return solved;
    }
}
