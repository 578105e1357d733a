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
 * Folding in users the model was not trained on: each one's factors are the exact user half-iteration
 * against the fixed item factors, x_u = (G + sum (c - 1) y y^T + lambda I)^-1 sum c y, one k x k system
 * per user. The solve is the kernel's own ({@link AlsKernel#solveBlock} with the Cholesky solver), so
 * whatever the training does to a user's row (confidence form, regularization) fold-in does too. Under
 * {@link Confidence.Bm25Weighted} the user's likes are first weighted as training weighted a trained user's:
 * with the training matrix's {@link Bm25.Statistics} (N, avg_len, idf) and the user's own row length.
 *
 * <p>Distributed over users: the item factors, packed, and G = Y^T Y, computed once on the driver, are
 * broadcast; each partition of users builds its compressed rows (columns: item indices into the packed
 * items) and solves them as one block. A user with no like gets no row in the result: it has no
 * evidence, and a zero vector would pass for one.
 */
public final class FoldIn {
    private FoldIn() {}

    /** Item factors packed by dense index (missing indices are zero vectors), and their Gram matrix. */
    public record FixedItems(int rank, int count, double[] factors, double[] gram) implements Serializable {

        /** Packs an item factor RDD (dense index, vector) on the driver. */
        public static FixedItems of(JavaPairRDD<Integer, double[]> items, int rank) {
            List<Tuple2<Integer, double[]>> all = items.collect();
            int count = 0;
            for (Tuple2<Integer, double[]> item : all) {
                count = Math.max(count, item._1() + 1);
            }
            double[] packed = new double[count * rank];
            for (Tuple2<Integer, double[]> item : all) {
                System.arraycopy(item._2(), 0, packed, item._1() * rank, rank);
            }
            return of(packed, count, rank);
        }

        /** Items already packed (count vectors of rank doubles); G is computed here. */
        public static FixedItems of(double[] packed, int count, int rank) {
            return new FixedItems(rank, count, packed, Gram.ofPacked(packed, count, rank));
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
            JavaRDD<Rating> likes, FixedItems items, AlsParams params, Bm25.Statistics bm25, int partitions) {
        check(items, params, bm25);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(likes.context());
        Broadcast<FixedItems> shared = jsc.broadcast(items);
        Broadcast<Bm25.Statistics> statistics = bm25 == null ? null : jsc.broadcast(bm25);
        AlsParams exact = params.withSolver(params.solver().withMethod(Solver.CHOLESKY));
        return likes.mapToPair(like -> new Tuple2<>(like.user(), like))
                .partitionBy(new HashPartitioner(Math.max(1, partitions)))
                .mapPartitionsToPair(
                        it -> {
                            List<Rating> partition = new ArrayList<>();
                            it.forEachRemaining(t -> partition.add(t._2()));
                            return solveLocal(
                                            partition,
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
            List<Rating> likes, FixedItems items, AlsParams params, Bm25.Statistics bm25) {
        check(items, params, bm25);
        Map<Integer, Integer> local = new HashMap<>();
        List<Integer> users = new ArrayList<>();
        List<Rating> rows = new ArrayList<>(likes.size());
        for (Rating like : likes) {
            if (like.item() < 0 || like.item() >= items.count()) {
                throw new IllegalArgumentException(
                        "item " + like.item() + " has no factors (the model has " + items.count() + " items)");
            }
            Integer row = local.get(like.user());
            if (row == null) {
                row = users.size();
                local.put(like.user(), row);
                users.add(like.user());
            }
            rows.add(new Rating(row, like.item(), like.weight()));
        }
        if (users.isEmpty()) {
            return List.of();
        }
        CompressedRows byUser = CompressedRows.of(rows, users.size(), Side.USERS);
        if (params.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            byUser = bm25.weighUsers(byUser, form);
        }
        int k = items.rank();
        double[] x = new double[users.size() * k];
        AlsKernel.solveBlock(
                params.withSolver(params.solver().withMethod(Solver.CHOLESKY)),
                items.gram(),
                params.objective().regularizationUsers(),
                items.count(),
                items.factors(),
                byUser,
                x);
        List<Tuple2<Integer, double[]>> out = new ArrayList<>(users.size());
        for (int r = 0; r < users.size(); r++) {
            out.add(new Tuple2<>(users.get(r), java.util.Arrays.copyOfRange(x, r * k, (r + 1) * k)));
        }
        return out;
    }

    private static void check(FixedItems items, AlsParams params, Bm25.Statistics bm25) {
        if (items.rank() != params.factors()) {
            throw new IllegalArgumentException(
                    "the item factors have rank " + items.rank() + ", the parameters " + params.factors());
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
