package org.wrmf.linalg;

import org.netlib.util.intW;

/**
 * Solves the exact ALS system of a row with few ratings, (G + lambda I + sum_j d_j y_j y_j^T) x = b
 * with m ratings, in O(k m^2 + m^3 + k^2) instead of a k x k Cholesky's O(k^2 m + k^3).
 *
 * <p>G = Q E Q^T is diagonalised once per side ({@link Basis}: one LAPACK dsyevd, and every source vector
 * turned into Q's coordinates by one dgemm). In those coordinates S = E + lambda I is diagonal for every
 * row's own lambda, and with W = S^-1/2 [sqrt(d_j) y~_j] (k x m) the Woodbury identity gives
 * x~ = S^-1/2 (I + W W^T)^-1 S^-1/2 b~ = S^-1/2 (h - W (I + W^T W)^-1 W^T h), h = S^-1/2 b~: one m x m
 * Cholesky of a matrix whose eigenvalues are all at least 1 (always positive definite, never badly
 * conditioned), then x = Q x~ ({@link Basis#toOriginal}, one dgemm for many rows). Rounding is that of
 * a solve on S: {@link #solve} declines (false) when S's condition exceeds {@link #MAX_CONDITION} or
 * lambda is not positive, and the caller then solves directly.
 *
 * <p>Owns scratch for one k and one longest row: one instance per thread, sharing one {@link Basis}.
 */
public final class LowRankSolver {
    /** Largest (max s / min s) of S = E + lambda I solved through; beyond it the direct solve is kept. */
    static final double MAX_CONDITION = 1e10;

    private final Basis basis;
    private final int k;
    private final double[] inverseRoot; // S^-1/2 of the row being solved
    private final double[] h;
    private final double[] z;
    private final double[] capacitance; // I + W^T W, m x m

    public LowRankSolver(Basis basis, int longestRow) {
        this.basis = basis;
        this.k = basis.k;
        this.inverseRoot = new double[k];
        this.h = new double[k];
        this.z = new double[Math.max(1, longestRow)];
        this.capacitance = new double[Math.max(1, longestRow) * Math.max(1, longestRow)];
    }

    /** The basis this solver works in. */
    public Basis basis() {
        return basis;
    }

    /** G's eigenvectors and eigenvalues, and the sources in the eigenvectors' coordinates. */
    public static final class Basis {
        final int k;
        final double[] vectors; // Q, column-major k x k: column f is the eigenvector of values[f]
        final double[] values; // ascending
        private final double[] rotated; // Q^T y of every source, packed as the sources are

        private Basis(int k, double[] vectors, double[] values, double[] rotated) {
            this.k = k;
            this.vectors = vectors;
            this.values = values;
            this.rotated = rotated;
        }

        /**
         * Diagonalises the k x k symmetric {@code gram} (column-major, upper triangle read) and rotates the
         * packed {@code sources} (vector i at {@code i * k}); null when LAPACK fails to diagonalise it (not
         * finite), so that callers keep the direct solve.
         */
        public static Basis of(double[] gram, int k, double[] sources) {
            double[] vectors = gram.clone();
            double[] values = new double[k];
            intW info = new intW(0);
            double[] workSize = new double[1];
            int[] iworkSize = new int[1];
            Blas.DEFAULT_LAPACK.dsyevd("V", "U", k, vectors, k, values, workSize, -1, iworkSize, -1, info);
            if (info.val != 0) {
                return null;
            }
            double[] work = new double[(int) workSize[0]];
            int[] iwork = new int[iworkSize[0]];
            Blas.DEFAULT_LAPACK.dsyevd("V", "U", k, vectors, k, values, work, work.length, iwork, iwork.length, info);
            if (info.val != 0) {
                return null;
            }
            int n = sources.length / k;
            double[] rotated = new double[n * k];
            if (n > 0) {
                Blas.DEFAULT.dgemm("T", "N", k, n, k, 1.0, vectors, k, sources, k, 0.0, rotated, k);
            }
            return new Basis(k, vectors, values, rotated);
        }

        /** x = Q x~ of n packed vectors (k x n column-major) into {@code out}. */
        public void toOriginal(double[] tilde, int n, double[] out) {
            if (n > 0) {
                Blas.DEFAULT.dgemm("N", "N", k, n, k, 1.0, vectors, k, tilde, k, 0.0, out, k);
            }
        }

        /** Q^T y of the source vector at {@code position}, starting at {@code position * k} of this array. */
        public double[] rotated() {
            return rotated;
        }

        /** Multiply-adds of {@link #of} for {@code sources} vectors: the dsyevd and the rotation. */
        public static double setupCost(int k, long sources) {
            return 10.0 * k * k * k + (double) k * k * sources;
        }
    }

    /** Whether a row of m ratings costs fewer multiply-adds through {@link #solve} than directly. */
    public static boolean cheaper(int k, int m) {
        return solveCost(k, m) < directCost(k, m);
    }

    /** Multiply-adds of {@link #solve} for a row of m ratings. */
    public static double solveCost(int k, int m) {
        return 0.5 * k * (double) m * m + m * (double) m * m / 6.0 + (double) k * k + 6.0 * k * m;
    }

    /** Multiply-adds of the direct solve (the dsyrk of the row and a k x k Cholesky) for m ratings. */
    public static double directCost(int k, int m) {
        return 0.5 * k * (double) k * m + k * (double) k * k / 6.0 + (double) k * k;
    }

    /**
     * Solves one row. {@code ys} holds its m rotated source vectors packed (k x m column-major) and is
     * overwritten; {@code weights} its d_j (>= 0); {@code b} the right-hand side in Q's coordinates,
     * replaced by the solution in Q's coordinates too ({@link Basis#toOriginal} turns solutions back).
     * Returns false, with {@code b} untouched, when lambda is not positive or S too ill-conditioned
     * ({@link #MAX_CONDITION}).
     */
    public boolean solve(double lambda, double[] ys, double[] weights, int m, double[] b) {
        double[] values = basis.values;
        double smallest = values[0] + lambda;
        double largest = values[k - 1] + lambda;
        if (!(lambda > 0) || !(smallest > 0) || !(largest < MAX_CONDITION * smallest)) {
            return false;
        }
        for (int f = 0; f < k; f++) {
            inverseRoot[f] = 1.0 / Math.sqrt(values[f] + lambda);
            h[f] = b[f] * inverseRoot[f];
        }
        for (int j = 0; j < m; j++) {
            double root = Math.sqrt(weights[j]);
            int at = j * k;
            double dot = 0;
            for (int f = 0; f < k; f++) {
                double w = ys[at + f] * root * inverseRoot[f];
                ys[at + f] = w;
                dot += w * h[f];
            }
            z[j] = dot;
        }
        if (m > 0) {
            Blas.DEFAULT.dsyrk("U", "T", m, k, 1.0, ys, k, 0.0, capacitance, m);
            for (int j = 0; j < m; j++) {
                capacitance[j * m + j] += 1.0;
            }
            intW info = new intW(0);
            Blas.DEFAULT_LAPACK.dpotrf("U", m, capacitance, m, info);
            if (info.val != 0) {
                return false; // only on non-finite input: I + W^T W is positive definite
            }
            Blas.DEFAULT_LAPACK.dpotrs("U", m, 1, capacitance, m, z, m, info);
            for (int j = 0; j < m; j++) {
                double zj = z[j];
                int at = j * k;
                for (int f = 0; f < k; f++) {
                    h[f] -= ys[at + f] * zj;
                }
            }
        }
        for (int f = 0; f < k; f++) {
            h[f] *= inverseRoot[f];
        }
        System.arraycopy(h, 0, b, 0, k);
        return true;
    }
}
