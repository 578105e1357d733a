package org.wrmf.als;

import java.io.Serializable;

/**
 * How the {@link Objective} is solved: none of these changes the objective's minimum, only how fast and
 * how exactly it is approached, and how the work is partitioned. The job's defaults are in
 * {@code conf/application.conf}.
 *
 * @param method CHOLESKY (exact), CG (conjugate gradient, warm-started) or BLOCK (iALS++ block coordinate
 *     descent, warm-started)
 * @param cgSteps conjugate-gradient steps per row and half-iteration of CG (3 is usual), {@code >= 1}
 * @param blockSize dimensions per block of the BLOCK solver, {@code >= 1}; at least the rank makes it one
 *     exact solve per row (nothing to do with {@code blocks}, the Spark partitions)
 * @param blockSweeps passes of the BLOCK solver over a row's blocks per half-iteration, {@code >= 1}
 * @param finalSolve how the model's users are solved once more against its items ({@link FinalSolve})
 * @param blocks number of user blocks and of item blocks (= partitions of each side), {@code >= 1}
 * @param seed seeds the initial factors, drawn per (seed, side, id)
 * @param checkpointInterval checkpoint the factor RDDs every this many iterations; 0 never does
 */
public record SolverSettings(
        Solver method,
        int cgSteps,
        int blockSize,
        int blockSweeps,
        FinalSolve finalSolve,
        int blocks,
        long seed,
        int checkpointInterval)
        implements Serializable {

    public SolverSettings {
        require(method != null, "solver must be set (CHOLESKY, CG or BLOCK)");
        require(cgSteps >= 1, "cgSteps must be >= 1, got " + cgSteps);
        require(blockSize >= 1, "blockSize must be >= 1, got " + blockSize);
        require(blockSweeps >= 1, "blockSweeps must be >= 1, got " + blockSweeps);
        require(finalSolve != null, "finalSolve must be set (EXACT or ITERATIVE)");
        require(blocks >= 1, "blocks must be >= 1, got " + blocks);
        require(checkpointInterval >= 0, "checkpointInterval must be >= 0 (0 = never), got " + checkpointInterval);
    }

    /**
     * The exact solves of fold-in and explain against a stored model: the other methods' steps, the seed
     * and checkpoints do not matter to them.
     */
    public static SolverSettings exact(int blocks) {
        return new SolverSettings(Solver.CHOLESKY, 1, 1, 1, FinalSolve.EXACT, blocks, 0L, 0);
    }

    public SolverSettings withMethod(Solver value) {
        return new SolverSettings(value, cgSteps, blockSize, blockSweeps, finalSolve, blocks, seed, checkpointInterval);
    }

    public SolverSettings withBlocks(int value) {
        return new SolverSettings(method, cgSteps, blockSize, blockSweeps, finalSolve, value, seed, checkpointInterval);
    }

    public SolverSettings withSeed(long value) {
        return new SolverSettings(
                method, cgSteps, blockSize, blockSweeps, finalSolve, blocks, value, checkpointInterval);
    }

    public SolverSettings withCheckpointInterval(int value) {
        return new SolverSettings(method, cgSteps, blockSize, blockSweeps, finalSolve, blocks, seed, value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
