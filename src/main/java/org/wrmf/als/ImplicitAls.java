package org.wrmf.als;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.linalg.Blas;
import org.wrmf.linalg.Gram;
import org.wrmf.linalg.Narrowing;
import scala.Tuple2;

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008) on Spark RDDs, block-partitioned.
 *
 * <h2>Block layout</h2>
 * Users and items are each split into {@code blocks} blocks round-robin ({@link BlockLayout}: index i
 * is in block {@code i % blocks} at local index {@code i / blocks}); block b is partition b of every
 * RDD below, all sharing one {@link HashPartitioner}, so joins between them are narrow.
 * <ul>
 *   <li><b>Factors</b>: {@code (block, double[])}, the block's factors packed vector after vector in
 *   local-index order. One object per block, not per user, is what Spark caches and ships.</li>
 *   <li><b>In-blocks</b> ({@link InBlock}), one per destination block and side: the block's ratings in
 *   compressed rows, each rating pointing at a position in the block's gathered source matrix.</li>
 *   <li><b>Out-blocks</b> ({@link OutBlock}), one per source block and side: for each destination
 *   block, the local indices of the source factors its ratings use.</li>
 * </ul>
 * In- and out-blocks are built once ({@link BlockBuilder}) and cached for the engine's life.
 *
 * <h2>A half-iteration (solving users; items are the mirror image)</h2>
 * <ol>
 *   <li>Ship: item factors join their out-blocks (narrow) and each item block sends each user block one
 *   {@link FactorMessage}: exactly the factors that block's ratings use (a factor travels at most once
 *   per user block, however many of its users rated it) and the item block's share of the Gram matrix
 *   (one dsyrk over the block). This is the half-iteration's only shuffle.</li>
 *   <li>Gram: each user block sums the shares in item-block order into G = Y^T Y. Shipping k x k per
 *   pair of blocks costs little next to the factors, and spares a driver job per half-iteration.
 *   Items nobody rated count in G like any other: every item is an unobserved cell for every user.</li>
 *   <li>Solve: user in-blocks cogroup the messages and the current user factors (narrow for the two
 *   cached sides); per block the messages are laid out as the gathered source matrix and every row is
 *   solved by {@link AlsKernel}: A_u = G + sum (c - 1) y y^T + lambda I, b_u = sum c y, C never
 *   materialised, either exactly (Cholesky), by a few CG steps or by sweeps of block coordinate descent
 *   ({@link Solver#BLOCK}), the last two warm-started at the current x_u. Users with no rating get
 *   x_u = 0 (Cholesky: b_u = 0) or their relaxed start.</li>
 *   <li>Both sides' new factors are cached and the previous ones unpersisted. One action per iteration
 *   ends on the new items' shipment, so the stage that solves the items also writes what the next
 *   iteration's users read: an iteration is one job of two working stages (solve and ship the users,
 *   solve and ship the items). Every {@code checkpointInterval} iterations they are checkpointed
 *   (reliably when the SparkContext has a checkpoint directory, else locally) so the lineage, which
 *   tasks serialise recursively, stays short.</li>
 * </ol>
 *
 * <h2>Objective</h2>
 * sum over all (u, i) of c_ui (p_ui - x_u.y_i)^2 + sum_u lambda_u ||x_u||^2 + sum_i lambda_i ||y_i||^2,
 * lambda_u = regularizationUsers and lambda_i = regularizationItems under the notebook's CONSTANT scaling (unlike Spark MLlib,
 * not multiplied by each row's rating count), else scaled per row ({@link RegularizationScaling}).
 * With lambda = 0, where A_u can be singular (fewer sources than factors), the exact solver adds a
 * vanishing ridge, which tends to the minimum-norm solution (see {@link org.wrmf.linalg.Cholesky});
 * factors stay bounded.
 *
 * <p>Not thread-safe: one instance per training run (grid points each use their own).
 */
public final class ImplicitAls implements AlsTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ImplicitAls.class);

    private final JavaSparkContext jsc;
    private final AlsParams params;
    private final int numUsers;
    private final int numItems;
    private final Partitioner partitioner;
    private final JavaPairRDD<Integer, InBlock> userInBlocks;
    private final JavaPairRDD<Integer, OutBlock> userOutBlocks;
    private final JavaPairRDD<Integer, InBlock> itemInBlocks;
    private final JavaPairRDD<Integer, OutBlock> itemOutBlocks;
    /** The training matrix's BM25 statistics under {@link Confidence.Bm25Weighted}, else null. */
    private final Bm25.Statistics bm25;

    private JavaPairRDD<Integer, double[]> userFactors;
    private JavaPairRDD<Integer, double[]> itemFactors;
    /**
     * The current item factors shipped to the user blocks: a shuffled RDD whose map side already ran
     * in the job that computed the items, so the next iteration starts reading it at once.
     */
    private JavaPairRDD<Integer, FactorMessage> itemMessages;

    private int iterationsDone;
    /**
     * The users solved exactly against the current items (null until {@link #model()} asks for them,
     * dropped when the items change), and the double-precision item shipment they were solved from.
     */
    private JavaPairRDD<Integer, double[]> finishedUsers;

    private JavaPairRDD<Integer, FactorMessage> finishedMessages;
    /** Factors reliably checkpointed by this engine: their files are deleted on close(). */
    private final List<JavaPairRDD<Integer, double[]>> checkpointed = new ArrayList<>();

    /**
     * Builds and caches the in- and out-blocks of both sides (the ratings are read twice, so cache
     * them first if they are expensive to compute).
     *
     * @param ratings  likes with dense indices in 0..numUsers-1 and 0..numItems-1, weight d >= 0;
     *                 repeated pairs are summed (and, for {@link Confidence.Bm25Weighted}, then weighted by
     *                 {@link Bm25} before the blocks are built)
     * @param numUsers every index below it gets a factor, with or without ratings
     * @param numItems likewise for items
     */
    public ImplicitAls(JavaRDD<Rating> ratings, int numUsers, int numItems, AlsParams params) {
        requireBothSides(numUsers, numItems);
        this.jsc = JavaSparkContext.fromSparkContext(ratings.context());
        this.params = params;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.partitioner = new HashPartitioner(params.solver().blocks());
        if (params.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            Bm25.Weighted weighted = Bm25.weigh(ratings, numUsers, numItems, form);
            ratings = weighted.likes();
            this.bm25 = weighted.statistics();
        } else {
            this.bm25 = null;
        }
        BlockBuilder.SideBlocks users = BlockBuilder.build(
                jsc, ratings, Side.USERS, numUsers, numItems, params.solver().blocks(), partitioner);
        BlockBuilder.SideBlocks items = BlockBuilder.build(
                jsc, ratings, Side.ITEMS, numUsers, numItems, params.solver().blocks(), partitioner);
        this.userInBlocks = cache(users.inBlocks(), "als user in-blocks");
        this.itemOutBlocks = cache(users.sourceOutBlocks(), "als item out-blocks");
        this.itemInBlocks = cache(items.inBlocks(), "als item in-blocks");
        this.userOutBlocks = cache(items.sourceOutBlocks(), "als user out-blocks");
        if (params.objective().bm25()) {
            userInBlocks.count(); // built from the weighted likes: those are no longer needed
            itemInBlocks.count();
            ratings.unpersist(false);
        }
        LOG.info(
                "ALS blocks built: {} users x {} items in {} blocks per side, rank {}, {} solver; {}",
                numUsers,
                numItems,
                params.solver().blocks(),
                params.factors(),
                params.solver().method(),
                Blas.describe());
        if (Blas.isNative() && !"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
            // Measured 4x slower at rank 128 on 2 cores: BLAS threads fight Spark's one task per core.
            LOG.warn("Native BLAS without OPENBLAS_NUM_THREADS=1: its threads compete with Spark's tasks; set it "
                    + "in the environment (spark.executorEnv.OPENBLAS_NUM_THREADS=1 on a cluster)");
        }
    }

    /** Both engines' check of the problem's shape: at least one user and one item. */
    static void requireBothSides(int numUsers, int numItems) {
        if (numUsers < 1 || numItems < 1) {
            throw new IllegalArgumentException(
                    "need at least one user and one item, got " + numUsers + " x " + numItems);
        }
    }

    /** Iterations run since the last initialize() or warmStart(). */
    @Override
    public int iterationsDone() {
        return iterationsDone;
    }

    /**
     * Random initial factors, each vector drawn from a generator seeded by (seed, side, index), hence
     * the same for any number of blocks: N(0, 1) entries scaled by 0.1 / sqrt(k). Spark MLlib scales
     * each Gaussian row to unit length instead; on MovieLens-100K (count scaling as MLlib's, 8 seeds) that
     * moved the mean p@5 and NDCG@10 by less than a third of the seeds' spread and the final loss by
     * 0.005%, so ours stays.
     */
    @Override
    public void initialize() {
        replaceFactors(
                materialise(cache(initialFactors(userInBlocks, Side.USERS), "als initial user factors"), false),
                materialise(cache(initialFactors(itemInBlocks, Side.ITEMS), "als initial item factors"), false));
        iterationsDone = 0;
    }

    /**
     * Continues from the given factors (learning curves train on from where they were). Indices the
     * model lacks get the seeded initial vector of {@link #initialize()}.
     */
    @Override
    public void warmStart(FactorModel model) {
        if (model.rank() != params.factors()) {
            throw new IllegalArgumentException("model rank " + model.rank() + " != factors " + params.factors());
        }
        replaceFactors(
                materialise(
                        cache(givenFactors(userInBlocks, model.users(), Side.USERS), "als given user factors"), false),
                materialise(
                        cache(givenFactors(itemInBlocks, model.items(), Side.ITEMS), "als given item factors"), false));
        iterationsDone = 0;
    }

    /** From factors in the driver's memory, as RDDs of the rows given ({@link PackedFactors#toModel}). */
    @Override
    public void warmStart(PackedFactors factors) {
        warmStart(factors.toModel(jsc, partitioner.numPartitions()));
    }

    /**
     * Runs n full iterations (users, then items); {@code iterate(a); iterate(b)} equals {@code iterate(a + b)}.
     * One Spark job per iteration, of two stages: solve the users and ship them; solve the items and
     * ship them for the next iteration (plus an empty stage that only ends the job on the shipped items).
     */
    @Override
    public void iterate(int n) {
        requireFactors();
        for (int i = 0; i < n; i++) {
            iterationsDone++;
            boolean checkpoint = params.solver().checkpointInterval() > 0
                    && iterationsDone % params.solver().checkpointInterval() == 0;
            if (itemMessages == null) {
                itemMessages = ship(itemFactors, itemOutBlocks, shipsFloats());
            }
            JavaPairRDD<Integer, double[]> users = cache(
                    halfIteration(
                            itemMessages,
                            userInBlocks,
                            userFactors,
                            params.objective().regularizationUsers(),
                            numItems,
                            false,
                            Side.USERS,
                            iterationsDone),
                    "als user factors, iteration " + iterationsDone);
            if (checkpoint) {
                // Spark checkpoints an RDD only if it was marked before its first job, and a job checkpoints
                // the first marked RDD on each path up its lineage: the users get a job of their own.
                checked(() -> materialise(users, true));
            }
            JavaPairRDD<Integer, double[]> items = cache(
                    halfIteration(
                            ship(users, userOutBlocks, shipsFloats()),
                            itemInBlocks,
                            itemFactors,
                            params.objective().regularizationItems(),
                            numUsers,
                            false,
                            Side.ITEMS,
                            iterationsDone),
                    "als item factors, iteration " + iterationsDone);
            JavaPairRDD<Integer, FactorMessage> nextMessages = ship(items, itemOutBlocks, shipsFloats());
            if (checkpoint) {
                markCheckpoint(items);
            }
            // Solves (and checkpoints) the items and writes their shipment; the result stage reads none of it.
            checked(() -> nextMessages.foreachPartition(messages -> {}));
            replaceFactors(users, items);
            itemMessages = nextMessages;
            LOG.debug("ALS iteration {} done", iterationsDone);
        }
    }

    /**
     * The trained model as (index, vector) pairs, partitioned as the engine's blocks (index i in
     * partition i % blocks, a {@link HashPartitioner} of {@code blocks}), so joins with RDDs of the same
     * partitioner need no shuffle. A view over the engine's cached blocks: use it (evaluate, write,
     * collect or persist it) before the next iterate() or close().
     *
     * <p>A consistent model: an iteration ends with the item solve, so the model's users are solved once
     * more, exactly (Cholesky, in doubles, whatever the solver), against the items returned. Every
     * stored x_u is then the exact minimiser given the stored Y (what {@link Explainer} and fold-in
     * assume). With CG this last solve is exact too, so a CG model's users are exact given its items,
     * while its items stay CG's approximation. The extra half-iteration runs once per call after an
     * iterate() (later calls reuse it); it does not feed the next iterate(), so iterate(a); model();
     * iterate(b) trains exactly as iterate(a + b). With {@link FinalSolve#ITERATIVE} this last solve is
     * CG from the last users to a tight tolerance instead of a cubic Cholesky per user: exact to about
     * 1e-6 relative.
     */
    @Override
    public FactorModel model() {
        requireFactors();
        finishUsers();
        return new FactorModel(params.factors(), unpack(finishedUsers), unpack(itemFactors));
    }

    /**
     * The BM25 statistics the likes were weighted with (N, avg_len, idf per item) under
     * {@link Confidence.Bm25Weighted}, null otherwise: fold-in weighs new users with them.
     */
    @Override
    public Bm25.Statistics bm25() {
        return bm25;
    }

    /** Solves the users against the current items ({@link AlsParams#finalSolve()}), once per set of items. */
    private void finishUsers() {
        if (finishedUsers != null) {
            return;
        }
        finishedMessages = ship(itemFactors, itemOutBlocks, false);
        JavaPairRDD<Integer, double[]> users = cache(
                halfIteration(
                        finishedMessages,
                        userInBlocks,
                        userFactors,
                        params.objective().regularizationUsers(),
                        numItems,
                        true,
                        Side.USERS,
                        iterationsDone),
                "als user factors solved against the final items, iteration " + iterationsDone);
        checked(() -> materialise(users, false));
        finishedUsers = users;
    }

    /**
     * The objective of {@link ImplicitAls} at the model's factors ({@link #model()}: users solved against
     * the final items), in its three parts ({@link Loss}), computed per user block from the item Gram
     * (x^T G x covers every unobserved cell) and the user's own ratings, plus each item's lambda_i ||y_i||^2
     * from the item blocks; one shuffle of item factors, no dense matrix.
     */
    @Override
    public Loss lossParts() {
        requireFactors();
        finishUsers();
        return lossAt(finishedUsers, finishedMessages);
    }

    /**
     * The objective at the training state: the users as the last iteration solved them (against the items
     * before its item half), the current items; one shuffle of item factors, no user solve.
     */
    @Override
    public Loss trainingStateLossParts() {
        requireFactors();
        return lossAt(userFactors, ship(itemFactors, itemOutBlocks, false));
    }

    /** The objective's parts at the given users and the current items, shipped to the user blocks as given. */
    private Loss lossAt(JavaPairRDD<Integer, double[]> userVectors, JavaPairRDD<Integer, FactorMessage> itemMessages) {
        int k = params.factors();
        AlsParams p = params;
        double regUsers = params.objective().regularizationUsers();
        double regItems = params.objective().regularizationItems();
        int users = numUsers;
        int items = numItems;
        double[] userParts = userInBlocks
                .cogroup(itemMessages, userVectors, partitioner)
                .map(t -> {
                    InBlock in = onlyElement(t._2()._1());
                    double[] x = onlyElement(t._2()._3());
                    Received received = Received.of(in, t._2()._2(), p.solver().blocks(), k);
                    double[] parts = new double[3];
                    AlsKernel.addLoss(p, received.gram, regUsers, items, received.sources, in.ratings, x, parts);
                    return parts;
                })
                .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        double itemPart = itemInBlocks
                .join(itemFactors, partitioner)
                .mapToDouble(t -> {
                    InBlock in = t._2()._1();
                    double[] y = t._2()._2();
                    AlsKernel.RowSolver kernel =
                            new AlsKernel.RowSolver(p, null, regItems, users, in.ratings.longestRow());
                    double sum = 0;
                    for (int r = 0; r < in.rows(); r++) {
                        sum += kernel.regularization(in.ratings, r, y);
                    }
                    return sum;
                })
                .sum();
        return new Loss(userParts[0], userParts[1], userParts[2] + itemPart);
    }

    @Override
    public FitExecution execution() {
        return FitExecution.DISTRIBUTED;
    }

    /** Unpersists every RDD the engine cached. */
    @Override
    public void close() {
        for (JavaPairRDD<?, ?> rdd : List.of(userInBlocks, userOutBlocks, itemInBlocks, itemOutBlocks)) {
            rdd.unpersist(false);
        }
        if (userFactors != null) {
            userFactors.unpersist(false);
            itemFactors.unpersist(false);
            userFactors = null;
            itemFactors = null;
        }
        dropFinishedUsers();
        itemMessages = null;
        deleteCheckpointFiles();
    }

    /**
     * Deletes the reliable checkpoints this engine wrote (superseded ones may already be gone: the
     * job enables Spark's cleaning of checkpoints whose RDDs were garbage-collected). A failure to
     * delete is logged, not thrown: the factors are already used by then.
     */
    private void deleteCheckpointFiles() {
        for (JavaPairRDD<Integer, double[]> rdd : checkpointed) {
            scala.Option<String> file = rdd.rdd().getCheckpointFile();
            if (file.isDefined()) {
                try {
                    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.get());
                    path.getFileSystem(jsc.hadoopConfiguration()).delete(path, true);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.warn("Could not delete factor checkpoint {}: {}", file.get(), e.toString());
                }
            }
        }
        checkpointed.clear();
    }

    /**
     * The destination factors solved against the source factors (lazy: the caller materialises them),
     * by the final solve ({@link AlsKernel#solveFinal}) when {@code exact}, else by the params' solver. A
     * non-finite solution fails the task with a {@link NonFiniteFactorsException} naming the side and
     * iteration.
     */
    private JavaPairRDD<Integer, double[]> halfIteration(
            JavaPairRDD<Integer, FactorMessage> messages,
            JavaPairRDD<Integer, InBlock> destinationInBlocks,
            JavaPairRDD<Integer, double[]> destinationFactors,
            double lambda,
            int columns,
            boolean exact,
            Side side,
            int iteration) {
        int k = params.factors();
        AlsParams p = params;
        int blocks = params.solver().blocks();
        return destinationInBlocks
                .cogroup(messages, destinationFactors, partitioner)
                .mapPartitionsToPair(
                        it -> {
                            List<Tuple2<Integer, double[]>> out = new ArrayList<>(1);
                            while (it.hasNext()) {
                                var t = it.next();
                                InBlock in = onlyElement(t._2()._1());
                                double[] next =
                                        onlyElement(t._2()._3()).clone(); // CG warm-starts from the current factors
                                Received received =
                                        Received.of(in, t._2()._2(), p.solver().blocks(), k);
                                if (received.floatSources != null) {
                                    AlsKernel.solveConjugateGradient(
                                            p, received.gram, lambda, columns, received.floatSources, in.ratings, next);
                                } else if (exact) {
                                    AlsKernel.solveFinal(
                                            p, received.gram, lambda, columns, received.sources, in.ratings, next);
                                } else {
                                    AlsKernel.solveBlock(
                                            p, received.gram, lambda, columns, received.sources, in.ratings, next);
                                }
                                int block = t._1();
                                NonFiniteFactorsException.check(
                                        next, k, side, iteration, row -> BlockLayout.globalOf(block, row, blocks));
                                out.add(new Tuple2<>(block, next));
                            }
                            return out.iterator();
                        },
                        true);
    }

    /**
     * Runs a Spark action, turning a {@link NonFiniteFactorsException} thrown in a task (which reaches
     * the driver wrapped by Spark) back into that exception with its own message.
     */
    private static void checked(Runnable action) {
        try {
            action.run();
        } catch (Exception e) { // Spark's SparkException is checked, though Java does not see it thrown
            String message = NonFiniteFactorsException.messageOf(e);
            if (message != null && !(e instanceof NonFiniteFactorsException)) {
                NonFiniteFactorsException error = new NonFiniteFactorsException(message);
                error.addSuppressed(e);
                throw error;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** CG gets its sources in floats (see {@link FactorMessage}); Cholesky in doubles. */
    private boolean shipsFloats() {
        return params.solver().method() == Solver.CG;
    }

    /**
     * Every source block sends every destination block one message: the factors it needs (out-block),
     * rounded to floats when {@code asFloats}, and the source block's Gram share. Source blocks no rating
     * uses still send their share. The result is shuffled to the destination blocks' partitioner, so
     * joins with it are narrow and a job ending on it leaves its shuffle written for the next stage to read.
     */
    private JavaPairRDD<Integer, FactorMessage> ship(
            JavaPairRDD<Integer, double[]> sourceFactors,
            JavaPairRDD<Integer, OutBlock> sourceOutBlocks,
            boolean asFloats) {
        int k = params.factors();
        int blocks = params.solver().blocks();
        return sourceFactors
                .leftOuterJoin(sourceOutBlocks, partitioner)
                .flatMapToPair(t -> {
                    int source = t._1();
                    double[] factors = t._2()._1();
                    Optional<OutBlock> out = t._2()._2();
                    double[] partialGram = Gram.ofPacked(factors, factors.length / k, k);
                    List<Tuple2<Integer, FactorMessage>> messages = new ArrayList<>(blocks);
                    for (int destination = 0; destination < blocks; destination++) {
                        int[] locals = out.isPresent() ? out.get().localsByDestination[destination] : new int[0];
                        FactorMessage message;
                        if (asFloats) {
                            float[] packed = new float[locals.length * k];
                            for (int j = 0; j < locals.length; j++) {
                                Narrowing.toFloats(factors, locals[j] * k, packed, j * k, k);
                            }
                            message = FactorMessage.ofFloats(source, packed, partialGram);
                        } else {
                            double[] packed = new double[locals.length * k];
                            for (int j = 0; j < locals.length; j++) {
                                System.arraycopy(factors, locals[j] * k, packed, j * k, k);
                            }
                            message = FactorMessage.ofDoubles(source, packed, partialGram);
                        }
                        messages.add(new Tuple2<>(destination, message));
                    }
                    return messages.iterator();
                })
                .partitionBy(partitioner);
    }

    /**
     * A destination block's received messages: its gathered source matrix (in doubles, or in floats when
     * the messages are; the other is null) and the summed Gram.
     */
    private static final class Received {
        final double[] sources;
        final float[] floatSources;
        final double[] gram;

        private Received(double[] sources, float[] floatSources, double[] gram) {
            this.sources = sources;
            this.floatSources = floatSources;
            this.gram = gram;
        }

        static Received of(InBlock in, Iterable<FactorMessage> messages, int blocks, int k) {
            double[] sources = null;
            float[] floatSources = null;
            double[][] shares = new double[blocks][];
            for (FactorMessage message : messages) {
                int s = message.sourceBlock;
                int expected = (in.sourceStart[s + 1] - in.sourceStart[s]) * k;
                if (message.length() != expected || shares[s] != null) {
                    throw new IllegalStateException("unexpected message from block " + s);
                }
                if (message.carriesFloats()) {
                    floatSources = floatSources != null ? floatSources : new float[in.sourceCount() * k];
                    System.arraycopy(message.floatFactors, 0, floatSources, in.sourceStart[s] * k, expected);
                } else {
                    sources = sources != null ? sources : new double[in.sourceCount() * k];
                    System.arraycopy(message.factors, 0, sources, in.sourceStart[s] * k, expected);
                }
                shares[s] = message.partialGram;
            }
            if (sources != null && floatSources != null) {
                throw new IllegalStateException("messages of both precisions in one half-iteration");
            }
            double[] gram = new double[k * k];
            for (int s = 0; s < blocks; s++) { // source-block order: every destination gets the same G
                if (shares[s] == null) {
                    throw new IllegalStateException("no message from source block " + s);
                }
                Gram.add(gram, shares[s]);
            }
            return new Received(sources, floatSources, gram);
        }
    }

    private JavaPairRDD<Integer, double[]> initialFactors(JavaPairRDD<Integer, InBlock> inBlocks, Side side) {
        int k = params.factors();
        int blocks = params.solver().blocks();
        long seed = params.solver().seed();
        return inBlocks.mapPartitionsToPair(
                it -> {
                    List<Tuple2<Integer, double[]>> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<Integer, InBlock> t = it.next();
                        double[] factors = new double[t._2().rows() * k];
                        for (int local = 0; local < t._2().rows(); local++) {
                            initialVector(
                                    seed,
                                    side.seedStream(),
                                    BlockLayout.globalOf(t._1(), local, blocks),
                                    factors,
                                    local * k,
                                    k);
                        }
                        out.add(new Tuple2<>(t._1(), factors));
                    }
                    return out.iterator();
                },
                true);
    }

    private JavaPairRDD<Integer, double[]> givenFactors(
            JavaPairRDD<Integer, InBlock> inBlocks, JavaPairRDD<Integer, double[]> given, Side side) {
        int k = params.factors();
        int blocks = params.solver().blocks();
        long seed = params.solver().seed();
        int count = side.rows(numUsers, numItems);
        JavaPairRDD<Integer, Tuple2<Integer, double[]>> byBlock = given.mapToPair(t -> {
            int index = t._1();
            if (index < 0 || index >= count || t._2().length != k) {
                throw new IllegalArgumentException("warm-start vector for index " + index + " (length " + t._2().length
                        + ") does not fit " + count + " indices of rank " + k);
            }
            return new Tuple2<>(
                    BlockLayout.blockOf(index, blocks), new Tuple2<>(BlockLayout.localOf(index, blocks), t._2()));
        });
        return inBlocks.cogroup(byBlock, partitioner)
                .mapPartitionsToPair(
                        it -> {
                            List<Tuple2<Integer, double[]>> out = new ArrayList<>();
                            while (it.hasNext()) {
                                Tuple2<Integer, Tuple2<Iterable<InBlock>, Iterable<Tuple2<Integer, double[]>>>> t =
                                        it.next();
                                int block = t._1();
                                int rows = onlyElement(t._2()._1()).rows();
                                double[] factors = new double[rows * k];
                                boolean[] seen = new boolean[rows];
                                for (Tuple2<Integer, double[]> vector : t._2()._2()) {
                                    System.arraycopy(vector._2(), 0, factors, vector._1() * k, k);
                                    seen[vector._1()] = true;
                                }
                                for (int local = 0; local < rows; local++) {
                                    if (!seen[local]) {
                                        initialVector(
                                                seed,
                                                side.seedStream(),
                                                BlockLayout.globalOf(block, local, blocks),
                                                factors,
                                                local * k,
                                                k);
                                    }
                                }
                                out.add(new Tuple2<>(block, factors));
                            }
                            return out.iterator();
                        },
                        true);
    }

    /** The seeded initial vector of one index: depends only on (seed, side, index). */
    static void initialVector(long seed, int side, int index, double[] into, int offset, int k) {
        long mixed = seed * 0x9E3779B97F4A7C15L + (2L * index + side) * 0xBF58476D1CE4E5B9L;
        SplittableRandom random = new SplittableRandom(mixed);
        double scale = 0.1 / Math.sqrt(k);
        for (int f = 0; f < k; f++) {
            into[offset + f] = random.nextGaussian() * scale;
        }
    }

    /**
     * One (index, vector) pair per factor. Block b's indices are the i with i % blocks == b, which is
     * where the blocks' HashPartitioner puts key i: the pairs keep the partitioner.
     */
    private JavaPairRDD<Integer, double[]> unpack(JavaPairRDD<Integer, double[]> blocksOfFactors) {
        int k = params.factors();
        int blocks = params.solver().blocks();
        return blocksOfFactors.mapPartitionsToPair(
                it -> {
                    List<Tuple2<Integer, double[]>> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<Integer, double[]> t = it.next();
                        double[] packed = t._2();
                        for (int local = 0; local < packed.length / k; local++) {
                            out.add(new Tuple2<>(
                                    BlockLayout.globalOf(t._1(), local, blocks),
                                    java.util.Arrays.copyOfRange(packed, local * k, (local + 1) * k)));
                        }
                    }
                    return out.iterator();
                },
                true);
    }

    /** Runs one action on cached factors, checkpointing them first when asked; returns them. */
    private JavaPairRDD<Integer, double[]> materialise(JavaPairRDD<Integer, double[]> factors, boolean checkpoint) {
        if (checkpoint) {
            markCheckpoint(factors);
        }
        factors.count();
        return factors;
    }

    /** Marks factors for checkpointing by the first job that computes them (reliable when possible). */
    private void markCheckpoint(JavaPairRDD<Integer, double[]> factors) {
        if (jsc.getCheckpointDir().isPresent()) {
            factors.checkpoint();
            checkpointed.add(factors);
        } else {
            LOG.info(
                    "No Spark checkpoint directory set: local checkpoint of {} (lost with its executor)",
                    factors.name());
            factors.rdd().localCheckpoint();
        }
    }

    /** Takes materialised factors of both sides and drops the ones they replace. */
    private void replaceFactors(JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items) {
        itemMessages = null; // shipped from the replaced items; iterate() sets the new ones
        dropFinishedUsers();
        if (userFactors != null) {
            userFactors.unpersist(false);
            itemFactors.unpersist(false);
        }
        userFactors = users;
        itemFactors = items;
    }

    private void dropFinishedUsers() {
        if (finishedUsers != null) {
            finishedUsers.unpersist(false);
        }
        finishedUsers = null;
        finishedMessages = null;
    }

    private void requireFactors() {
        if (userFactors == null) {
            throw new IllegalStateException("call initialize() or warmStart() first (or the engine is closed)");
        }
    }

    private static <T> JavaPairRDD<Integer, T> cache(JavaPairRDD<Integer, T> rdd, String name) {
        return rdd.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static <T> T onlyElement(Iterable<T> values) {
        Iterator<T> it = values.iterator();
        if (!it.hasNext()) {
            throw new IllegalStateException("block missing from a co-partitioned join");
        }
        return it.next();
    }
}
