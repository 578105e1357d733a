package org.wrmf.als;

import java.util.Arrays;
import org.wrmf.linalg.Blas;

/**
 * The model's final user solve by conjugate gradient ({@link FinalSolve#ITERATIVE}): each row's
 * A x = b (A = G + sum (c - 1) y y^T + lambda_u I, b = sum c y, A never formed) solved from the last
 * users until the residual is below {@link #TOLERANCE} of b, in doubles throughout, so the stored users
 * equal the exact solve's to about cond(A) x 1e-10. Training's CG ({@link AlsKernel#solveConjugateGradient})
 * runs a fixed few steps on float sources instead: right for an approximate half-iteration, too coarse
 * for a model whose users must be the minimisers given its items.
 *
 * <p>Layout as training's CG: rows in chunks that run in lock step, so that G times the chunk's
 * directions is one dgemm (G is k x k: at large ranks a matrix-vector product per row would stream it
 * from memory once per row and step); the chunk's source vectors gathered once, rating after rating,
 * for the sparse half, two dgemv per row and step. A step costs O(k^2 + 4 k |I(u)|) per row against the
 * exact solve's O(k^2 |I(u)| + k^3 / 3); a row stops on its own, after at most k steps (CG's bound in
 * exact arithmetic).
 */
final class FinalConjugateGradient {
    /** Most rows a chunk holds: its dgemm is wide enough, its scratch stays small. */
    private static final int CHUNK = 256;
    /** A row stops when |r|^2 <= TOLERANCE |b|^2: a residual 1e-10 of the right-hand side. */
    private static final double TOLERANCE = 1e-20;

    private final int k;
    private final double[] gram;
    private final double[] sources;
    private final int rows;
    private final int[] rowStart;
    private final int[] sourcePos;
    private final double[] confidence; // c per rating of the block
    private final double[] lambdas; // lambda_u per row
    private final double[] gathered; // the chunk's source vectors, rating after rating
    private final double[] perRating; // a row's y . v, then its coefficients
    private final double[] r; // residuals of the chunk's rows, row after row
    private final double[] d; // search directions
    private final double[] q; // A d
    private final double[] xs; // the rows' solutions, warm-started
    private final double[] rr = new double[CHUNK];
    private final double[] tolerance = new double[CHUNK];
    private final boolean[] active = new boolean[CHUNK];

    private FinalConjugateGradient(
            AlsParams params, double[] gram, double lambda, int columns, double[] sources, CompressedRows ratings) {
        this.k = params.factors();
        this.gram = gram;
        this.sources = sources;
        this.rows = ratings.rows();
        this.rowStart = ratings.start();
        this.sourcePos = ratings.column();
        this.confidence = AlsKernel.confidences(params, ratings);
        this.lambdas = AlsKernel.rowLambdas(params, lambda, columns, ratings, confidence);
        int longest = ratings.longestRow();
        this.gathered = new double
                [(int) Math.max((long) longest * k, Math.min(AlsKernel.chunkValues(k), (long) sourcePos.length * k))];
        this.perRating = new double[Math.max(1, longest)];
        this.r = new double[CHUNK * k];
        this.d = new double[CHUNK * k];
        this.q = new double[CHUNK * k];
        this.xs = new double[CHUNK * k];
    }

    /** Replaces every row of {@code x} (packed, row r at {@code r * k}) by its solution, starting from it. */
    static void solve(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x) {
        new FinalConjugateGradient(params, gram, lambda, columns, sources, ratings).solve(x);
    }

    private void solve(double[] x) {
        int first = 0;
        while (first < rows) {
            int n = 1;
            while (first + n < rows
                    && n < CHUNK
                    && (long) (rowStart[first + n + 1] - rowStart[first]) * k <= AlsKernel.chunkValues(k)) {
                n++;
            }
            int from = rowStart[first];
            for (int t = from; t < rowStart[first + n]; t++) {
                System.arraycopy(sources, sourcePos[t] * k, gathered, (t - from) * k, k);
            }
            System.arraycopy(x, first * k, xs, 0, n * k);
            solveChunk(first, n);
            System.arraycopy(xs, 0, x, first * k, n * k);
            first += n;
        }
        for (int row = 0; row < rows; row++) {
            if (Double.isNaN(lambdas[row])) {
                Arrays.fill(x, row * k, (row + 1) * k, Double.NaN); // see AlsKernel.rowLambda
            }
        }
    }

    /**
     * out[at..) += sum over the row's ratings of coefficient y: (c - 1)(y . v), the sparse part of A v,
     * or c - (c - 1)(y . v), b minus it (the residual's); v is read before out is written.
     */
    private void addRatings(int row, int chunkFrom, double[] v, double[] out, int at, boolean residual) {
        int start = rowStart[row];
        int m = rowStart[row + 1] - start;
        if (m == 0) {
            return;
        }
        int y0 = (start - chunkFrom) * k;
        Blas.JAVA.dgemv("T", k, m, 1.0, gathered, y0, k, v, at, 1, 0.0, perRating, 0, 1);
        for (int t = 0; t < m; t++) {
            double c = confidence[start + t];
            perRating[t] = residual ? c - (c - 1) * perRating[t] : (c - 1) * perRating[t];
        }
        Blas.JAVA.dgemv("N", k, m, 1.0, gathered, y0, k, perRating, 0, 1, 1.0, out, at, 1);
    }

    private void solveChunk(int first, int n) {
        int from = rowStart[first];
        // |b|^2 per row, for its tolerance: the residual's pass from a zero vector (q is free until the steps)
        for (int j = 0; j < n; j++) {
            int at = j * k;
            Arrays.fill(q, at, at + k, 0.0);
            addRatings(first + j, from, q, q, at, true);
            tolerance[j] = TOLERANCE * Blas.JAVA.ddot(k, q, at, 1, q, at, 1);
        }
        // r = b - A x: per row -lambda x plus its ratings' pass, then R -= G X for the whole chunk.
        for (int j = 0; j < n; j++) {
            int at = j * k;
            double lambda = lambdas[first + j];
            for (int f = 0; f < k; f++) {
                r[at + f] = -lambda * xs[at + f];
            }
            addRatings(first + j, from, xs, r, at, true);
        }
        Blas.DEFAULT.dgemm("N", "N", k, n, k, -1.0, gram, k, xs, k, 1.0, r, k);
        for (int j = 0; j < n; j++) {
            int at = j * k;
            double s = Blas.JAVA.ddot(k, r, at, 1, r, at, 1);
            rr[j] = s;
            tolerance[j] = Math.max(tolerance[j], 1e-30 * s); // a row without ratings has b = 0
            active[j] = s > tolerance[j] && Double.isFinite(s);
            System.arraycopy(r, at, d, at, k);
        }
        for (int step = 0; step < k; step++) {
            Blas.DEFAULT.dgemm("N", "N", k, n, k, 1.0, gram, k, d, k, 0.0, q, k);
            boolean any = false;
            for (int j = 0; j < n; j++) {
                if (!active[j]) {
                    continue;
                }
                int at = j * k;
                Blas.JAVA.daxpy(k, lambdas[first + j], d, at, 1, q, at, 1);
                addRatings(first + j, from, d, q, at, false);
                double pq = Blas.JAVA.ddot(k, d, at, 1, q, at, 1);
                if (!(pq > 0) || !Double.isFinite(pq)) {
                    active[j] = false; // a singular direction (lambda = 0): nothing left to gain along it
                    continue;
                }
                double stepSize = rr[j] / pq;
                Blas.JAVA.daxpy(k, stepSize, d, at, 1, xs, at, 1);
                Blas.JAVA.daxpy(k, -stepSize, q, at, 1, r, at, 1);
                double next = Blas.JAVA.ddot(k, r, at, 1, r, at, 1);
                double beta = next / rr[j];
                for (int f = 0; f < k; f++) {
                    d[at + f] = r[at + f] + beta * d[at + f];
                }
                rr[j] = next;
                active[j] = next > tolerance[j];
                any |= active[j];
            }
            if (!any) {
                break;
            }
        }
    }
}
