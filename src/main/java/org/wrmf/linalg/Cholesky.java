package org.wrmf.linalg;

import java.util.Arrays;
import org.netlib.util.intW;

/**
 * Solves symmetric positive (semi-)definite k x k systems A x = b by Cholesky factorisation (LAPACK
 * dpotrf and dpotrs through {@link Blas#DEFAULT_LAPACK}): the one copy that training's exact solver
 * and explain use, with the fallback for a singular A.
 *
 * <p>A can be singular only without a ridge (lambda = 0), with fewer independent source vectors than
 * k. dpotrf then often still succeeds, on rounding noise, and returns huge arbitrary components that
 * ALS iterations amplify without bound; so a system without a ridge is solved with a vanishing one
 * from the start. Because b lies in the range of A in ALS (b = sum c y, A = G + sum (c - 1) y y^T +
 * lambda I), the tiny-ridge solution is, to within the ridge, the minimum-norm solution A^+ b:
 * finite, and the least-squares optimum. On a well-conditioned A the ridge moves x by about 1e-10
 * relative.
 *
 * <p>Owns scratch for one k: one instance per thread.
 */
public final class Cholesky {
    /** Ridges tried, relative to the mean diagonal of A, until A + ridge I factorises. */
    private static final double[] FALLBACK_RIDGES = {1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1};

    private final int k;
    private final double[] factor;
    private final double[] rhs; // b, kept for the retries

    public Cholesky(int k) {
        this.k = k;
        this.factor = new double[k * k];
        this.rhs = new double[k];
    }

    /**
     * Replaces b[0, k) by the solution of A x = b. A is read from the upper triangle of {@code a}
     * (column-major k x k) and left unchanged.
     *
     * @param ridged whether A holds a positive ridge (lambda > 0), hence is positive definite; if not,
     *               or if A nevertheless fails to factorise, the vanishing ridge applies. When even the
     *               largest ridge fails, or A's diagonal is zero or not finite (all sources zero, so
     *               b = 0), x = 0.
     */
    public void solve(double[] a, double[] b, boolean ridged) {
        System.arraycopy(b, 0, rhs, 0, k);
        if (ridged && factorAndSolve(a, 0.0, b)) {
            return;
        }
        double meanDiagonal = 0;
        for (int f = 0; f < k; f++) {
            meanDiagonal += a[f * k + f] / k;
        }
        if (meanDiagonal > 0 && Double.isFinite(meanDiagonal)) {
            for (double ridge : FALLBACK_RIDGES) {
                System.arraycopy(rhs, 0, b, 0, k);
                if (factorAndSolve(a, ridge * meanDiagonal, b)) {
                    return;
                }
            }
        }
        Arrays.fill(b, 0, k, 0.0);
    }

    /** Factorises A + ridge I and solves into b; false when not positive definite or not finite. */
    private boolean factorAndSolve(double[] a, double ridge, double[] b) {
        System.arraycopy(a, 0, factor, 0, k * k);
        if (ridge != 0) {
            for (int f = 0; f < k; f++) {
                factor[f * k + f] += ridge;
            }
        }
        intW info = new intW(0);
        Blas.DEFAULT_LAPACK.dpotrf("U", k, factor, k, info);
        if (info.val != 0) {
            return false;
        }
        Blas.DEFAULT_LAPACK.dpotrs("U", k, 1, factor, k, b, k, info);
        if (info.val != 0) {
            return false;
        }
        for (int f = 0; f < k; f++) {
            if (!Double.isFinite(b[f])) {
                return false;
            }
        }
        return true;
    }
}
