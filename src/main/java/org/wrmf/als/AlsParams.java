package org.wrmf.als;

import java.io.Serializable;

/**
 * Everything that defines one implicit-ALS training run.
 *
 * <p>Regularization is the seed's constant lambda: the objective adds {@code regUsers * ||X||^2 +
 * regItems * ||Y||^2}, so every row's normal equations get {@code + lambda I}. This is NOT Spark
 * MLlib's convention, which multiplies lambda by the number of ratings of each row ("weighted-lambda");
 * a lambda tuned for MLlib is therefore not comparable with one tuned here.
 *
 * @param factors            rank k of the factorisation (number of latent factors)
 * @param regUsers           lambda for user factors (constant, see above); 0 is allowed
 * @param regItems           lambda for item factors (constant, see above); 0 is allowed
 * @param alpha              confidence scale, {@code >= 0}
 * @param confidence         LINEAR ({@code 1 + alpha d}) or LOG ({@code 1 + alpha log(1 + d / epsilon)})
 * @param epsilon            the LOG form's scale, {@code > 0} (ignored by LINEAR)
 * @param solver             CHOLESKY (exact) or CG (conjugate gradient, warm-started)
 * @param cgSteps            conjugate-gradient steps per row and half-iteration (3 is usual)
 * @param blocks             number of user blocks and of item blocks (= partitions of each side)
 * @param seed               seeds the initial factors, drawn per (seed, side, id)
 * @param checkpointInterval checkpoint the factor RDDs every this many iterations; 0 never does
 */
public record AlsParams(int factors, double regUsers, double regItems, double alpha, Confidence confidence,
                        double epsilon, Solver solver, int cgSteps, int blocks, long seed, int checkpointInterval)
        implements Serializable {

    public AlsParams {
        require(factors >= 1, "factors must be >= 1, got " + factors);
        require(regUsers >= 0 && Double.isFinite(regUsers), "regUsers must be finite and >= 0, got " + regUsers);
        require(regItems >= 0 && Double.isFinite(regItems), "regItems must be finite and >= 0, got " + regItems);
        require(alpha >= 0 && Double.isFinite(alpha), "alpha must be finite and >= 0, got " + alpha);
        require(confidence != null, "confidence must be LINEAR or LOG");
        require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be finite and > 0, got " + epsilon);
        require(solver != null, "solver must be CHOLESKY or CG");
        require(cgSteps >= 1, "cgSteps must be >= 1, got " + cgSteps);
        require(blocks >= 1, "blocks must be >= 1, got " + blocks);
        require(checkpointInterval >= 0, "checkpointInterval must be >= 0 (0 = never), got " + checkpointInterval);
    }

    /** Rank 10, lambda 0.1 on both sides, linear confidence with alpha 40, Cholesky, 4 blocks. */
    public static AlsParams defaults() {
        return new AlsParams(10, 0.1, 0.1, 40, Confidence.LINEAR, 1e-8, Solver.CHOLESKY, 3, 4, 42L, 10);
    }

    public AlsParams withFactors(int k) {
        return new AlsParams(k, regUsers, regItems, alpha, confidence, epsilon, solver, cgSteps, blocks, seed,
                checkpointInterval);
    }

    /** The same lambda for users and items. */
    public AlsParams withRegularization(double lambda) {
        return new AlsParams(factors, lambda, lambda, alpha, confidence, epsilon, solver, cgSteps, blocks, seed,
                checkpointInterval);
    }

    public AlsParams withAlpha(double a) {
        return new AlsParams(factors, regUsers, regItems, a, confidence, epsilon, solver, cgSteps, blocks, seed,
                checkpointInterval);
    }

    public AlsParams withSolver(Solver s) {
        return new AlsParams(factors, regUsers, regItems, alpha, confidence, epsilon, s, cgSteps, blocks, seed,
                checkpointInterval);
    }

    public AlsParams withBlocks(int b) {
        return new AlsParams(factors, regUsers, regItems, alpha, confidence, epsilon, solver, cgSteps, b, seed,
                checkpointInterval);
    }

    public AlsParams withSeed(long s) {
        return new AlsParams(factors, regUsers, regItems, alpha, confidence, epsilon, solver, cgSteps, blocks, s,
                checkpointInterval);
    }

    public AlsParams withCheckpointInterval(int every) {
        return new AlsParams(factors, regUsers, regItems, alpha, confidence, epsilon, solver, cgSteps, blocks, seed,
                every);
    }

    /** The confidence c_ui of an observed weight d_ui ({@code >= 1} for {@code d >= 0}). */
    public double confidence(double weight) {
        return confidence.apply(alpha, epsilon, weight);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
