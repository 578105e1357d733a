package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.wrmf.linalg.Gram;

/**
 * The same implicit ALS as {@link ImplicitAls}, on one machine and one thread, for problems small
 * enough to live inside a single Spark task (the grid search then trains many such problems at once,
 * one per task). It reuses the engine's kernel ({@link AlsKernel}: Gram, Cholesky or CG per row) and
 * its seeded initial vectors, so it follows the distributed engine iteration by iteration, up to the
 * summation order of the Gram matrix.
 *
 * <p>Layout: the likes in compressed rows twice, by user (item indices) and by item (user indices),
 * repeated pairs summed; factors packed vector after vector, so a side's factor array is exactly the
 * kernel's "source matrix" for the other side and no gathering is needed.
 */
public final class LocalImplicitAls {
    private final AlsParams params;
    private final Rows byUser;
    private final Rows byItem;
    private final double[] users;
    private final double[] items;

    /** Likes in compressed rows: row r's columns and weights are at [start[r], start[r + 1]). */
    public record Rows(int[] start, int[] column, float[] weight) implements Serializable {

        /** Groups likes by row (user when byUser, else item), summing repeated pairs. */
        public static Rows of(List<Rating> likes, int rows, boolean byUser) {
            long[] keys = new long[likes.size()];
            for (int j = 0; j < keys.length; j++) {
                Rating r = likes.get(j);
                long row = byUser ? r.user() : r.item();
                long column = byUser ? r.item() : r.user();
                keys[j] = row << 32 | column;
            }
            Integer[] order = new Integer[keys.length];
            Arrays.setAll(order, j -> j);
            Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
            int[] start = new int[rows + 1];
            int[] column = new int[keys.length];
            float[] weight = new float[keys.length];
            int n = 0;
            long previous = -1;
            for (int j : order) {
                if (keys[j] == previous) {
                    weight[n - 1] += likes.get(j).weight();
                    continue;
                }
                previous = keys[j];
                int row = (int) (keys[j] >>> 32);
                start[row + 1]++;
                column[n] = (int) keys[j];
                weight[n] = likes.get(j).weight();
                n++;
            }
            for (int r = 0; r < rows; r++) {
                start[r + 1] += start[r];
            }
            return new Rows(start, Arrays.copyOf(column, n), Arrays.copyOf(weight, n));
        }

        int rows() {
            return start.length - 1;
        }
    }

    /** Starts from the seeded initial factors of {@link ImplicitAls#initialize()}. */
    public LocalImplicitAls(Rows byUser, Rows byItem, AlsParams params) {
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

    private void solveSide(Rows rows, double[] sources, double[] destination, double lambda) {
        int k = params.factors();
        double[] gram = Gram.ofPacked(sources, sources.length / k, k);
        AlsKernel.solveBlock(k, gram, lambda, params, sources, rows.start, rows.column, rows.weight, rows.rows(),
                destination);
    }

    /** User factors, packed (rank doubles per user, by index); a live view, not a copy. */
    public double[] users() {
        return users;
    }

    /** Item factors, packed; a live view, not a copy. */
    public double[] items() {
        return items;
    }

    public AlsParams params() {
        return params;
    }
}
