package org.wrmf.als;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.wrmf.linalg.Gram;
import org.wrmf.linalg.Narrowing;

/**
 * The same implicit ALS as {@link ImplicitAls}, on one machine, for problems small enough to live in one
 * JVM: inside a single Spark task on one thread (the grid search trains many such problems at once, one per
 * task), or on all of a JVM's cores ({@code threads}; each side's rows cut into parts of about equal work,
 * solved apart as the engine's blocks are). It reuses the engine's kernel ({@link AlsKernel}: Gram, Cholesky, CG or block descent
 * per row) and its seeded initial vectors, so it follows the distributed engine iteration by iteration,
 * up to the summation order of the Gram matrix.
 *
 * <p>Layout: the likes in compressed rows twice ({@link CompressedRows#of}), by user (item indices)
 * and by item (user indices), built as the engine builds its in-blocks; factors packed vector after
 * vector, so a side's factor array is exactly the kernel's "source matrix" for the other side and no
 * gathering is needed.
 */
public final class LocalImplicitAls implements AutoCloseable {
    /** Parts per thread a side's rows are cut into, so that a slow part does not leave threads idle. */
    private static final int PARTS_PER_THREAD = 4;

    private final AlsParams params;
    private final CompressedRows byUser;
    private final CompressedRows byItem;
    private final double[] users;
    private final double[] items;
    /** The training matrix's BM25 statistics under {@link Confidence.Bm25Weighted}, else null. */
    private final Bm25.Statistics bm25;

    /** Each side's rows in parts: bounds (row ranges) and the parts themselves; one part on one thread. */
    private final int[] userBounds;

    private final CompressedRows[] userParts;
    private final int[] itemBounds;
    private final CompressedRows[] itemParts;
    /** The threads parts run on; null on one thread. */
    private final ExecutorService pool;

    private final int threads;

    private int iterationsDone;

    /** Starts from the seeded initial factors of {@link ImplicitAls#initialize()}, on the calling thread. */
    public LocalImplicitAls(CompressedRows byUser, CompressedRows byItem, AlsParams params) {
        this(byUser, byItem, params, 1);
    }

    /**
     * Starts from the seeded initial factors of {@link ImplicitAls#initialize()}; each side's solve runs on
     * {@code threads} threads (1: the calling thread; then {@link #close()} has nothing to release).
     */
    public LocalImplicitAls(CompressedRows byUser, CompressedRows byItem, AlsParams params, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
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
        int parts = threads == 1 ? 1 : threads * PARTS_PER_THREAD;
        this.userBounds = byUser.balancedBounds(parts);
        this.userParts = slices(byUser, userBounds);
        this.itemBounds = byItem.balancedBounds(parts);
        this.itemParts = slices(byItem, itemBounds);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, LocalImplicitAls::solverThread);
        int k = params.factors();
        this.users = new double[byUser.rows() * k];
        this.items = new double[byItem.rows() * k];
        initialize();
    }

    /** The seeded initial factors of {@link ImplicitAls#initialize()}; the iteration count starts again. */
    public void initialize() {
        int k = params.factors();
        for (int u = 0; u < byUser.rows(); u++) {
            ImplicitAls.initialVector(params.solver().seed(), Side.USERS.seedStream(), u, users, u * k, k);
        }
        for (int i = 0; i < byItem.rows(); i++) {
            ImplicitAls.initialVector(params.solver().seed(), Side.ITEMS.seedStream(), i, items, i * k, k);
        }
        iterationsDone = 0;
    }

    /** Iterations run since construction, the last {@link #initialize()} or the last warm start. */
    public int iterationsDone() {
        return iterationsDone;
    }

    /**
     * Continues from given factors (packed as {@link #users()} and {@link #items()}, copied); the iteration
     * count starts again.
     */
    public void warmStart(double[] userFactors, double[] itemFactors) {
        if (userFactors.length != users.length || itemFactors.length != items.length) {
            throw new IllegalArgumentException("warm start of " + userFactors.length + " user and " + itemFactors.length
                    + " item values, expected " + users.length + " and " + items.length);
        }
        System.arraycopy(userFactors, 0, users, 0, users.length);
        System.arraycopy(itemFactors, 0, items, 0, items.length);
        iterationsDone = 0;
    }

    /**
     * Runs n full iterations (users, then items). A non-finite factor stops it with a
     * {@link NonFiniteFactorsException} naming the iteration.
     */
    public void iterate(int n) {
        int k = params.factors();
        for (int i = 0; i < n; i++) {
            iterationsDone++;
            solveSide(
                    userParts,
                    userBounds,
                    items,
                    users,
                    params.objective().regularizationUsers(),
                    byItem.rows(),
                    false);
            NonFiniteFactorsException.check(users, k, Side.USERS, iterationsDone, row -> row);
            solveSide(
                    itemParts,
                    itemBounds,
                    users,
                    items,
                    params.objective().regularizationItems(),
                    byUser.rows(),
                    false);
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
        solveSide(
                userParts, userBounds, items, finished, params.objective().regularizationUsers(), byItem.rows(), true);
        NonFiniteFactorsException.check(finished, params.factors(), Side.USERS, iterationsDone, row -> row);
        return finished;
    }

    /**
     * {@link #finishedUsers()} for the given user rows only, on the calling thread: their vectors packed in
     * the given order, equal to those rows of {@code finishedUsers()} (each row's solve is its own).
     */
    public double[] finishedUsers(int[] rows) {
        int k = params.factors();
        double[] finished = new double[rows.length * k];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(users, rows[j] * k, finished, j * k, k);
        }
        AlsKernel.solveFinal(
                params,
                gram(items),
                params.objective().regularizationUsers(),
                byItem.rows(),
                items,
                byUser.select(rows),
                finished);
        NonFiniteFactorsException.check(finished, k, Side.USERS, iterationsDone, row -> rows[row]);
        return finished;
    }

    private void solveSide(
            CompressedRows[] parts,
            int[] bounds,
            double[] sources,
            double[] destination,
            double lambda,
            int columns,
            boolean exact) {
        int k = params.factors();
        double[] gram = gram(sources);
        float[] floatSources = !exact && params.solver().method() == Solver.CG ? Narrowing.toFloats(sources) : null;
        if (parts.length == 1) {
            solvePart(parts[0], gram, lambda, columns, sources, floatSources, destination, exact);
            return;
        }
        List<Callable<Void>> work = new ArrayList<>(parts.length);
        for (int p = 0; p < parts.length; p++) {
            CompressedRows part = parts[p];
            int from = bounds[p] * k;
            int to = bounds[p + 1] * k;
            work.add(() -> {
                double[] x = java.util.Arrays.copyOfRange(destination, from, to);
                solvePart(part, gram, lambda, columns, sources, floatSources, x, exact);
                System.arraycopy(x, 0, destination, from, to - from);
                return null;
            });
        }
        runAll(work);
    }

    /**
     * G = Y^T Y of packed vectors: one dsyrk on one thread; on several, one dsyrk per thread over its share of
     * the vectors, summed (the same G up to the order of the sums).
     */
    private double[] gram(double[] sources) {
        int k = params.factors();
        int count = sources.length / k;
        if (pool == null || count < 2 * threads) {
            return Gram.ofPacked(sources, count, k);
        }
        double[][] parts = new double[threads][];
        List<Callable<Void>> work = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int part = t;
            work.add(() -> {
                double[] g = new double[k * k];
                Gram.addUpper(
                        sources,
                        (int) ((long) count * part / threads),
                        (int) ((long) count * (part + 1) / threads),
                        k,
                        g);
                parts[part] = g;
                return null;
            });
        }
        runAll(work);
        double[] gram = parts[0];
        for (int t = 1; t < threads; t++) {
            for (int i = 0; i < gram.length; i++) {
                gram[i] += parts[t][i];
            }
        }
        Gram.mirror(gram, k);
        return gram;
    }

    private void solvePart(
            CompressedRows part,
            double[] gram,
            double lambda,
            int columns,
            double[] sources,
            float[] floatSources,
            double[] x,
            boolean exact) {
        if (exact) {
            AlsKernel.solveFinal(params, gram, lambda, columns, sources, part, x);
        } else {
            AlsKernel.solveBlock(params, gram, lambda, columns, sources, floatSources, part, x);
        }
    }

    /** Runs the work on the threads, or on the calling thread when there is one thread. */
    private void runAll(List<Callable<Void>> work) {
        try {
            if (pool == null) {
                for (Callable<Void> part : work) {
                    part.call();
                }
                return;
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while solving", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompressedRows[] slices(CompressedRows rows, int[] bounds) {
        if (bounds.length == 2) {
            return new CompressedRows[] {rows};
        }
        CompressedRows[] parts = new CompressedRows[bounds.length - 1];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = rows.slice(bounds[p], bounds[p + 1]);
        }
        return parts;
    }

    private static Thread solverThread(Runnable task) {
        Thread thread = new Thread(task, "wrmf-local-solver");
        thread.setDaemon(true);
        return thread;
    }

    /** Stops the solver threads (none on one thread). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * The objective's parts ({@link Loss}) at the given users (normally {@link #finishedUsers()}) and the
     * current items, with the engine's kernel.
     */
    public Loss loss(double[] userFactors) {
        int k = params.factors();
        double[] gram = gram(items);
        double[][] partial = new double[userParts.length][];
        List<Callable<Void>> work = new ArrayList<>(userParts.length);
        for (int p = 0; p < userParts.length; p++) {
            int part = p;
            work.add(() -> {
                CompressedRows rows = userParts[part];
                double[] x = userParts.length == 1
                        ? userFactors
                        : java.util.Arrays.copyOfRange(userFactors, userBounds[part] * k, userBounds[part + 1] * k);
                double[] sums = new double[3];
                AlsKernel.addLoss(
                        params, gram, params.objective().regularizationUsers(), byItem.rows(), items, rows, x, sums);
                partial[part] = sums;
                return null;
            });
        }
        runAll(work);
        double[] parts = new double[3];
        for (double[] sums : partial) {
            for (int j = 0; j < 3; j++) {
                parts[j] += sums[j];
            }
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
