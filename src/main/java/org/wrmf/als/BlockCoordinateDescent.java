package org.wrmf.als;

import java.util.Arrays;
import org.wrmf.linalg.Blas;
import org.wrmf.linalg.Cholesky;

/**
 * The block (subspace) coordinate descent of iALS++ (Rendle, Krichene, Zhang and Koren 2021) for one
 * destination block: each row's k factors are cut into consecutive blocks of b dimensions (the last one
 * shorter when b does not divide k), and the row's objective is minimised exactly over one block at a
 * time, the others held, for {@link AlsParams#blockSweeps()} passes over the blocks. With the row's
 * A = G + sum (c - 1) y y^T + lambda_u I and b_u = sum c y, block B's new values solve the b x b system
 *
 * <pre>
 *   A[B,B] x_B = b_u[B] - A[B,rest] x_rest
 *             = sum_i (c_i - (c_i - 1) s_i) y_iB - (G x)_B + G[B,B] x_B,   s_i = x_rest . y_i,rest
 * </pre>
 *
 * with A[B,B] = G[B,B] + sum (c - 1) y_iB y_iB^T + lambda_u I (the Gram trick on the sub-block: one dsyrk
 * over the row's ratings, never the dense row). Two things are kept current as the blocks change, so no
 * step costs more than its block: the predictions x . y_i of the row's ratings (s_i is the prediction
 * minus block B's own share) and G x (computed once per chunk of rows by one dgemm, then moved by
 * G[:,B] times the block's change). A sweep costs O(|I(u)| k b + k b^2 + k^2) per row against
 * O(|I(u)| k^2 + k^3) for the exact solve.
 *
 * <p>Solving for x_B itself rather than for a correction keeps lambda = 0 as the exact solver has it: a
 * singular A[B,B] goes to {@link Cholesky}'s vanishing ridge, the minimum-norm block solution, and with
 * b at least k one sweep is exactly the Cholesky row solve. Every block step is an exact minimisation, so
 * no sweep raises the objective.
 *
 * <p>Sources and factors stay in doubles (the engine ships this solver doubles, as for Cholesky). Owns
 * scratch sized for the destination block's longest row: one instance per block and task.
 */
final class BlockCoordinateDescent {
    /** Most rows whose G x one dgemm computes: wide enough for BLAS, small enough scratch. */
    private static final int CHUNK = 256;

    private final int k;
    private final int blockSize;
    private final int sweeps;
    private final double[] gram;
    private final double[] sources;
    private final int rows;
    private final int[] rowStart;
    private final int[] sourcePos;
    private final double[] confidence; // c per rating of the destination block
    private final double[] lambdas; // lambda_u per row
    private final double[] gramTimesX; // G x of the chunk's rows, row after row, kept current
    private final double[] predictions; // x . y per rating of the current row, kept current
    private final double[] weights; // c - (c - 1) s per rating: the right-hand side's coefficients
    private final double[] blockSources; // the row's y_iB, rating after rating (b x m column-major)
    private final double[] scaledSources; // sqrt(c - 1) y_iB, for the dsyrk
    private final double[] subsystem; // A[B,B], b x b column-major
    private final double[] solution; // the block's right-hand side, then its new values
    private final double[] change; // new minus old values of the block
    private final Cholesky fullBlock;
    private final Cholesky lastBlock; // for k % b dimensions, null when b divides k

    private BlockCoordinateDescent(
            AlsParams params, double[] gram, double lambda, int columns, double[] sources, CompressedRows ratings) {
        this.k = params.factors();
        this.blockSize = Math.min(params.solver().blockSize(), k);
        this.sweeps = params.solver().blockSweeps();
        this.gram = gram;
        this.sources = sources;
        this.rows = ratings.rows();
        this.rowStart = ratings.start();
        this.sourcePos = ratings.column();
        this.confidence = AlsKernel.confidences(params, ratings);
        this.lambdas = AlsKernel.rowLambdas(params, lambda, columns, ratings, confidence);
        int longest = Math.max(1, ratings.longestRow());
        this.gramTimesX = new double[Math.min(CHUNK, Math.max(1, rows)) * k];
        this.predictions = new double[longest];
        this.weights = new double[longest];
        this.blockSources = new double[longest * blockSize];
        this.scaledSources = new double[longest * blockSize];
        this.subsystem = new double[blockSize * blockSize];
        this.solution = new double[blockSize];
        this.change = new double[blockSize];
        this.fullBlock = new Cholesky(blockSize);
        this.lastBlock = k % blockSize == 0 ? null : new Cholesky(k % blockSize);
    }

    /**
     * Improves every row of the block in place ({@code x} packed, row r at {@code r * k}), as
     * {@link AlsKernel#solveBlock} documents; a row whose lambda_u or confidences are not finite gets NaN.
     */
    static void solve(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x) {
        new BlockCoordinateDescent(params, gram, lambda, columns, sources, ratings).solve(x);
    }

    private void solve(double[] x) {
        for (int first = 0; first < rows; first += CHUNK) {
            int n = Math.min(CHUNK, rows - first);
            Blas.DEFAULT.dgemm("N", "N", k, n, k, 1.0, gram, 0, k, x, first * k, k, 0.0, gramTimesX, 0, k);
            for (int j = 0; j < n; j++) {
                solveRow(first + j, x, j * k);
            }
        }
    }

    private void solveRow(int row, double[] x, int gxAt) {
        int xAt = row * k;
        double lambda = lambdas[row];
        if (Double.isNaN(lambda)) {
            Arrays.fill(x, xAt, xAt + k, Double.NaN); // see AlsKernel.rowLambda
            return;
        }
        int start = rowStart[row];
        int m = rowStart[row + 1] - start;
        for (int t = 0; t < m; t++) {
            predictions[t] = Blas.JAVA.ddot(k, sources, sourcePos[start + t] * k, 1, x, xAt, 1);
        }
        for (int sweep = 0; sweep < sweeps; sweep++) {
            for (int from = 0; from < k; from += blockSize) {
                solveDimensions(start, m, from, Math.min(blockSize, k - from), lambda, x, xAt, gxAt);
            }
        }
    }

    /** The exact minimisation over dimensions [from, from + b) of one row (see the class comment). */
    private void solveDimensions(int start, int m, int from, int b, double lambda, double[] x, int xAt, int gxAt) {
        int blockAt = xAt + from;
        for (int t = 0; t < m; t++) {
            double c = confidence[start + t];
            double scale = Math.sqrt(c - 1);
            int y = sourcePos[start + t] * k + from;
            int to = t * b;
            double own = 0; // block B's share of the prediction
            for (int f = 0; f < b; f++) {
                double value = sources[y + f];
                blockSources[to + f] = value;
                scaledSources[to + f] = scale * value;
                own += value * x[blockAt + f];
            }
            weights[t] = c - (c - 1) * (predictions[t] - own);
        }
        // A[B,B] = G[B,B] + lambda_u I + sum (c - 1) y_B y_B^T (upper triangle from the dsyrk, all of G[B,B]);
        // right-hand side = -(G x)_B + G[B,B] x_B + sum weight y_B.
        for (int j = 0; j < b; j++) {
            double gramTimesBlock = 0;
            for (int i = 0; i < b; i++) {
                double g = gram[(from + i) + (from + j) * k];
                subsystem[i + j * b] = g;
                gramTimesBlock += g * x[blockAt + i]; // G symmetric: row j of G[B,B] times x_B
            }
            subsystem[j + j * b] += lambda;
            solution[j] = gramTimesBlock - gramTimesX[gxAt + from + j];
        }
        if (m > 0) {
            Blas.DEFAULT.dsyrk("U", "N", b, m, 1.0, scaledSources, 0, b, 1.0, subsystem, 0, b);
            Blas.JAVA.dgemv("N", b, m, 1.0, blockSources, 0, b, weights, 0, 1, 1.0, solution, 0, 1);
        }
        (b == blockSize ? fullBlock : lastBlock).solve(subsystem, solution, lambda > 0);
        for (int f = 0; f < b; f++) {
            change[f] = solution[f] - x[blockAt + f];
            x[blockAt + f] = solution[f];
        }
        if (m > 0) {
            Blas.JAVA.dgemv("T", b, m, 1.0, blockSources, 0, b, change, 0, 1, 1.0, predictions, 0, 1);
        }
        Blas.JAVA.dgemv("N", k, b, 1.0, gram, from * k, k, change, 0, 1, 1.0, gramTimesX, gxAt, 1);
    }
}
