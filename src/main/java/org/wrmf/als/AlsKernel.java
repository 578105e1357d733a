package org.wrmf.als;

import org.wrmf.linalg.Blas;
import org.wrmf.linalg.Cholesky;
import org.wrmf.linalg.FloatProducts;
import org.wrmf.linalg.LowRankSolver;
import org.wrmf.linalg.Narrowing;
import org.wrmf.linalg.RowDots;

/**
 * The numeric kernel of implicit ALS, free of Spark: the per-row exact (Cholesky) and
 * conjugate-gradient solves with the Gram trick ({@link org.wrmf.linalg.Gram} G = Y^T Y), plus the
 * per-row loss. The block coordinate descent of {@link Solver#BLOCK} is {@link BlockCoordinateDescent}, the
 * iterative final solve {@link FinalConjugateGradient}.
 *
 * <p>Storage: a set of n factor vectors of rank k is one packed {@code double[n * k]}, vector after
 * vector. Read by column-major BLAS that is the k x n matrix Y^T with leading dimension k, so
 * {@code G = Y^T Y} is one {@code dsyrk("U", "N", k, n)} and a row's gathered source vectors feed
 * {@code dsyrk}/{@code dgemv} without copies. Level-3 BLAS and LAPACK go through {@link Blas#DEFAULT}
 * (native OpenBLAS when the system has it), a row's level-1 products in CG through {@link Blas#JAVA}.
 * The CG solver batches the dense half of its products over a chunk of rows (one dgemm, G times the
 * chunk's vectors); the sparse half, sum (c - 1)(y . p) y over a row's ratings, runs in floats on
 * the row's gathered sources in Java SIMD ({@link FloatProducts}), where JNI calls per
 * row would cost more than the arithmetic.
 */
final class AlsKernel {
    private AlsKernel() {}

    /** Most rows a CG chunk holds: its dgemm is wide enough, its scratch stays small. */
    private static final int CG_CHUNK = 256;
    /**
     * Most source values (ratings x rank) a CG chunk gathers, unless one row alone has more: 1 MB of
     * floats, so the chunk's gathered sources stay in cache across the solve's passes; at ranks above
     * 64, {@link #CG_CHUNK_VALUES_PER_FACTOR} per factor, so that a chunk still holds dozens of rows and G
     * times its directions stays a wide dgemm (at rank 512, 1 MB held 14 rows of 36 likes on average:
     * each dgemm streamed G's 2 MB for 14 columns; measured 10 to 15% slower iterations than 4 MB chunks).
     */
    private static final int CG_CHUNK_VALUES = 1 << 18;

    private static final int CG_CHUNK_VALUES_PER_FACTOR = 1 << 12;
    /** Most values a CG chunk gathers at rank k (training's and the final solve's). */
    static int chunkValues(int k) {
        return Math.max(CG_CHUNK_VALUES, k * CG_CHUNK_VALUES_PER_FACTOR);
    }

    /** Most ratings whose float products CG sums in float before adding them to a double. */
    private static final int SEGMENT = 64;

    /**
     * Solves every row of a destination block in place: {@code x} holds the block's factors packed (row r
     * at {@code r * k}) and receives the new ones. Each rating names its source vector by position
     * ({@link CompressedRows#column()}) in {@code sources}. Cholesky solves row by row in double
     * precision; CG ({@link #solveConjugateGradient}) gets the sources rounded to floats; BLOCK
     * ({@link BlockCoordinateDescent}) runs in doubles.
     *
     * <p>{@code lambda} is the side's base lambda; each row solves with its own lambda_u
     * ({@link Objective#rowLambda}), which needs {@code columns}, the size of the source side.
     */
    static void solveBlock(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x) {
        solveBlock(params, gram, lambda, columns, sources, null, ratings, x);
    }

    /**
     * {@link #solveBlock(AlsParams, double[], double, int, double[], CompressedRows, double[])} with the sources
     * already rounded to floats for CG ({@code floatSources}, null to round them here): parts of one side
     * solved apart share one rounding.
     */
    static void solveBlock(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            float[] floatSources,
            CompressedRows ratings,
            double[] x) {
        switch (params.solver().method()) {
            case CHOLESKY -> solveExactly(params, gram, lambda, columns, sources, ratings, x);
            case CG ->
                solveConjugateGradient(
                        params,
                        gram,
                        lambda,
                        columns,
                        floatSources != null ? floatSources : Narrowing.toFloats(sources),
                        ratings,
                        x);
            case BLOCK -> BlockCoordinateDescent.solve(params, gram, lambda, columns, sources, ratings, x);
        }
    }

    /**
     * The model's last user solve ({@link SolverSettings#finalSolve()}), in place on the warm start {@code x}:
     * exactly, or by conjugate gradient in doubles to a tight tolerance ({@link FinalConjugateGradient}).
     */
    static void solveFinal(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x) {
        if (params.solver().finalSolve() == FinalSolve.EXACT) {
            solveExactly(params, gram, lambda, columns, sources, ratings, x);
        } else {
            FinalConjugateGradient.solve(params, gram, lambda, columns, sources, ratings, x);
        }
    }

    /** The exact (Cholesky) solve of every row, whatever the params' solver. */
    static void solveExactly(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x) {
        RowSolver solver = new RowSolver(params, gram, lambda, columns, ratings.longestRow());
        LowRankSolver lowRank = lowRankSolver(params.factors(), gram, sources, ratings);
        // rows solved through G's eigenvectors, packed in solving order, go back to x by one dgemm
        int k = params.factors();
        double[] tilde = lowRank == null ? null : new double[ratings.rows() * k];
        int[] solved = lowRank == null ? null : new int[ratings.rows()];
        int count = 0;
        for (int r = 0; r < ratings.rows(); r++) {
            if (lowRank != null && solver.solveLowRank(lowRank, ratings, r, tilde, count)) {
                solved[count++] = r;
            } else {
                solver.solve(sources, ratings, r, x);
            }
        }
        if (count == 0) {
            return;
        }
        double[] original = new double[count * k];
        lowRank.basis().toOriginal(tilde, count, original);
        for (int j = 0; j < count; j++) {
            System.arraycopy(original, j * k, x, solved[j] * k, k);
        }
    }

    /**
     * The solver for the block's rows with fewer ratings than factors ({@link LowRankSolver}), when the
     * multiply-adds it saves over their direct solves exceed its setup (G's eigenvectors, the sources
     * rotated into them); else null.
     */
    static LowRankSolver lowRankSolver(int k, double[] gram, double[] sources, CompressedRows ratings) {
        if (gram == null) {
            return null;
        }
        double saved = 0;
        int longest = 0;
        for (int r = 0; r < ratings.rows(); r++) {
            int m = ratings.start()[r + 1] - ratings.start()[r];
            if (LowRankSolver.cheaper(k, m)) {
                saved += LowRankSolver.directCost(k, m) - LowRankSolver.solveCost(k, m);
                longest = Math.max(longest, m);
            }
        }
        if (saved <= LowRankSolver.Basis.setupCost(k, sources.length / k)) {
            return null;
        }
        LowRankSolver.Basis basis = LowRankSolver.Basis.of(gram, k, sources);
        return basis == null ? null : new LowRankSolver(basis, longest);
    }

    /**
     * A block of users' share of the loss at their factors {@code x} (packed, row r at {@code r * k}) and the
     * sources, added to {@code into} as {observed, unobserved, regularization} ({@link Loss}): per row,
     * sum_i c (1 - x.y)^2 over the likes; x^T G x - sum_i (x.y)^2 over the likes (the not-liked cells,
     * folded into x^T G x, with G x of every row from one dgemm); lambda_u ||x||^2. Reads the sources in
     * place (no gathering).
     */
    static void addLoss(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            CompressedRows ratings,
            double[] x,
            double[] into) {
        int k = params.factors();
        int rows = ratings.rows();
        double[] gx = new double[rows * k];
        if (rows > 0) {
            Blas.DEFAULT.dgemm("N", "N", k, rows, k, 1.0, gram, k, x, k, 0.0, gx, k);
        }
        double[] confidence = new double[Math.max(1, ratings.longestRow())];
        int[] offsets = new int[confidence.length];
        double[] scores = new double[confidence.length];
        int[] start = ratings.start();
        int[] column = ratings.column();
        float[] weight = ratings.weight();
        double observed = 0;
        double unobserved = 0;
        double regularization = 0;
        for (int r = 0; r < rows; r++) {
            int offset = r * k;
            double quadratic = 0;
            double norm = 0;
            for (int f = 0; f < k; f++) {
                quadratic += x[offset + f] * gx[offset + f];
                norm += x[offset + f] * x[offset + f];
            }
            double likedSquares = 0;
            int likes = start[r + 1] - start[r];
            for (int t = start[r]; t < start[r + 1]; t++) {
                offsets[t - start[r]] = column[t] * k;
            }
            RowDots.dots(x, offset, sources, offsets, likes, k, scores);
            for (int j = 0; j < likes; j++) {
                double c = params.objective().confidence(weight[start[r] + j]);
                confidence[j] = c;
                observed += c * (1 - scores[j]) * (1 - scores[j]);
                likedSquares += scores[j] * scores[j];
            }
            unobserved += quadratic - likedSquares;
            regularization += rowLambda(params, lambda, columns, ratings, r, confidence, 0) * norm;
        }
        into[0] += observed;
        into[1] += unobserved;
        into[2] += regularization;
    }

    /** The confidence c of every rating of a block, in the ratings' order. */
    static double[] confidences(AlsParams params, CompressedRows ratings) {
        double[] confidence = new double[ratings.column().length];
        for (int t = 0; t < confidence.length; t++) {
            confidence[t] = params.objective().confidence(ratings.weight()[t]);
        }
        return confidence;
    }

    /** lambda_u of every row of a block ({@link #rowLambda}), given its ratings' {@link #confidences}. */
    static double[] rowLambdas(
            AlsParams params, double lambda, int columns, CompressedRows ratings, double[] confidence) {
        double[] lambdas = new double[ratings.rows()];
        for (int row = 0; row < lambdas.length; row++) {
            lambdas[row] = rowLambda(params, lambda, columns, ratings, row, confidence, ratings.start()[row]);
        }
        return lambdas;
    }

    /**
     * lambda_u of row r of the ratings, given its ratings' confidences; NaN when a confidence or lambda_u
     * is not finite (an overflowing alpha or weight): such a row's system has no meaningful solution, and
     * the solvers then return NaN for it, which training reports ({@link NonFiniteFactorsException})
     * rather than store a zero or stale vector.
     */
    static double rowLambda(
            AlsParams params,
            double lambda,
            int columns,
            CompressedRows ratings,
            int row,
            double[] confidence,
            int confidenceOffset) {
        int m = ratings.start()[row + 1] - ratings.start()[row];
        double sum = 0;
        for (int j = 0; j < m; j++) {
            sum += confidence[confidenceOffset + j];
        }
        double rowLambda = params.objective().rowLambda(lambda, m, sum, columns);
        return Double.isFinite(sum) && Double.isFinite(rowLambda) ? rowLambda : Double.NaN;
    }

    /**
     * The CG solve of {@link #solveBlock} on float sources. The rows of a chunk run in lock
     * step so that the dense part of every product, G times the chunk's vectors, is one dgemm (in
     * double, on the double G); the sparse part, sum (c - 1)(y . p) y over a row's ratings, runs in
     * floats ({@link FloatProducts}) and is added to it in double. So CG solves
     * (G + lambda I + sum (c - 1) y~ y~^T) x = sum c y~ with y~ the sources rounded to floats, which
     * differs from the double system by float rounding (about 1e-7 relative), far below what three CG
     * steps leave unsolved. The residuals, directions, step sizes and x stay double.
     */
    static void solveConjugateGradient(
            AlsParams params,
            double[] gram,
            double lambda,
            int columns,
            float[] sources,
            CompressedRows ratings,
            double[] x) {
        new ChunkConjugateGradient(params, gram, lambda, columns, sources, ratings).solve(x);
    }

    /**
     * Conjugate gradient on A_r x_r = b_r for a chunk of rows at once, A_r applied as
     * G p + lambda p + sum (c - 1)(y . p) y without forming it, warm-started at the current x_r.
     * Each row keeps its own step sizes and stops on its own when its residual vanishes or p^T A p is
     * not positive (a singular direction with lambda = 0), so every row follows exactly the row-by-row
     * algorithm; only the G p products are batched (one dgemm per step and chunk).
     */
    private static final class ChunkConjugateGradient {
        private final int k;
        private final double[] gram;
        private final double[] lambdas; // lambda_u per row of the block
        private final int steps;
        private final float[] sources;
        private final int rows;
        private final int[] rowStart;
        private final int[] sourcePos;
        private final double[] confidence; // c per rating of the block
        private final float[] gathered; // the chunk's source vectors, rating after rating
        private final float[] perRating; // a segment's y . v, then its coefficients
        private final float[] floatVector; // one row's vector v, rounded to floats
        private final float[] sparse; // one row's sum of coefficient y
        private final double[] r; // residuals of the chunk's rows, row after row
        private final double[] d; // search directions
        private final double[] q; // A d
        private final double[] xs; // the rows' solutions, warm-started
        private final double[] rr = new double[CG_CHUNK];
        private final double[] tolerance = new double[CG_CHUNK];
        private final boolean[] active = new boolean[CG_CHUNK];

        ChunkConjugateGradient(
                AlsParams params, double[] gram, double lambda, int columns, float[] sources, CompressedRows ratings) {
            this.k = params.factors();
            this.gram = gram;
            this.steps = params.solver().cgSteps();
            this.sources = sources;
            this.rows = ratings.rows();
            this.rowStart = ratings.start();
            this.sourcePos = ratings.column();
            this.confidence = confidences(params, ratings);
            this.lambdas = rowLambdas(params, lambda, columns, ratings, confidence);
            this.r = new double[CG_CHUNK * k];
            this.d = new double[CG_CHUNK * k];
            this.q = new double[CG_CHUNK * k];
            this.xs = new double[CG_CHUNK * k];
            this.floatVector = new float[k];
            this.sparse = new float[k];
            int longest = ratings.longestRow();
            this.perRating = new float[SEGMENT];
            this.gathered = new float
                    [(int) Math.max((long) longest * k, Math.min(chunkValues(k), (long) sourcePos.length * k))];
        }

        /**
         * Chunks of consecutive rows, each up to CG_CHUNK rows and CG_CHUNK_VALUES gathered values
         * (at least one row): the sources of a chunk's ratings are copied once into contiguous
         * scratch, so the solve's passes over them (one per CG step, plus the first residual) read
         * cache, not memory scattered over the whole source matrix.
         */
        void solve(double[] x) {
            int first = 0;
            while (first < rows) {
                int n = 1;
                while (first + n < rows
                        && n < CG_CHUNK
                        && (long) (rowStart[first + n + 1] - rowStart[first]) * k <= chunkValues(k)) {
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
                    java.util.Arrays.fill(x, row * k, (row + 1) * k, Double.NaN); // see rowLambda
                }
            }
        }

        /**
         * out[at..) += sum over the row's ratings t of coefficient_t y_t, where coefficient_t is
         * (c_t - 1)(y_t . v) (the sparse part of A v) or, for the first residual, c_t - (c_t - 1)(y_t . v)
         * (b minus that part), in floats on the gathered sources. The float sums run over at most
         * SEGMENT ratings before they are added to out in double, so a row with many thousands of
         * ratings is no less accurate than a short one.
         */
        private void addRatings(int start, int end, int chunkFrom, double[] v, int at, double[] out, boolean residual) {
            if (start == end) {
                return;
            }
            Narrowing.toFloats(v, at, floatVector, 0, k);
            for (int from = start; from < end; from += SEGMENT) {
                int m = Math.min(SEGMENT, end - from);
                int y0 = (from - chunkFrom) * k;
                FloatProducts.dots(k, gathered, y0, m, floatVector, perRating);
                for (int j = 0; j < m; j++) {
                    perRating[j] = residual
                            ? FloatProducts.residualCoefficient(confidence[from + j], perRating[j])
                            : FloatProducts.productCoefficient(confidence[from + j], perRating[j]);
                }
                FloatProducts.combine(k, gathered, y0, m, perRating, sparse);
                for (int f = 0; f < k; f++) {
                    out[at + f] += sparse[f];
                }
            }
        }

        private void solveChunk(int first, int n) {
            // r = b - A x = sum (c - (c - 1) y.x) y - lambda x - G x: per row one pass over its ratings,
            // then R -= G X for the whole chunk.
            int from = rowStart[first];
            for (int j = 0; j < n; j++) {
                int at = j * k;
                double lambda = lambdas[first + j];
                for (int f = 0; f < k; f++) {
                    r[at + f] = -lambda * xs[at + f];
                }
                addRatings(rowStart[first + j], rowStart[first + j + 1], from, xs, at, r, true);
            }
            Blas.DEFAULT.dgemm("N", "N", k, n, k, -1.0, gram, k, xs, k, 1.0, r, k);
            for (int j = 0; j < n; j++) {
                int at = j * k;
                double s = Blas.JAVA.ddot(k, r, at, 1, r, at, 1);
                rr[j] = s;
                tolerance[j] = 1e-30 * s; // a residual this small has vanished: stop before 0 / 0
                active[j] = s > 0 && Double.isFinite(s);
                System.arraycopy(r, at, d, at, k);
            }
            for (int step = 0; step < steps; step++) {
                // q = G d (all rows at once), then + lambda d + sum (c - 1)(y . d) y per active row.
                Blas.DEFAULT.dgemm("N", "N", k, n, k, 1.0, gram, k, d, k, 0.0, q, k);
                boolean any = false;
                for (int j = 0; j < n; j++) {
                    if (!active[j]) {
                        continue;
                    }
                    int at = j * k;
                    Blas.JAVA.daxpy(k, lambdas[first + j], d, at, 1, q, at, 1);
                    addRatings(rowStart[first + j], rowStart[first + j + 1], from, d, at, q, false);
                    double pq = Blas.JAVA.ddot(k, d, at, 1, q, at, 1);
                    if (!(pq > 0) || !Double.isFinite(pq)) {
                        active[j] = false;
                        continue;
                    }
                    double stepSize = rr[j] / pq;
                    Blas.JAVA.daxpy(k, stepSize, d, at, 1, xs, at, 1);
                    Blas.JAVA.daxpy(k, -stepSize, q, at, 1, r, at, 1);
                    double rrNext = Blas.JAVA.ddot(k, r, at, 1, r, at, 1);
                    double beta = rrNext / rr[j];
                    for (int f = 0; f < k; f++) {
                        d[at + f] = r[at + f] + beta * d[at + f];
                    }
                    rr[j] = rrNext;
                    active[j] = rrNext > tolerance[j];
                    any |= active[j];
                }
                if (!any) {
                    break;
                }
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
        private final double lambda; // the side's base lambda
        private final int columns; // the source side's size (FREQUENCY scaling)
        private double rowLambda; // lambda_u of the row last gathered
        private final AlsParams params;
        private final double[] rowSources; // the row's source vectors, packed (k x m column-major)
        private final double[] confidence; // c_ui of each of the row's ratings
        private final double[] matrix;
        private final double[] rhs;
        private final Cholesky cholesky;

        RowSolver(AlsParams params, double[] gram, double lambda, int columns, int longestRow) {
            this.k = params.factors();
            this.gram = gram;
            this.lambda = lambda;
            this.columns = columns;
            this.params = params;
            this.rowSources = new double[Math.max(1, longestRow) * k];
            this.confidence = new double[Math.max(1, longestRow)];
            this.matrix = new double[k * k];
            this.rhs = new double[k];
            this.cholesky = new Cholesky(k);
        }

        /**
         * Gathers the ratings of a row: their source vectors (from {@code sources} at the ratings'
         * positions) into the packed scratch, their confidences, and b = sum c y into rhs; sets the row's
         * lambda_u. Returns the number of ratings m.
         */
        private int gather(double[] sources, CompressedRows ratings, int row) {
            int start = ratings.start()[row];
            int m = ratings.start()[row + 1] - start;
            java.util.Arrays.fill(rhs, 0.0);
            for (int j = 0; j < m; j++) {
                double c = params.objective().confidence(ratings.weight()[start + j]);
                confidence[j] = c;
                int from = ratings.column()[start + j] * k;
                int to = j * k;
                for (int f = 0; f < k; f++) {
                    double y = sources[from + f];
                    rowSources[to + f] = y;
                    rhs[f] += c * y;
                }
            }
            rowLambda = rowLambda(params, lambda, columns, ratings, row, confidence, 0);
            return m;
        }

        /** Replaces the row's vector in the packed x (at {@code row * k}) by the exact solution of its equations. */
        void solve(double[] sources, CompressedRows ratings, int row, double[] x) {
            int m = gather(sources, ratings, row);
            if (Double.isNaN(rowLambda)) {
                java.util.Arrays.fill(x, row * k, (row + 1) * k, Double.NaN); // see rowLambda
                return;
            }
            solveExact(m);
            System.arraycopy(rhs, 0, x, row * k, k);
        }

        /**
         * The same solve as {@link #solve} through G's eigenvectors and the Woodbury identity, for a row with
         * few ratings; false (x untouched) when the direct solve is cheaper for its length or the low-rank
         * solver declines (lambda_u not positive, G + lambda_u I too ill-conditioned). The solution, in G's
         * eigenvectors' coordinates, goes to {@code tilde} at {@code slot * k}.
         */
        boolean solveLowRank(LowRankSolver lowRank, CompressedRows ratings, int row, double[] tilde, int slot) {
            int m = ratings.start()[row + 1] - ratings.start()[row];
            if (!LowRankSolver.cheaper(k, m)) {
                return false;
            }
            gather(lowRank.basis().rotated(), ratings, row);
            if (Double.isNaN(rowLambda)) {
                return false; // the direct solve writes the NaN row
            }
            for (int j = 0; j < m; j++) {
                confidence[j] -= 1; // the weights d = c - 1 of the ratings' rank-one terms
            }
            if (!lowRank.solve(rowLambda, rowSources, confidence, m, rhs)) {
                return false;
            }
            System.arraycopy(rhs, 0, tilde, slot * k, k);
            return true;
        }

        /** A = G + sum (c - 1) y y^T + lambda_u I via one dsyrk on sqrt(c - 1) y; rhs becomes x. */
        private void solveExact(int m) {
            double lambda = rowLambda;
            for (int j = 0; j < m; j++) {
                double scale = Math.sqrt(confidence[j] - 1);
                int at = j * k;
                for (int f = 0; f < k; f++) {
                    rowSources[at + f] *= scale;
                }
            }
            System.arraycopy(gram, 0, matrix, 0, k * k);
            for (int f = 0; f < k; f++) {
                matrix[f * k + f] += lambda;
            }
            if (m > 0) {
                Blas.DEFAULT.dsyrk("U", "N", k, m, 1.0, rowSources, k, 1.0, matrix, k);
            }
            cholesky.solve(matrix, rhs, lambda > 0);
        }

        /** lambda_u ||x_u||^2 of the row (its ratings give lambda_u), without the rest of the loss. */
        double regularization(CompressedRows ratings, int row, double[] x) {
            int start = ratings.start()[row];
            int m = ratings.start()[row + 1] - start;
            for (int j = 0; j < m; j++) {
                confidence[j] = params.objective().confidence(ratings.weight()[start + j]);
            }
            double lambdaRow = rowLambda(params, lambda, columns, ratings, row, confidence, 0);
            double norm = 0;
            for (int f = 0; f < k; f++) {
                norm += x[row * k + f] * x[row * k + f];
            }
            return lambdaRow * norm;
        }
    }
}
