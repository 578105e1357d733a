package org.wrmf.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import org.wrmf.linalg.Gram;
import org.wrmf.rank.BlockScorer;
import org.wrmf.rank.CandidateBlock;
import org.wrmf.rank.LikedItems;
import org.wrmf.rank.QueryRow;
import org.wrmf.rank.RankOptions;
import org.wrmf.rank.Ranking;
import org.wrmf.rank.TopK;
import scala.Tuple2;

/**
 * Scores factor models against a fixed train/test split, distributed: built once per split (the
 * evaluated users' sorted likes are grouped and cached here), then {@link #evaluate} per epoch.
 *
 * <p>Two plans, chosen per model by the size of the item factors. When items x rank is at most
 * {@link #BROADCAST_LIMIT} doubles (64 MB: a catalogue of 100k items at rank 80), the item factors are
 * collected once and broadcast, G = YᵀY is computed on the driver from them, and everything else is
 * ONE job: the user factors join the cached likes (one shuffle), and each user partition scores its
 * users' observed likes and ranks them against all items with the blocked kernel
 * ({@link LocalEvaluation}). On a small grid point a Spark stage costs more than its arithmetic, so
 * this plan is several times cheaper than the fully distributed one and keeps evaluation a small
 * share of a learning curve (the user factors' shuffle disappears when they come partitioned by
 * user index modulo {@code blocks}, as the engine's blocks are).
 *
 * <p>Larger catalogues take the fully distributed plan, three Spark actions: the Gram matrix G = YᵀY (k x k, to the driver); the scores
 * x_u.y_i of the evaluated users' observed likes (two joins), summed into the observed part of the MSE
 * and kept for the held-out likes, whose scores AUC needs; and one blocked ranking pass
 * ({@link TopK#rank}) whose single matrix product per block pair yields both the top k over all items
 * (the notebook's precision) and the top k without training likes plus the AUC counts (the protocol's
 * metrics). The unobserved part of each full row's squared error is x_u' G x_u, added per user in the
 * last action, so the MSE never needs a dense row.
 */
public final class Evaluator implements AutoCloseable {
    /** Item factors (items x rank doubles) up to which they are broadcast rather than block-joined. */
    public static final long BROADCAST_LIMIT = 8L << 20;

    /** Which plan scores a model; AUTO picks by {@link #BROADCAST_LIMIT}. */
    enum Plan {
        AUTO,
        BROADCAST_ITEMS,
        BLOCKED
    }

    private Plan plan = Plan.AUTO;
    private final int numItems;
    private final int k;
    private final int blocks;
    private final Partitioner partitioner;
    private final JavaPairRDD<Integer, TrainTestLikes> userLikes;
    private final JavaPairRDD<Integer, Like> likesByItem;

    /** An observed like of an evaluated user, training or held out. */
    private record Like(int user, boolean heldOut) implements Serializable {}

    /** An observed like joined with its item's factors, on its way to its user. */
    private record ItemLike(boolean heldOut, double[] itemFactors) implements Serializable {}

    /** The score of one observed like. */
    private record LikeScore(boolean heldOut, double score) implements Serializable {}

    /**
     * @param numItems the number of items of the indexed data (the MSE's row length)
     * @param blocks   the number of user and item blocks of the ranking pass (and partitions)
     */
    public Evaluator(
            JavaRDD<Rating> train,
            JavaRDD<Rating> test,
            int numItems,
            EvaluatedUsers evaluatedUsers,
            int k,
            int blocks) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.numItems = numItems;
        this.k = k;
        this.blocks = Math.max(1, blocks);
        this.partitioner = new HashPartitioner(this.blocks);
        JavaPairRDD<Integer, int[]> trainLikes = LikedItems.byUser(userItems(train), partitioner);
        JavaPairRDD<Integer, int[]> testLikes = LikedItems.byUser(userItems(test), partitioner);
        JavaPairRDD<Integer, TrainTestLikes> likes;
        if (evaluatedUsers.kind() != EvaluatedUsers.Kind.ALL) {
            likes = testLikes
                    .filter(user -> evaluatedUsers.keeps(user._1()))
                    .leftOuterJoin(trainLikes, partitioner)
                    .mapValues(t -> new TrainTestLikes(orEmpty(t._2()), t._1()));
        } else {
            likes = trainLikes
                    .fullOuterJoin(testLikes, partitioner)
                    .mapValues(t -> new TrainTestLikes(orEmpty(t._1()), orEmpty(t._2())));
        }
        this.userLikes = likes.setName("evaluated users' likes").persist(StorageLevel.MEMORY_AND_DISK());
        this.likesByItem = userLikes
                .flatMapToPair(Evaluator::likesOf)
                .partitionBy(partitioner)
                .setName("evaluated likes by item")
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Forces a plan (tests compare both). */
    Evaluator plan(Plan forced) {
        this.plan = forced;
        return this;
    }

    /** Scores the model; the caller names the Spark jobs (e.g. "grid 17/180 epoch 12"). */
    public Metrics evaluate(FactorModel model) {
        boolean broadcast = plan == Plan.BROADCAST_ITEMS
                || (plan == Plan.AUTO && (long) numItems * model.rank() <= BROADCAST_LIMIT);
        return broadcast ? evaluateWithBroadcastItems(model) : evaluateBlocked(model);
    }

    private Metrics evaluateWithBroadcastItems(FactorModel model) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(model.users().context());
        CandidateBlock items = CandidateBlock.pack(model.items().collect().iterator(), false);
        if (items == null) {
            throw new IllegalArgumentException("the model has no item factors");
        }
        double[] gram = Gram.ofPacked(items.factors, items.size(), items.rank);
        Broadcast<CandidateBlock> itemsBroadcast = jsc.broadcast(items);
        Broadcast<double[]> gramBroadcast = jsc.broadcast(gram);
        int topK = k;
        int itemCount = numItems;
        MetricSet sums = model.users()
                .join(userLikes, partitioner)
                .mapPartitions(it -> {
                    List<Tuple2<Integer, Tuple2<double[], TrainTestLikes>>> users = new ArrayList<>();
                    it.forEachRemaining(users::add);
                    return List.of(LocalEvaluation.score(
                                    users, itemsBroadcast.value(), gramBroadcast.value(), topK, itemCount))
                            .iterator();
                })
                .reduce(MetricSet::merge);
        itemsBroadcast.destroy();
        gramBroadcast.destroy();
        return sums.toMetrics();
    }

    private Metrics evaluateBlocked(FactorModel model) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(model.users().context());
        Broadcast<double[]> gram = jsc.broadcast(FactorModel.gram(model.items(), model.rank()));
        JavaPairRDD<Integer, Tuple2<double[], TrainTestLikes>> evaluated =
                model.users().join(userLikes, partitioner).persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Integer, double[]> evaluatedFactors = evaluated.mapValues(Tuple2::_1);

        JavaPairRDD<Integer, LikeScore> likeScores = likesByItem
                .join(model.items(), partitioner)
                .mapToPair(t -> new Tuple2<>(
                        t._2()._1().user(), new ItemLike(t._2()._1().heldOut(), t._2()._2())))
                .join(evaluatedFactors, partitioner)
                .mapValues(t -> new LikeScore(t._1().heldOut(), dot(t._1().itemFactors(), t._2())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        // the observed part of the errors, summed apart from the users' part, which needs the ranking pass
        MetricSet observed = likeScores
                .values()
                .aggregate(
                        new MetricSet(k, numItems),
                        (acc, s) -> {
                            acc.addLike(s.heldOut(), s.score());
                            return acc;
                        },
                        MetricSet::merge);

        JavaPairRDD<Integer, double[]> heldOutScores = likeScores
                .filter(t -> t._2().heldOut())
                .groupByKey(partitioner)
                .mapValues(scores -> {
                    List<Double> list = new ArrayList<>();
                    scores.forEach(s -> list.add(s.score()));
                    return list.stream().mapToDouble(Double::doubleValue).toArray();
                });
        JavaPairRDD<Integer, QueryRow> queries = evaluated
                .leftOuterJoin(heldOutScores, partitioner)
                .mapValues(t -> queryRow(t._1()._1(), t._1()._2(), t._2()));
        JavaPairRDD<Integer, Ranking> rankings = TopK.rank(queries, model.items(), k, RankOptions.EVALUATE, blocks);

        MetricSet sums = evaluated
                .join(rankings, partitioner)
                .values()
                .aggregate(
                        new MetricSet(k, numItems),
                        (acc, t) -> {
                            acc.addUser(t._2(), t._1()._2(), Gram.quadratic(gram.value(), t._1()._1()));
                            return acc;
                        },
                        MetricSet::merge);
        likeScores.unpersist(false);
        evaluated.unpersist(false);
        gram.destroy();
        return sums.merge(observed).toMetrics();
    }

    private static QueryRow queryRow(double[] factors, TrainTestLikes likes, Optional<double[]> heldOutScores) {
        boolean hasPositives = likes.test().length > 0 && heldOutScores.isPresent();
        return new QueryRow(
                factors, likes.train(), hasPositives ? likes.test() : null, hasPositives ? heldOutScores.get() : null);
    }

    @Override
    public void close() {
        userLikes.unpersist(false);
        likesByItem.unpersist(false);
    }

    private static JavaPairRDD<Integer, Integer> userItems(JavaRDD<Rating> ratings) {
        return ratings.mapToPair(r -> new Tuple2<>(r.user(), r.item()));
    }

    private static java.util.Iterator<Tuple2<Integer, Like>> likesOf(Tuple2<Integer, TrainTestLikes> user) {
        List<Tuple2<Integer, Like>> out = new ArrayList<>();
        for (int item : user._2().train()) {
            out.add(new Tuple2<>(item, new Like(user._1(), false)));
        }
        for (int item : user._2().test()) {
            out.add(new Tuple2<>(item, new Like(user._1(), true)));
        }
        return out.iterator();
    }

    private static int[] orEmpty(Optional<int[]> likes) {
        return likes.isPresent() ? likes.get() : new int[0];
    }

    /** The ranking pass's own pair score, so held-out scores tie exactly with equal negatives' in AUC. */
    static double dot(double[] a, double[] b) {
        return BlockScorer.pairScore(a, b, 0);
    }
}
