package org.wrmf.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wrmf.linalg.Gram;
import scala.Tuple2;

/**
 * Folding in rows the model was not trained on, on either side: each new user's factors are the exact
 * user half-iteration against the fixed item factors, x_u = (G + sum (c - 1) y y^T + lambda_u I)^-1 sum c y,
 * one k x k system per user; a new item's are the item half-iteration against fixed user factors, the
 * same solve with the sides swapped (G = X^T X, lambda_i). The solve is the kernel's own
 * ({@link AlsKernel#solveBlock} with the Cholesky solver), so whatever the training does to a row
 * (confidence form, regularization) fold-in does too. Under {@link Confidence.Bm25Weighted} a user's
 * likes are first weighted as training weighted a trained user's: with the training matrix's
 * {@link Bm25.Statistics} (N, avg_len, idf) and the user's own row length. BM25 weighs user rows, so an
 * item is folded in from likes already weighted ({@link Bm25#weigh}) with the linear confidence of the
 * same alpha (BM25's c = 1 + alpha w).
 *
 * <p>Distributed over the rows: the fixed side's factors, packed, and their Gram matrix, computed once
 * on the driver, are broadcast; each partition of rows builds its compressed rows (columns: indices
 * into the packed factors) and solves them as one block. A row with no like gets no result: it has no
 * evidence, and a zero vector would pass for one.
 */
public final class FoldIn {
    private FoldIn() {}

    /**
     * The fixed side's factors packed by dense index (missing indices are zero vectors: they add nothing
     * to G nor to any row), and their Gram matrix. {@code count} is the side's number of indices, the
     * columns a folded-in row's lambda may scale with.
     */
    public record FixedFactors(int rank, int count, double[] factors, double[] gram) implements Serializable {

        /** Packs a factor RDD (dense index, vector) on the driver; the count is the largest index + 1. */
        public static FixedFactors of(JavaPairRDD<Integer, double[]> factors, int rank) {
            return of(factors, rank, 0);
        }

        /**
         * Packs a factor RDD (dense index, vector) on the driver, over at least {@code count} indices (the
         * side's size when its last indices have no vector).
         */
        public static FixedFactors of(JavaPairRDD<Integer, double[]> factors, int rank, int count) {
            PackedFactors.Rows rows = PackedFactors.Rows.collect(factors, rank);
            double[] packed = rows.values();
            if (rows.count(rank) < count) {
                packed = java.util.Arrays.copyOf(packed, count * rank);
            }
            return of(packed, Math.max(count, rows.count(rank)), rank);
        }

        /** Factors already packed (count vectors of rank doubles); G is computed here. */
        public static FixedFactors of(double[] packed, int count, int rank) {
            return new FixedFactors(rank, count, packed, Gram.ofPacked(packed, count, rank));
        }
    }

    /**
     * Folds in the users of {@code likes} (user: any int key, item: a dense index of {@code items}).
     *
     * @param params the run's parameters: only the objective is used; the solve is always exact
     *               (Cholesky), whatever the solver settings say
     * @param bm25   the training's BM25 statistics when params' confidence is BM25, else null
     */
    public static JavaPairRDD<Integer, double[]> solve(
            JavaRDD<Rating> likes, FixedFactors items, AlsParams params, Bm25.Statistics bm25, int partitions) {
        return solve(likes, Side.USERS, items, params, bm25, partitions);
    }

    /**
     * Folds in the rows of {@code side} of {@code likes} (users: any int user key, items dense indices of
     * {@code fixed}; items: any int item key, users dense indices of {@code fixed}).
     *
     * @param side   USERS: a user's row is solved with the users' lambda against fixed items; ITEMS: an item's
     *               row with the items' lambda against fixed users (BM25 objectives refused: weigh the likes
     *               first and fold in with the linear confidence of the same alpha)
     * @param params the run's parameters: only the objective is used; the solve is always exact
     *               (Cholesky), whatever the solver settings say
     * @param bm25   users only: the training's BM25 statistics when params' confidence is BM25, else null
     */
    public static JavaPairRDD<Integer, double[]> solve(
            JavaRDD<Rating> likes,
            Side side,
            FixedFactors fixed,
            AlsParams params,
            Bm25.Statistics bm25,
            int partitions) {
        check(side, fixed, params, bm25);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(likes.context());
        Broadcast<FixedFactors> shared = jsc.broadcast(fixed);
        Broadcast<Bm25.Statistics> statistics = bm25 == null ? null : jsc.broadcast(bm25);
        AlsParams exact = params.withSolver(params.solver().withMethod(Solver.CHOLESKY));
        return likes.mapToPair(like -> new Tuple2<>(side.rowOf(like), like))
                .partitionBy(new HashPartitioner(Math.max(1, partitions)))
                .mapPartitionsToPair(
                        it -> {
                            List<Rating> partition = new ArrayList<>();
                            it.forEachRemaining(t -> partition.add(t._2()));
                            return solveLocal(
                                            partition,
                                            side,
                                            shared.value(),
                                            exact,
                                            statistics == null ? null : statistics.value())
                                    .iterator();
                        },
                        true);
    }

    /**
     * The same solve in memory, for a group of users' likes (one Spark partition, or a grid point
     * trained inside one task): each distinct user of the likes, all its likes among them, gets its factors.
     */
    public static List<Tuple2<Integer, double[]>> solveLocal(
            List<Rating> likes, FixedFactors items, AlsParams params, Bm25.Statistics bm25) {
        return solveLocal(likes, Side.USERS, items, params, bm25);
    }

    /**
     * The same solve in memory on either side: each distinct row of {@code side} among the likes, all its
     * likes among them, gets its factors, solved against {@code fixed} (the other side's).
     */
    public static List<Tuple2<Integer, double[]>> solveLocal(
            List<Rating> likes, Side side, FixedFactors fixed, AlsParams params, Bm25.Statistics bm25) {
        check(side, fixed, params, bm25);
        Side other = side == Side.USERS ? Side.ITEMS : Side.USERS;
        Map<Integer, Integer> local = new HashMap<>();
        List<Integer> keys = new ArrayList<>();
        List<Rating> rows = new ArrayList<>(likes.size());
        for (Rating like : likes) {
            int source = side.sourceOf(like);
            if (source < 0 || source >= fixed.count()) {
                throw new IllegalArgumentException(other.row() + " " + source + " has no factors (the model has "
                        + fixed.count() + " " + other.row() + "s)");
            }
            Integer row = local.get(side.rowOf(like));
            if (row == null) {
                row = keys.size();
                local.put(side.rowOf(like), row);
                keys.add(side.rowOf(like));
            }
            rows.add(new Rating(row, source, like.weight())); // (row, source): the kernel's view of either side
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        CompressedRows byRow = CompressedRows.of(rows, keys.size(), Side.USERS);
        if (params.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            byRow = bm25.weighUsers(byRow, form);
        }
        int k = fixed.rank();
        double[] x = new double[keys.size() * k];
        AlsKernel.solveBlock(
                params.withSolver(params.solver().withMethod(Solver.CHOLESKY)),
                fixed.gram(),
                side == Side.USERS
                        ? params.objective().regularizationUsers()
                        : params.objective().regularizationItems(),
                fixed.count(),
                fixed.factors(),
                byRow,
                x);
        List<Tuple2<Integer, double[]>> out = new ArrayList<>(keys.size());
        for (int r = 0; r < keys.size(); r++) {
            out.add(new Tuple2<>(keys.get(r), java.util.Arrays.copyOfRange(x, r * k, (r + 1) * k)));
        }
        return out;
    }

    /**
     * {@link #solveLocal} on {@code threads} threads (of the common fork-join pool and the caller): the rows are
     * split by index, each part solved alone, so each row gets the same solve as in one call.
     */
    public static List<Tuple2<Integer, double[]>> solveLocal(
            List<Rating> likes, Side side, FixedFactors fixed, AlsParams params, Bm25.Statistics bm25, int threads) {
        if (threads <= 1) {
            return solveLocal(likes, side, fixed, params, bm25);
        }
        List<List<Rating>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            parts.add(new ArrayList<>(likes.size() / threads + 1));
        }
        for (Rating like : likes) {
            parts.get(Math.floorMod(side.rowOf(like), threads)).add(like);
        }
        List<Tuple2<Integer, double[]>> solved = new ArrayList<>();
        parts.parallelStream()
                .map(part -> solveLocal(part, side, fixed, params, bm25))
                .toList()
                .forEach(solved::addAll);
        return solved;
    }

    private static void check(Side side, FixedFactors items, AlsParams params, Bm25.Statistics bm25) {
        if (items.rank() != params.factors()) {
            throw new IllegalArgumentException(
                    "the fixed factors have rank " + items.rank() + ", the parameters " + params.factors());
        }
        if (side == Side.ITEMS && params.objective().bm25()) {
            throw new IllegalArgumentException("BM25 weighs user rows: fold items in from likes already weighted"
                    + " (Bm25.weigh), with the linear confidence of the same alpha");
        }
        if ((params.objective().bm25()) != (bm25 != null)) {
            throw new IllegalArgumentException("BM25 statistics are needed with, and only with, confidence BM25;"
                    + " confidence " + params.objective().confidence().form() + ", statistics "
                    + (bm25 == null ? "none" : "given"));
        }
        if (bm25 != null && bm25.items() != items.count()) {
            throw new IllegalArgumentException(
                    "the BM25 statistics have " + bm25.items() + " items, the item factors " + items.count());
        }
    }
}
