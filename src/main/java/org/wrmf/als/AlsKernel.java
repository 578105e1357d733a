package org.wrmf.als;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The numeric kernel of implicit ALS, free of Spark: the Gram matrix, and the per-row exact
 * (Cholesky) and conjugate-gradient solves with the Gram trick, plus the per-row loss.
 *
 * <p>Storage: a set of n factor vectors of rank k is one packed {@code double[n * k]}, vector after
 * vector. Read by column-major BLAS that is the k x n matrix Y^T with leading dimension k, so
 * {@code G = Y^T Y} is one {@code dsyrk("U", "N", k, n)} and a row's gathered source vectors feed
 * {@code dsyrk}/{@code dgemv} without copies. Level-3 BLAS and LAPACK go through
 * {@link BLAS#getInstance()} / {@link LAPACK#getInstance()} (native OpenBLAS when the system has it);
 * level-2 products of the CG solver go through {@link JavaBLAS}, for which a JNI call costs more than
 * the arithmetic at these sizes.
 */
final class AlsKernel {
    private static final BLAS NATIVE_BLAS = BLAS.getInstance();
    private static final BLAS JAVA_BLAS = JavaBLAS.getInstance();
    private static final LAPACK LAPACK_ = LAPACK.getInstance();

    /**
     * Ridges tried, relative to the mean diagonal of A, when Cholesky finds A not positive definite
     * (only possible with lambda = 0). Because b = sum c y lies in the span of the source vectors,
     * which is the range of A, the tiny-ridge solution is, to within the ridge, the minimum-norm
     * solution A^+ b: finite, and the least-squares optimum. An all-zero A (all sources zero, hence
     * b = 0) gives x = 0.
     */
    private static final double[] FALLBACK_RIDGES = {1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1};

    private AlsKernel() {
    }

    /** Which implementations run: the native or Java BLAS, LAPACK, and the level-2 Java BLAS. */
    static String implementation() {
        return "blas=" + NATIVE_BLAS.getClass().getName() + ", lapack=" + LAPACK_.getClass().getName()
                + ", level2=" + JAVA_BLAS.getClass().getName();
    }

    /** True when level-3 BLAS and LAPACK run natively (e.g. the system OpenBLAS). */
    static boolean isNative() {
        return NATIVE_BLAS instanceof dev.ludovic.netlib.blas.NativeBLAS;
    }

    /** G = Y^T Y (full symmetric k x k) of {@code count} packed vectors of rank k. */
    static double[] gram(double[] factors, int count, int rank) {
        double[] g = new double[rank * rank];
        if (count > 0) {
            NATIVE_BLAS.dsyrk("U", "N", rank, count, 1.0, factors, rank, 0.0, g, rank);
            mirrorUpper(g, rank);
        }
        return g;
    }

    /** acc += g, element-wise; returns acc (for reductions). */
    static double[] add(double[] acc, double[] g) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += g[i];
        }
        return acc;
    }

    /** Copies the upper triangle (column-major) onto the lower one. */
    private static void mirrorUpper(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < j; i++) {
                a[j + i * k] = a[i + j * k];
            }
        }
    }

    /**
     * Solves the rows of one destination block against its gathered source factors. One instance per
     * task: it owns scratch buffers sized for the block's longest row, so the hot loop allocates nothing.
     */
    static final class RowSolver {
        private final int k;
        private final double[] gram;
        private final double lambda;
        private final AlsParams params;
        private final double[] rowSources;   // the row's source vectors, packed (k x m column-major)
        private final double[] confidence;   // c_ui of each of the row's ratings
        private final double[] matrix;
        private final double[] rhs;
        private final double[] residual;
        private final double[] direction;
        private final double[] product;
        private final double[] perRating;

        RowSolver(int rank, double[] gram, double lambda, AlsParams params, int maxRowLength) {
            this.k = rank;
            this.gram = gram;
            this.lambda = lambda;
            this.params = params;
            this.rowSources = new double[Math.max(1, maxRowLength) * rank];
            this.confidence = new double[Math.max(1, maxRowLength)];
            this.matrix = new double[rank * rank];
            this.rhs = new double[rank];
            this.residual = new double[rank];
            this.direction = new double[rank];
            this.product = new double[rank];
            this.perRating = new double[Math.max(1, maxRowLength)];
        }

        /**
         * Gathers the ratings [start, end) of a row: their source vectors (from {@code sources} at
         * {@code sourcePos}) into the packed scratch, their confidences, and b = sum c y into rhs.
         * Returns the number of ratings m.
         */
        private int gather(double[] sources, int[] sourcePos, float[] weight, int start, int end) {
            int m = end - start;
            java.util.Arrays.fill(rhs, 0.0);
            for (int j = 0; j < m; j++) {
                double c = params.confidence(weight[start + j]);
                confidence[j] = c;
                int from = sourcePos[start + j] * k;
                int to = j * k;
                for (int f = 0; f < k; f++) {
                    double y = sources[from + f];
                    rowSources[to + f] = y;
                    rhs[f] += c * y;
                }
            }
            return m;
        }

        /**
         * Replaces x (at {@code out[offset .. offset + k)}) by the solution of the row's normal
         * equations; CG reads the current x there as its warm start.
         */
        void solve(double[] sources, int[] sourcePos, float[] weight, int start, int end, double[] out, int offset) {
            int m = gather(sources, sourcePos, weight, start, end);
            if (params.solver() == Solver.CHOLESKY) {
                solveExact(m);
                System.arraycopy(rhs, 0, out, offset, k);
            } else {
                solveConjugateGradient(m, out, offset);
            }
        }

        /** A = G + sum (c - 1) y y^T + lambda I via one dsyrk on sqrt(c - 1) y; rhs becomes x. */
        private void solveExact(int m) {
            for (int j = 0; j < m; j++) {
                double scale = Math.sqrt(confidence[j] - 1);
                int at = j * k;
                for (int f = 0; f < k; f++) {
                    rowSources[at + f] *= scale;
                }
            }
            double[] b = direction;  // unused by the exact path: keeps b for the fallback
            System.arraycopy(rhs, 0, b, 0, k);
            fillNormalMatrix(m, 0.0);
            if (choleskySolve()) {
                return;
            }
            double meanDiagonal = 0;
            fillNormalMatrix(m, 0.0);
            for (int f = 0; f < k; f++) {
                meanDiagonal += matrix[f * k + f] / k;
            }
            if (meanDiagonal > 0 && Double.isFinite(meanDiagonal)) {
                for (double ridge : FALLBACK_RIDGES) {
                    System.arraycopy(b, 0, rhs, 0, k);
                    fillNormalMatrix(m, ridge * meanDiagonal);
                    if (choleskySolve()) {
                        return;
                    }
                }
            }
            java.util.Arrays.fill(rhs, 0.0);
        }

        /** matrix = G + (lambda + ridge) I + (scaled sources)(scaled sources)^T, upper triangle. */
        private void fillNormalMatrix(int m, double ridge) {
            System.arraycopy(gram, 0, matrix, 0, k * k);
            for (int f = 0; f < k; f++) {
                matrix[f * k + f] += lambda + ridge;
            }
            if (m > 0) {
                NATIVE_BLAS.dsyrk("U", "N", k, m, 1.0, rowSources, k, 1.0, matrix, k);
            }
        }

        /** Cholesky-factorises matrix and solves into rhs; false when not positive definite or not finite. */
        private boolean choleskySolve() {
            intW info = new intW(0);
            LAPACK_.dpotrf("U", k, matrix, k, info);
            if (info.val != 0) {
                return false;
            }
            LAPACK_.dpotrs("U", k, 1, matrix, k, rhs, k, info);
            if (info.val != 0) {
                return false;
            }
            for (int f = 0; f < k; f++) {
                if (!Double.isFinite(rhs[f])) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Conjugate gradient on A x = b from the current x, A applied as G p + lambda p + sum (c - 1)
         * (y . p) y without forming it. Stops early when the residual vanishes or when p^T A p is not
         * positive (a singular direction with lambda = 0): x stays finite.
         */
        private void solveConjugateGradient(int m, double[] out, int offset) {
            double[] x = product;
            System.arraycopy(out, offset, x, 0, k);
            applyNormalMatrix(m, x, residual);
            double bb = 0;
            double rr = 0;
            for (int f = 0; f < k; f++) {
                double r = rhs[f] - residual[f];
                residual[f] = r;
                direction[f] = r;
                rr += r * r;
                bb += rhs[f] * rhs[f];
            }
            double[] q = rhs;  // b is no longer needed: reuse its buffer for A p
            double tolerance = 1e-30 * Math.max(bb, Double.MIN_NORMAL);
            for (int step = 0; step < params.cgSteps() && rr > tolerance; step++) {
                applyNormalMatrix(m, direction, q);
                double pq = 0;
                for (int f = 0; f < k; f++) {
                    pq += direction[f] * q[f];
                }
                if (!(pq > 0) || !Double.isFinite(pq)) {
                    break;
                }
                double stepSize = rr / pq;
                double rrNext = 0;
                for (int f = 0; f < k; f++) {
                    x[f] += stepSize * direction[f];
                    residual[f] -= stepSize * q[f];
                    rrNext += residual[f] * residual[f];
                }
                double beta = rrNext / rr;
                for (int f = 0; f < k; f++) {
                    direction[f] = residual[f] + beta * direction[f];
                }
                rr = rrNext;
            }
            System.arraycopy(x, 0, out, offset, k);
        }

        /** out = (G + lambda I + sum_j (c_j - 1) y_j y_j^T) v, v and out distinct. */
        private void applyNormalMatrix(int m, double[] v, double[] out) {
            JAVA_BLAS.dgemv("N", k, k, 1.0, gram, k, v, 1, 0.0, out, 1);
            for (int f = 0; f < k; f++) {
                out[f] += lambda * v[f];
            }
            if (m > 0) {
                JAVA_BLAS.dgemv("T", k, m, 1.0, rowSources, k, v, 1, 0.0, perRating, 1);
                for (int j = 0; j < m; j++) {
                    perRating[j] *= confidence[j] - 1;
                }
                JAVA_BLAS.dgemv("N", k, m, 1.0, rowSources, k, perRating, 1, 1.0, out, 1);
            }
        }

        /**
         * This row's share of the loss: x^T G x + sum_i [c (1 - x.y)^2 - (x.y)^2] + lambda ||x||^2,
         * i.e. sum over all items of c (p - x.y)^2 with the unobserved ones folded into x^T G x.
         */
        double loss(double[] sources, int[] sourcePos, float[] weight, int start, int end, double[] x, int offset) {
            int m = gather(sources, sourcePos, weight, start, end);
            double total = 0;
            for (int f = 0; f < k; f++) {
                double gx = 0;
                for (int g = 0; g < k; g++) {
                    gx += gram[f * k + g] * x[offset + g];
                }
                total += x[offset + f] * (gx + lambda * x[offset + f]);
            }
            for (int j = 0; j < m; j++) {
                double score = 0;
                for (int f = 0; f < k; f++) {
                    score += x[offset + f] * rowSources[j * k + f];
                }
                total += confidence[j] * (1 - score) * (1 - score) - score * score;
            }
            return total;
        }
    }
}
