package org.wrmf.als;

/** How each user's (or item's) k x k normal equations are solved in a half-iteration. */
public enum Solver {
    /** Exact: Cholesky factorisation through LAPACK dpotrf/dpotrs, O(k^2 |I(u)| + k^3/3) per row. */
    CHOLESKY,
    /**
     * Conjugate gradient (Takacs et al. 2011): a few steps warm-started from the previous factors,
     * never forming A_u, O(steps (k^2 + 4 k |I(u)|)) per row. Approximate per half-iteration, but
     * converges to the same fixed points as the exact solver over iterations.
     */
    CG,
    /**
     * Block (subspace) coordinate descent of iALS++ (Rendle, Krichene, Zhang and Koren 2021): per row,
     * exact solves over blocks of {@link SolverSettings#blockSize()} dimensions in turn, warm-started from
     * the previous factors, O(|I(u)| k b + k b^2 + k^2) per row and sweep for block size b
     * ({@link BlockCoordinateDescent}). Never raises a row's objective; with b at least the rank, one
     * sweep is the exact solve.
     */
    BLOCK;

    /** The word the settings and the manifest use: {@code cholesky}, {@code cg}, {@code block}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
