package org.wrmf.als;

import org.wrmf.linalg.Gram;

/**
 * The same implicit ALS as {@link ImplicitAls}, on one machine and one thread, for problems small
 * enough to live inside a single Spark task (the grid search then trains many such problems at once,
 * one per task). It reuses the engine's kernel ({@link AlsKernel}: Gram, Cholesky, CG or block descent
 * per row) and its seeded initial vectors, so it follows the distributed engine iteration by iteration,
 * up to the summation order of the Gram matrix.
 *
 * <p>Layout: the likes in compressed rows twice ({@link CompressedRows#of}), by user (item indices)
 * and by item (user indices), built as the engine builds its in-blocks; factors packed vector after
 * vector, so a side's factor array is exactly the kernel's "source matrix" for the other side and no
 * gathering is needed.
 */
public final class LocalImplicitAls {
    private final AlsParams params;
    private final CompressedRows byUser;
    private final CompressedRows byItem;
    private final double[] users;
    private final double[] items;
    /** The training matrix's BM25 statistics under {@link Confidence.Bm25Weighted}, else null. */
    private final Bm25.Statistics bm25;

    private int iterationsDone;

    /** Starts from the seeded initial factors of {@link ImplicitAls#initialize()}. */
    public LocalImplicitAls(CompressedRows byUser, CompressedRows byItem, AlsParams params) {
        this.params = params;
        if (params.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            Bm25.WeightedRows weighted = Bm25.weigh(byUser, byItem, form);
            byUser = weighted.byUser();
            byItem = weighted.byItem();
            this.bm25 = weighted.statistics();
        } else {
            this.bm25 = null;
        }
        this.byUser = byUser;
        this.byItem = byItem;
        int k = params.factors();
        this.users = new double[byUser.rows() * k];
        this.items = new double[byItem.rows() * k];
        for (int u = 0; u < byUser.rows(); u++) {
            ImplicitAls.initialVector(params.solver().seed(), Side.USERS.seedStream(), u, users, u * k, k);
        }
        for (int i = 0; i < byItem.rows(); i++) {
            ImplicitAls.initialVector(params.solver().seed(), Side.ITEMS.seedStream(), i, items, i * k, k);
        }
    }

    /**
     * Runs n full iterations (users, then items). A non-finite factor stops it with a
     * {@link NonFiniteFactorsException} naming the iteration.
     */
    public void iterate(int n) {
        int k = params.factors();
        for (int i = 0; i < n; i++) {
            iterationsDone++;
            solveSide(byUser, items, users, params.objective().regularizationUsers(), byItem.rows(), false);
            NonFiniteFactorsException.check(users, k, Side.USERS, iterationsDone, row -> row);
            solveSide(byItem, users, items, params.objective().regularizationItems(), byUser.rows(), false);
            NonFiniteFactorsException.check(items, k, Side.ITEMS, iterationsDone, row -> row);
        }
    }

    /**
     * The users solved once more against the current items ({@link AlsParams#finalSolve()}: exactly, or
     * by CG to a tight tolerance from the current users), as {@link ImplicitAls#model()}
     * returns them (a new array; the training state is left as it is, so iterating on is unchanged).
     */
    public double[] finishedUsers() {
        double[] finished = users.clone();
        solveSide(byUser, items, finished, params.objective().regularizationUsers(), byItem.rows(), true);
        NonFiniteFactorsException.check(finished, params.factors(), Side.USERS, iterationsDone, row -> row);
        return finished;
    }

    private void solveSide(
            CompressedRows rows, double[] sources, double[] destination, double lambda, int columns, boolean exact) {
        int k = params.factors();
        double[] gram = Gram.ofPacked(sources, sources.length / k, k);
        if (exact) {
            AlsKernel.solveFinal(params, gram, lambda, columns, sources, rows, destination);
        } else {
            AlsKernel.solveBlock(params, gram, lambda, columns, sources, rows, destination);
        }
    }

    /**
     * The objective's parts ({@link Loss}) at the given users (normally {@link #finishedUsers()}) and the
     * current items, with the engine's kernel.
     */
    public Loss loss(double[] userFactors) {
        int k = params.factors();
        double[] gram = Gram.ofPacked(items, byItem.rows(), k);
        AlsKernel.RowSolver userKernel = new AlsKernel.RowSolver(
                params, gram, params.objective().regularizationUsers(), byItem.rows(), byUser.longestRow());
        double[] parts = new double[3];
        for (int u = 0; u < byUser.rows(); u++) {
            userKernel.loss(items, byUser, u, userFactors, parts);
        }
        AlsKernel.RowSolver itemKernel = new AlsKernel.RowSolver(
                params, null, params.objective().regularizationItems(), byUser.rows(), byItem.longestRow());
        for (int i = 0; i < byItem.rows(); i++) {
            parts[2] += itemKernel.regularization(byItem, i, items);
        }
        return new Loss(parts[0], parts[1], parts[2]);
    }

    /**
     * User factors of the training state, packed (rank doubles per user, by index); a live view, not a
     * copy. They lag the items by a half-iteration: {@link #finishedUsers()} is the consistent model's.
     */
    public double[] users() {
        return users;
    }

    /** As {@link ImplicitAls#bm25()}: the statistics the likes were weighted with, null unless BM25. */
    public Bm25.Statistics bm25() {
        return bm25;
    }

    /** Item factors, packed; a live view, not a copy. */
    public double[] items() {
        return items;
    }
}
