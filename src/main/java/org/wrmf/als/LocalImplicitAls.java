package org.wrmf.als;

import org.wrmf.linalg.Gram;

/**
 * The same implicit ALS as {@link ImplicitAls}, on one machine and one thread, for problems small
 * enough to live inside a single Spark task (the grid search then trains many such problems at once,
 * one per task). It reuses the engine's kernel ({@link AlsKernel}: Gram, Cholesky or CG per row) and
 * its seeded initial vectors, so it follows the distributed engine iteration by iteration, up to the
 * summation order of the Gram matrix.
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

    /** Starts from the seeded initial factors of {@link ImplicitAls#initialize()}. */
    public LocalImplicitAls(CompressedRows byUser, CompressedRows byItem, AlsParams params) {
        this.params = params;
        this.byUser = byUser;
        this.byItem = byItem;
        int k = params.factors();
        this.users = new double[byUser.rows() * k];
        this.items = new double[byItem.rows() * k];
        for (int u = 0; u < byUser.rows(); u++) {
            ImplicitAls.initialVector(params.seed(), 0, u, users, u * k, k);
        }
        for (int i = 0; i < byItem.rows(); i++) {
            ImplicitAls.initialVector(params.seed(), 1, i, items, i * k, k);
        }
    }

    /** Runs n full iterations (users, then items). */
    public void iterate(int n) {
        for (int i = 0; i < n; i++) {
            solveSide(byUser, items, users, params.regUsers());
            solveSide(byItem, users, items, params.regItems());
        }
    }

    private void solveSide(CompressedRows rows, double[] sources, double[] destination, double lambda) {
        int k = params.factors();
        AlsKernel.solveBlock(params, Gram.ofPacked(sources, sources.length / k, k), lambda, sources, rows, destination);
    }

    /** User factors, packed (rank doubles per user, by index); a live view, not a copy. */
    public double[] users() {
        return users;
    }

    /** Item factors, packed; a live view, not a copy. */
    public double[] items() {
        return items;
    }
}
