package org.wrmf.als;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A fit in the driver's JVM ({@link FitExecution#LOCAL}): the likes are collected once into compressed rows by
 * user and by item, and {@link LocalImplicitAls} solves each side on {@code threads} threads with the engine's
 * kernel. No Spark job runs per iteration, which on small problems costs more than the arithmetic (two
 * shuffle stages and their scheduling per iteration); the model is handed back as RDDs laid out as
 * {@link ImplicitAls#model()}'s, so what follows a fit does not know which way it ran.
 */
public final class InMemoryAls implements AlsTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryAls.class);
    /** Share of the driver's heap a problem may take under {@link FitExecution#AUTO}. */
    private static final double AUTO_HEAP_SHARE = 0.25;

    private final JavaSparkContext jsc;
    private final AlsParams params;
    private final int numUsers;
    private final int numItems;
    private final LocalImplicitAls als;
    /** The users solved against the current items, null until {@link #model()} or a loss asks for them. */
    private double[] finishedUsers;
    /** RDDs handed out by {@link #model()}: unpersisted on close. */
    private final List<JavaPairRDD<Integer, double[]>> handedOut = new ArrayList<>();

    /**
     * Collects {@code ratings} (dense indices below numUsers and numItems, repeated pairs summed) and starts
     * from the seeded initial factors.
     */
    public InMemoryAls(JavaRDD<Rating> ratings, int numUsers, int numItems, AlsParams params, int threads) {
        ImplicitAls.requireBothSides(numUsers, numItems);
        this.jsc = JavaSparkContext.fromSparkContext(ratings.context());
        this.params = params;
        this.numUsers = numUsers;
        this.numItems = numItems;
        List<LikeTriples> parts = LikeTriples.collect(ratings);
        List<RatingChunk> byUser = new ArrayList<>(parts.size());
        List<RatingChunk> byItem = new ArrayList<>(parts.size());
        long likes = 0;
        for (LikeTriples part : parts) {
            part.check(numUsers, numItems);
            byUser.add(part.chunk(true));
            byItem.add(part.chunk(false));
            likes += part.size();
        }
        this.als = new LocalImplicitAls(
                CompressedRows.build(numUsers, byUser), CompressedRows.build(numItems, byItem), params, threads);
        LOG.info(
                "ALS in one JVM: {} users x {} items, {} likes, rank {}, {} solver, {} threads",
                numUsers,
                numItems,
                likes,
                params.factors(),
                params.solver().method(),
                threads);
    }

    /**
     * {@link FitExecution#AUTO}'s choice: {@link FitExecution#LOCAL} when Spark runs in local mode and the problem (its
     * likes twice in compressed rows, a copy while they are built, and the factors) takes at most a quarter of
     * the driver's heap; else {@link FitExecution#DISTRIBUTED}. {@code knownLikes} is the number of ratings when
     * the caller knows it; a negative one counts them (cache them first).
     */
    static FitExecution choose(JavaRDD<Rating> ratings, long knownLikes, int numUsers, int numItems, AlsParams params) {
        if (!ratings.context().isLocal()) {
            LOG.info("ALS execution auto: distributed (Spark is not in local mode)");
            return FitExecution.DISTRIBUTED;
        }
        long likes = knownLikes >= 0 ? knownLikes : ratings.count();
        long bytes = estimatedBytes(likes, numUsers, numItems, params.factors());
        long heap = Runtime.getRuntime().maxMemory();
        FitExecution chosen = bytes <= AUTO_HEAP_SHARE * heap ? FitExecution.LOCAL : FitExecution.DISTRIBUTED;
        LOG.info(
                "ALS execution auto: {} ({} likes, rank {}: about {} MB against a quarter of the {} MB heap)",
                chosen.word(),
                likes,
                params.factors(),
                bytes >> 20,
                heap >> 20);
        return chosen;
    }

    /**
     * Memory of a fit in one JVM: per like 12 bytes collected, 8 per side in compressed rows and as much
     * again in the threads' parts; per factor value 8 bytes for users, items and finished users, 4 as floats.
     */
    static long estimatedBytes(long likes, int numUsers, int numItems, int rank) {
        return likes * (12 + 2 * 8 * 2) + ((long) numUsers * 2 + numItems) * rank * (8 + 4);
    }

    @Override
    public void initialize() {
        als.initialize();
        finishedUsers = null;
    }

    /** Indices the model lacks keep the seeded initial vectors. */
    @Override
    public void warmStart(FactorModel model) {
        PackedFactors.Rows users = PackedFactors.Rows.collect(model.users(), model.rank());
        PackedFactors.Rows items = PackedFactors.Rows.collect(model.items(), model.rank());
        warmStart(new PackedFactors(model.rank(), users.values(), users.given(), items.values(), items.given()));
    }

    /** From factors in the driver's memory: no Spark job; rows without a vector keep the seeded ones. */
    @Override
    public void warmStart(PackedFactors factors) {
        int k = params.factors();
        if (factors.rank() != k) {
            throw new IllegalArgumentException("model rank " + factors.rank() + " != factors " + k);
        }
        als.initialize();
        double[] users = als.users().clone();
        double[] items = als.items().clone();
        PackedFactors.copyGiven(factors.users(), factors.userRows(), users, k);
        PackedFactors.copyGiven(factors.items(), factors.itemRows(), items, k);
        als.warmStart(users, items);
        finishedUsers = null;
    }

    @Override
    public void iterate(int n) {
        als.iterate(n);
        finishedUsers = null;
    }

    @Override
    public int iterationsDone() {
        return als.iterationsDone();
    }

    @Override
    public FactorModel model() {
        return new FactorModel(
                params.factors(), handOut(finished(), numUsers, "users"), handOut(als.items(), numItems, "items"));
    }

    @Override
    public Loss lossParts() {
        return als.loss(finished());
    }

    @Override
    public Loss trainingStateLossParts() {
        return als.loss(als.users());
    }

    @Override
    public Bm25.Statistics bm25() {
        return als.bm25();
    }

    @Override
    public FitExecution execution() {
        return FitExecution.LOCAL;
    }

    @Override
    public void close() {
        for (JavaPairRDD<Integer, double[]> rdd : handedOut) {
            rdd.unpersist(false);
        }
        handedOut.clear();
        als.close();
    }

    private double[] finished() {
        if (finishedUsers == null) {
            finishedUsers = als.finishedUsers();
        }
        return finishedUsers;
    }

    /** The packed factors as (index, vector) pairs, index i in partition i % blocks, cached. */
    private JavaPairRDD<Integer, double[]> handOut(double[] packed, int rows, String side) {
        int k = params.factors();
        int blocks = params.solver().blocks();
        List<Tuple2<Integer, double[]>> pairs = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            pairs.add(new Tuple2<>(r, Arrays.copyOfRange(packed, r * k, (r + 1) * k)));
        }
        JavaPairRDD<Integer, double[]> rdd = jsc.parallelizePairs(pairs, blocks)
                .partitionBy(new HashPartitioner(blocks))
                .setName("als " + side + " factors, in one JVM, iteration " + als.iterationsDone())
                .persist(StorageLevel.MEMORY_AND_DISK());
        handedOut.add(rdd);
        return rdd;
    }
}
