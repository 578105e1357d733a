package org.wrmf.als;

/**
 * How the trained model's users are solved once more against its items ({@link ImplicitAls#model()}),
 * so that the stored users are the minimisers given the stored items.
 */
public enum FinalSolve {
    /** Cholesky per user, in doubles: exact, O(k^2 |I(u)| + k^3/3) per user, the cubic term rules at large ranks. */
    EXACT,
    /**
     * Conjugate gradient per user in doubles, warm-started from the last users, until the residual is
     * 1e-10 of the right-hand side (at most k steps; {@link FinalConjugateGradient}): O(k^2 + 4 k |I(u)|) per
     * step and user, no cubic term. Equals EXACT within about 1e-6 relative unless a user's system is
     * badly conditioned.
     */
    ITERATIVE;

    /** The word the settings and the manifest use: {@code exact}, {@code iterative}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
