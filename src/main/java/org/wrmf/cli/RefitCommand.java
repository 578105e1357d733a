package org.wrmf.cli;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.AlsTrainer;
import org.wrmf.als.Bm25;
import org.wrmf.als.Confidence;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.FoldIn;
import org.wrmf.als.LikeTriples;
import org.wrmf.als.PackedFactors;
import org.wrmf.als.Rating;
import org.wrmf.als.Side;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Seconds;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.Evaluator;
import org.wrmf.eval.Metrics;
import org.wrmf.io.FactorFrames;
import org.wrmf.io.IdMappings;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.RecommendationSource;
import org.wrmf.io.Recommendations;
import org.wrmf.ml.FitHook;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.ml.Wrmf;
import org.wrmf.report.FinishedRun;
import org.wrmf.report.Manifest;
import org.wrmf.report.Report;
import org.wrmf.report.RunManifest;
import scala.Tuple2;

/**
 * {@code refit}: the daily refit of the model of a previous finished run ({@code refit.from}) on the new
 * snapshot of likes, without a grid and from the previous factors.
 *
 * <ol>
 *   <li>The new likes are prepared exactly as {@code prepare} does (dedupe, threshold, index, split), with
 *   the previous run's kept likes added first in {@code refit.mode = delta}.</li>
 *   <li>The objective is the previous run's ({@code final.*} of its manifest), each part overridden by the
 *   {@code als.*} keys that were set ({@link SettingsReader#refitObjective}); the solver settings are
 *   {@code als.*}'s.</li>
 *   <li>The start: users and items of both runs take their previous factors (matched by real id through the id
 *   mappings into the new numbering); new users are folded in against the previous item factors with the
 *   previous objective, as {@code fold-in} would place them (likes of new items add nothing there); then
 *   new items are folded in against the user factors so far (previous and folded-in), the same exact solve
 *   with the sides swapped. A new user with no like of a previous item, or a new item liked by no user with
 *   factors, has no evidence to fold in from and starts from the seeded random vector, as in
 *   {@code recommend}. Vanished users and items are dropped.</li>
 *   <li>{@code refit.iterations} iterations, the objective recorded after each, then the final outputs of
 *   {@code recommend} through the same code ({@link FinalModel}): factors, model, similar items,
 *   recommendations; then the report and the manifest, whose {@code refit} section says what changed and
 *   how much the recommendations moved ({@link RefitDrift}).</li>
 * </ol>
 */
public final class RefitCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(RefitCommand.class);
    private static final String FROM = "wrmf.refit.from";

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        RefitSettings refit = SettingsReader.refit(config);
        OutputSettings outputs = SettingsReader.output(config);
        RecommendRules rules = SettingsReader.recommendRules(config);
        BusinessRules.checkPaths(spark, rules);
        FinishedRun previous = FinishedRun.open(spark, refit.from(), FROM);
        FactorModel old = previous.model();
        int blocks = SettingsReader.als(config, spark.sparkContext())
                .params()
                .solver()
                .blocks();
        AlsParams trained = previous.trainedParams(old.rank(), blocks);
        RefitSettings.RefitObjective objective =
                SettingsReader.refitObjective(config, spark.sparkContext(), trained.objective());
        boolean hasPrepared = previous.hasPreparedLikes();
        if (refit.mode() == RefitSettings.Mode.DELTA && !hasPrepared) {
            throw ConfigError.key(
                    "wrmf.refit.mode",
                    "delta adds the input to the previous run's prepared likes, but the run at " + refit.from()
                            + " (refit.from) has no prepared/ tables: refit it with refit.mode = snapshot and"
                            + " every current like as input");
        }
        Dataset<Row> earlier = refit.mode() == RefitSettings.Mode.DELTA ? previous.preparedLikes() : null;
        Run.writingFinalOutputs(spark, config, "refit", earlier, (data, manifest) -> {
            PrepareCommand.printSummary(manifest.toRecord());
            new RefitWork(
                            spark,
                            refit,
                            outputs,
                            rules,
                            previous,
                            old,
                            trained,
                            objective,
                            hasPrepared,
                            SettingsReader.execution(config))
                    .run(data, manifest);
            // before manifest.json, which marks the run finished: a run killed here is rerun whole
            Report.write(spark, outputs, manifest.toRecord());
        });
        System.out.println("Outputs and report under " + outputs.path() + " (report/index.html)");
    }

    /** One refit's work on the prepared new likes. */
    private record RefitWork(
            SparkSession spark,
            RefitSettings settings,
            OutputSettings outputs,
            RecommendRules rules,
            FinishedRun previous,
            FactorModel old,
            AlsParams trained,
            RefitSettings.RefitObjective objective,
            boolean hasPrepared,
            FitExecution execution) {

        void run(PreparedData data, Manifest manifest) {
            Dataset<Row> oldUsers = previous.userIds();
            Dataset<Row> oldItems = previous.itemIds();
            Dataset<Row> newUsers = data.indexed().users();
            Dataset<Row> newItems = data.indexed().items();
            JavaPairRDD<Integer, Integer> userMap = matched(oldUsers, newUsers);
            JavaPairRDD<Integer, Integer> itemMap = matched(oldItems, newItems);
            long usersKept = userMap.count();
            long itemsKept = itemMap.count();
            long oldUserCount = oldUsers.count();
            long oldItemCount = oldItems.count();
            RunManifest.Change users =
                    new RunManifest.Change(usersKept, data.numUsers() - usersKept, oldUserCount - usersKept);
            RunManifest.Change items =
                    new RunManifest.Change(itemsKept, data.numItems() - itemsKept, oldItemCount - itemsKept);

            spark.sparkContext().setJobDescription("refit: previous factors and fold-in");
            long started = System.nanoTime();
            AlsParams params = objective.params();
            JavaRDD<Rating> allLikes = IndexedLikes.ratings(data.all()).persist(StorageLevel.MEMORY_AND_DISK());
            FitExecution where = AlsTrainer.chosen(allLikes, data.numUsers(), data.numItems(), params, execution);
            StartingFactors start = start(where, data, allLikes, userMap, itemMap);
            manifest.timing("refit_start", started);
            System.out.printf(
                    Locale.ROOT,
                    "Refit from %s: users kept %d, new %d (%d folded in), dropped %d; items kept %d, new %d (%d"
                            + " folded in), dropped %d%n",
                    previous.folder(),
                    users.kept(),
                    users.added(),
                    start.usersFoldedIn(),
                    users.dropped(),
                    items.kept(),
                    items.added(),
                    start.itemsFoldedIn(),
                    items.dropped());

            List<Double> losses = FinalModel.trainAndWrite(
                    spark,
                    data,
                    allLikes,
                    System.nanoTime(),
                    params,
                    where,
                    start,
                    settings.iterations(),
                    true,
                    outputs,
                    rules,
                    manifest);
            start.unpersist();
            allLikes.unpersist(false);
            manifest.als(RunManifest.Als.of(params, settings.iterations()));
            LOG.info("refit: objective after each iteration {}", losses);

            long write = System.nanoTime();
            spark.sparkContext().setJobDescription("refit: changes and drift");
            RunManifest.LikeChanges likes = likes(data);
            double likesSeconds = org.wrmf.common.Seconds.since(write);
            Dataset<Row> oldRecommendations = oldRecommendations();
            RunManifest.Drift drift = null;
            if (outputs.topN() > 0) {
                drift = RefitDrift.of(
                        spark,
                        oldRecommendations,
                        spark.read().parquet(outputs.path() + "/recommendations"),
                        outputs.path(),
                        outputs.topN());
            }
            manifest.timing("refit_changes", write);
            LOG.info(
                    "refit: likes compared in {} s, drift in {} s",
                    likesSeconds,
                    org.wrmf.common.Seconds.since(write) - likesSeconds);
            RunManifest.Comparison full = null;
            if (settings.compareFull()) {
                RunManifest record = manifest.toRecord();
                full = compare(
                        data,
                        record.timings().get("refit_start") + record.timings().get("final_fit"),
                        record.finalModel().loss(),
                        oldRecommendations,
                        userMap,
                        itemMap);
                System.out.printf(
                        Locale.ROOT,
                        "Refit against training from scratch (%d iterations): %.1f s against %.1f s, objective %.6g"
                                + " against %.6g%n",
                        full.iterations(),
                        full.refitSeconds(),
                        full.fullSeconds(),
                        full.refitLoss(),
                        full.fullLoss());
            }
            manifest.refit(new RunManifest.Refit(
                    previous.folder().toString(),
                    settings.mode().word(),
                    objective.overridden(),
                    settings.iterations(),
                    losses,
                    users,
                    items,
                    start.usersFoldedIn(),
                    start.itemsFoldedIn(),
                    likes,
                    drift,
                    full));
            spark.sparkContext().setJobDescription(null);
            userMap.unpersist(false);
            itemMap.unpersist(false);
            if (oldRecommendations != null) {
                oldRecommendations.unpersist(false);
            }
            if (drift != null) {
                System.out.printf(
                        Locale.ROOT,
                        "Refit drift: %d users in both runs, mean top-%d overlap %.4f, median score change %.5f%n",
                        drift.users(),
                        drift.k(),
                        drift.overlap(),
                        drift.scoreChange().median());
            }
        }

        /**
         * {@code refit.compare-full}: the same objective from random factors for the previous run's iterations
         * on the same likes (time, objective, drift); with the notebook's holdout, both fits again on the
         * training likes alone, scored on the held-out ones.
         */
        RunManifest.Comparison compare(
                PreparedData data,
                double refitSeconds,
                double refitLoss,
                Dataset<Row> oldRecommendations,
                JavaPairRDD<Integer, Integer> userMap,
                JavaPairRDD<Integer, Integer> itemMap) {
            AlsParams params = objective.params();
            int iterations = previous.manifest().finalModel().iterations();
            int blocks = params.solver().blocks();
            spark.sparkContext().setJobDescription("refit: training from scratch to compare");
            JavaRDD<Rating> likes = IndexedLikes.ratings(data.all()).persist(StorageLevel.MEMORY_AND_DISK());
            long start = System.nanoTime();
            double fullSeconds;
            double fullLoss;
            RunManifest.Drift drift = null;
            try (TrainedFactors scratch = Wrmf.fitIndexed(
                    likes,
                    data.numUsers(),
                    data.numItems(),
                    params,
                    execution,
                    iterations,
                    "refit: from scratch",
                    FitHook.NONE)) {
                FactorModel model = scratch.model();
                fullLoss = scratch.loss();
                fullSeconds = org.wrmf.common.Seconds.since(start);
                if (oldRecommendations != null) {
                    IdMappings ids = new IdMappings(
                            data.indexed().users(), data.indexed().items());
                    drift = RefitDrift.of(
                            oldRecommendations,
                            Recommendations.compute(
                                    spark,
                                    new RecommendationSource(model, ids, likes),
                                    outputs.topN(),
                                    outputs.blocks()),
                            ids,
                            FactorFrames.dense(spark, model.users()),
                            FactorFrames.dense(spark, model.items()),
                            outputs.topN());
                }
            }
            Map<String, Double> refitQuality = null;
            Map<String, Double> fullQuality = null;
            if (!data.foldsIn() && !data.test().isEmpty()) {
                JavaRDD<Rating> train = IndexedLikes.ratings(data.train()).persist(StorageLevel.MEMORY_AND_DISK());
                int k = outputs.topN() > 0 ? outputs.topN() : 10;
                try (Evaluator evaluator = new Evaluator(
                        train, IndexedLikes.ratings(data.test()), data.numItems(), EvaluatedUsers.HOLDOUT, k, blocks)) {
                    FitExecution where = AlsTrainer.chosen(train, data.numUsers(), data.numItems(), params, execution);
                    StartingFactors from = start(where, data, train, userMap, itemMap);
                    try (TrainedFactors refit = Wrmf.fitIndexed(
                            train,
                            data.numUsers(),
                            data.numItems(),
                            params,
                            where,
                            settings.iterations(),
                            "refit: on the training likes",
                            from)) {
                        refitQuality = quality(evaluator.evaluate(refit.model()));
                    }
                    from.unpersist();
                    try (TrainedFactors scratch = Wrmf.fitIndexed(
                            train,
                            data.numUsers(),
                            data.numItems(),
                            params,
                            execution,
                            iterations,
                            "refit: from scratch on the training likes",
                            FitHook.NONE)) {
                        fullQuality = quality(evaluator.evaluate(scratch.model()));
                    }
                }
                train.unpersist(false);
            }
            likes.unpersist(false);
            return new RunManifest.Comparison(
                    iterations, refitSeconds, fullSeconds, refitLoss, fullLoss, drift, refitQuality, fullQuality);
        }

        /**
         * The starting factors where the fit will run: in the driver's memory for a fit in one JVM (no Spark job
         * beyond one pass over the likes), else as Spark jobs.
         *
         * @param likes the likes the fit trains on (cached)
         */
        StartingFactors start(
                FitExecution where,
                PreparedData data,
                JavaRDD<Rating> likes,
                JavaPairRDD<Integer, Integer> userMap,
                JavaPairRDD<Integer, Integer> itemMap) {
            return where == FitExecution.LOCAL
                    ? RefitCommand.startInMemory(previous, old, trained, data, likes, userMap, itemMap)
                    : RefitCommand.start(
                            previous,
                            old,
                            trained,
                            objective.params().solver().blocks(),
                            data,
                            likes,
                            userMap,
                            itemMap);
        }

        /** Every metric by name. */
        static Map<String, Double> quality(Metrics metrics) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name : Metrics.NAMES) {
                values.put(name, metrics.value(name));
            }
            return values;
        }

        /**
         * The previous run's recommendations, or when it wrote none, its factors' top-k now (its prepared likes
         * excluded when it has them); null when this run writes no recommendations.
         */
        Dataset<Row> oldRecommendations() {
            if (outputs.topN() == 0) {
                return null;
            }
            Dataset<Row> written = previous.recommendations();
            if (written != null) {
                return written;
            }
            JavaRDD<Rating> excluded = hasPrepared
                    ? IndexedLikes.ratings(previous.preparedLikes()
                            .join(
                                    previous.userIds()
                                            .select(
                                                    col("id").as("user"),
                                                    col("idx").as("u")),
                                    "user")
                            .join(
                                    previous.itemIds()
                                            .select(
                                                    col("id").as("item"),
                                                    col("idx").as("i")),
                                    "item")
                            .select(
                                    col("u").as("user"),
                                    col("i").as("item"),
                                    col("weight").cast("float")))
                    : org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                            .<Rating>emptyRDD();
            return Recommendations.compute(
                            spark,
                            new RecommendationSource(
                                    old, new IdMappings(previous.userIds(), previous.itemIds()), excluded),
                            outputs.topN(),
                            outputs.blocks())
                    .persist(StorageLevel.MEMORY_AND_DISK());
        }

        /**
         * This run's likes and, with the previous run's prepared likes, those added and removed (the same
         * real ids, compared as this run's indices).
         */
        RunManifest.LikeChanges likes(PreparedData data) {
            if (!hasPrepared) {
                return new RunManifest.LikeChanges(data.all().count(), null, null, null);
            }
            // One full outer join of the two runs' (user, item) pairs, each distinct within its run, counts
            // the current likes, the previous ones, those added (only now) and those removed (only before)
            // in one pass. The pairs are joined as ints: the previous run's numbering is mapped to this run's
            // once, through the two id tables (a like whose user or item vanished keeps a null index, which
            // matches nothing, so it counts as removed).
            Dataset<Row> userIndex =
                    renumbering(previous.preparedIds("users"), data.indexed().users());
            Dataset<Row> itemIndex =
                    renumbering(previous.preparedIds("items"), data.indexed().items());
            Dataset<Row> before = previous.preparedDenseLikes()
                    .select(col("user").as("old_user"), col("item").as("old_item"))
                    .join(userIndex.withColumnsRenamed(Map.of("old", "old_user", "new", "user")), "old_user", "left")
                    .join(itemIndex.withColumnsRenamed(Map.of("old", "old_item", "new", "item")), "old_item", "left")
                    .select(col("user"), col("item"), functions.lit(true).as("before"));
            Dataset<Row> now = data.all()
                    .select(col("user"), col("item"), functions.lit(true).as("now"));
            Row counts = now.join(before, new String[] {"user", "item"}, "full_outer")
                    .agg(
                            functions.count(col("now")),
                            functions.count(col("before")),
                            functions.count(functions.when(col("before").isNull(), 1)),
                            functions.count(functions.when(col("now").isNull(), 1)))
                    .first();
            long current = counts.getLong(0);
            long count = counts.getLong(1);
            long added = counts.getLong(2);
            long removed = counts.getLong(3);
            return new RunManifest.LikeChanges(current, count, added, removed);
        }
    }

    /**
     * The starting factors: kept rows' previous vectors in the new numbering, new users folded in against
     * the previous items with the previous objective {@code trained}, then new items against the users so far.
     *
     * @param data    the new snapshot, prepared
     * @param likes   the likes of {@code data} the fit will train on (cached by the caller)
     * @param userMap (previous index, new index) of the users in both runs ({@link #matched})
     * @param itemMap the same for items
     */
    static StartingFactors start(
            FinishedRun previous,
            FactorModel old,
            AlsParams trained,
            int partitions,
            PreparedData data,
            JavaRDD<Rating> likes,
            JavaPairRDD<Integer, Integer> userMap,
            JavaPairRDD<Integer, Integer> itemMap) {
        int rank = old.rank();
        JavaPairRDD<Integer, double[]> keptUsers = renumbered(old.users(), userMap);
        JavaPairRDD<Integer, double[]> keptItems = renumbered(old.items(), itemMap);

        // Which rows of the new numbering are kept, as bit sets (a bit per user or item) sent once to every
        // executor: a like is sorted out as a new user's or a new item's where it lies, without a shuffle.
        JavaSparkContext context = JavaSparkContext.fromSparkContext(likes.context());
        Broadcast<long[]> usersKept = context.broadcast(IndexSet.of(userMap.values(), data.numUsers()));
        Broadcast<long[]> itemsKept = context.broadcast(IndexSet.of(itemMap.values(), data.numItems()));

        // New users, against the previous items in the previous numbering (what fold-in solves).
        JavaPairRDD<Integer, Integer> newToOldItem = itemMap.mapToPair(Tuple2::swap);
        JavaRDD<Rating> newUserLikes = likes.filter(like -> !IndexSet.contains(usersKept.value(), like.user()))
                .mapToPair(like -> new Tuple2<>(like.item(), like))
                .join(newToOldItem)
                .values()
                .map(t -> new Rating(t._1().user(), t._2(), t._1().weight()));
        FoldIn.FixedFactors oldItems = FoldIn.FixedFactors.of(old.items(), rank);
        Bm25.Statistics oldBm25 = previous.bm25(oldItems.count());
        JavaPairRDD<Integer, double[]> foldedUsers = FoldIn.solve(
                        newUserLikes, Side.USERS, oldItems, trained, oldBm25, partitions)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Integer, double[]> userFactors =
                keptUsers.union(foldedUsers).persist(StorageLevel.MEMORY_AND_DISK());
        // the users with factors now: the kept ones and those just folded in (this job solves them)
        long[] folded = IndexSet.of(foldedUsers.keys(), data.numUsers());
        long usersFolded = IndexSet.size(folded);
        Broadcast<long[]> usersWithFactors = context.broadcast(IndexSet.union(folded, usersKept.value()));

        // New items, against the users that have factors now (in the new numbering).
        AlsParams itemParams = trained;
        JavaRDD<Rating> weighted = likes;
        if (trained.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            // BM25 weighs user rows: the likes are weighted over the new matrix, then c = 1 + alpha w
            weighted = Bm25.weigh(likes, data.numUsers(), data.numItems(), form).likes();
            itemParams = trained.withObjective(trained.objective().withConfidence(new Confidence.Linear(form.alpha())));
        }
        JavaRDD<Rating> newItemLikes = weighted.filter(like -> !IndexSet.contains(itemsKept.value(), like.item())
                && IndexSet.contains(usersWithFactors.value(), like.user()));
        JavaPairRDD<Integer, double[]> foldedItems = FoldIn.solve(
                        newItemLikes,
                        Side.ITEMS,
                        FoldIn.FixedFactors.of(userFactors, rank, data.numUsers()),
                        itemParams,
                        null,
                        partitions)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Integer, double[]> itemFactors =
                keptItems.union(foldedItems).persist(StorageLevel.MEMORY_AND_DISK());
        long itemsFolded = foldedItems.count();
        if (weighted != likes) {
            weighted.unpersist(false);
        }
        return new StartingFactors(
                new FactorModel(rank, userFactors, itemFactors),
                null,
                usersFolded,
                itemsFolded,
                List.of(foldedUsers, foldedItems));
    }

    /**
     * The same start in the driver's memory, for a fit that runs there: the previous factors and the likes
     * that fold-ins read (those of new users and of new items, one pass over {@code likes}) are collected, and
     * the same exact solves ({@link FoldIn#solveLocal}) place the new rows, against the same fixed factors
     * (the previous items, all of them, for new users; the users with factors, the others zero, for new
     * items). No shuffle, and the fit takes the result without a Spark job ({@link PackedFactors}).
     */
    static StartingFactors startInMemory(
            FinishedRun previous,
            FactorModel old,
            AlsParams trained,
            PreparedData data,
            JavaRDD<Rating> likes,
            JavaPairRDD<Integer, Integer> userMap,
            JavaPairRDD<Integer, Integer> itemMap) {
        int rank = old.rank();
        int numUsers = data.numUsers();
        int numItems = data.numItems();
        int threads = AlsTrainer.inMemoryThreads(likes.context());
        long began = System.nanoTime();
        int[] oldUser = previousIndices(userMap, numUsers);
        int[] oldItem = previousIndices(itemMap, numItems);
        PackedFactors.Rows previousItems = PackedFactors.Rows.collect(old.items(), rank);
        PackedFactors.Rows previousUsers = PackedFactors.Rows.collect(old.users(), rank);
        FoldIn.FixedFactors oldItems = FoldIn.FixedFactors.of(previousItems.values(), previousItems.count(rank), rank);

        // the likes a fold-in reads: of a new user or of a new item (BM25: the items' from the weighted likes)
        JavaSparkContext context = JavaSparkContext.fromSparkContext(likes.context());
        Broadcast<long[]> usersKept = context.broadcast(IndexSet.ofKept(oldUser));
        Broadcast<long[]> itemsKept = context.broadcast(IndexSet.ofKept(oldItem));
        List<LikeTriples> touching =
                LikeTriples.collect(likes.filter(like -> !IndexSet.contains(usersKept.value(), like.user())
                        || !IndexSet.contains(itemsKept.value(), like.item())));
        AlsParams itemParams = trained;
        List<LikeTriples> itemSource = touching;
        if (trained.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            // BM25 weighs user rows: the likes are weighted over the new matrix, then c = 1 + alpha w
            Bm25.Weighted weighted = Bm25.weigh(likes, numUsers, numItems, form);
            itemSource = LikeTriples.collect(
                    weighted.likes().filter(like -> !IndexSet.contains(itemsKept.value(), like.item())));
            weighted.likes().unpersist(false);
            itemParams = trained.withObjective(trained.objective().withConfidence(new Confidence.Linear(form.alpha())));
        }
        usersKept.destroy();
        itemsKept.destroy();
        long collected = System.nanoTime();

        // New users, against the previous items in the previous numbering (what fold-in solves).
        List<Rating> newUserLikes = new ArrayList<>();
        for (LikeTriples part : touching) {
            for (int j = 0; j < part.size(); j++) {
                if (oldUser[part.user(j)] < 0 && oldItem[part.item(j)] >= 0) {
                    newUserLikes.add(new Rating(part.user(j), oldItem[part.item(j)], part.weight(j)));
                }
            }
        }
        Bm25.Statistics oldBm25 = previous.bm25(oldItems.count());
        List<Tuple2<Integer, double[]>> foldedUsers =
                FoldIn.solveLocal(newUserLikes, Side.USERS, oldItems, trained, oldBm25, threads);
        double[] users = new double[numUsers * rank];
        BitSet userRows = new BitSet(numUsers);
        keep(previousUsers, oldUser, users, userRows, rank);
        place(foldedUsers, users, userRows, rank);
        long usersSolved = System.nanoTime();

        // New items, against the users that have factors now (in the new numbering; the others add nothing).
        List<Rating> newItemLikes = new ArrayList<>();
        for (LikeTriples part : itemSource) {
            for (int j = 0; j < part.size(); j++) {
                if (oldItem[part.item(j)] < 0 && userRows.get(part.user(j))) {
                    newItemLikes.add(new Rating(part.user(j), part.item(j), part.weight(j)));
                }
            }
        }
        List<Tuple2<Integer, double[]>> foldedItems = FoldIn.solveLocal(
                newItemLikes, Side.ITEMS, FoldIn.FixedFactors.of(users, numUsers, rank), itemParams, null, threads);
        double[] items = new double[numItems * rank];
        BitSet itemRows = new BitSet(numItems);
        keep(previousItems, oldItem, items, itemRows, rank);
        place(foldedItems, items, itemRows, rank);
        LOG.info(
                "refit start in memory: previous factors and fold-ins' likes collected in {} s, {} users folded in"
                        + " in {} s, {} items in {} s ({} threads)",
                Seconds.between(began, collected),
                foldedUsers.size(),
                Seconds.between(collected, usersSolved),
                foldedItems.size(),
                Seconds.since(usersSolved),
                threads);
        return new StartingFactors(
                null,
                new PackedFactors(rank, users, userRows, items, itemRows),
                foldedUsers.size(),
                foldedItems.size(),
                List.of());
    }

    /** For each index of the new numbering, its index in the previous run's, or -1 (a new row). */
    private static int[] previousIndices(JavaPairRDD<Integer, Integer> oldToNew, int size) {
        int[] previous = new int[size];
        java.util.Arrays.fill(previous, -1);
        for (Tuple2<Integer, Integer> pair : oldToNew.collect()) {
            previous[pair._2()] = pair._1();
        }
        return previous;
    }

    /** The kept rows' previous vectors, at their new index. */
    private static void keep(PackedFactors.Rows previous, int[] oldIndex, double[] into, BitSet rows, int rank) {
        for (int row = 0; row < oldIndex.length; row++) {
            if (oldIndex[row] >= 0 && previous.given().get(oldIndex[row])) {
                System.arraycopy(previous.values(), oldIndex[row] * rank, into, row * rank, rank);
                rows.set(row);
            }
        }
    }

    private static void place(List<Tuple2<Integer, double[]>> solved, double[] into, BitSet rows, int rank) {
        for (Tuple2<Integer, double[]> row : solved) {
            System.arraycopy(row._2(), 0, into, row._1() * rank, rank);
            rows.set(row._1());
        }
    }

    /**
     * The starting factors, as RDDs ({@link #start}) or in the driver's memory ({@link #startInMemory}): the
     * fit's warm start either way; and how many new rows were folded in (the others start from seeded vectors).
     */
    record StartingFactors(
            FactorModel model,
            PackedFactors packed,
            long usersFoldedIn,
            long itemsFoldedIn,
            List<JavaPairRDD<Integer, double[]>> cached)
            implements FitHook {
        @Override
        public FactorModel warmStart() {
            return model;
        }

        @Override
        public PackedFactors packedWarmStart() {
            return packed;
        }

        void unpersist() {
            if (model != null) {
                model.users().unpersist(false);
                model.items().unpersist(false);
            }
            cached.forEach(rdd -> rdd.unpersist(false));
        }
    }

    /** (old index, new index) of the ids in both mappings (columns id, idx). */
    static JavaPairRDD<Integer, Integer> matched(Dataset<Row> oldIds, Dataset<Row> newIds) {
        return renumbering(oldIds, newIds)
                .javaRDD()
                .mapToPair(row -> new Tuple2<>(row.getInt(0), row.getInt(1)))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** (old, new): the index of each id in both mappings (columns id, idx) in the old and in the new one. */
    static Dataset<Row> renumbering(Dataset<Row> oldIds, Dataset<Row> newIds) {
        return oldIds.select(col("id"), col("idx").as("old"))
                .join(newIds.select(col("id"), col("idx").as("new")), "id")
                .select("old", "new");
    }

    /** The vectors of the matched indices, keyed by their new index. */
    static JavaPairRDD<Integer, double[]> renumbered(
            JavaPairRDD<Integer, double[]> vectors, JavaPairRDD<Integer, Integer> oldToNew) {
        return vectors.join(oldToNew).mapToPair(t -> new Tuple2<>(t._2()._2(), t._2()._1()));
    }

    /**
     * A set of dense indices as a bit per index ({@code long[]}: Kryo and Java serialization both keep it
     * whole, and it is n / 8 bytes, small enough to broadcast for millions of rows).
     */
    static final class IndexSet {
        private IndexSet() {}

        /** The set of {@code indices}, each in [0, size), gathered from the partitions. */
        static long[] of(JavaRDD<Integer> indices, int size) {
            return indices.aggregate(
                    new long[(size + 63) / 64],
                    (words, index) -> {
                        words[index >>> 6] |= 1L << index;
                        return words;
                    },
                    IndexSet::union);
        }

        /** The indices whose entry is not negative (a kept row's previous index), of {@code previous.length}. */
        static long[] ofKept(int[] previous) {
            long[] words = new long[(previous.length + 63) / 64];
            for (int index = 0; index < previous.length; index++) {
                if (previous[index] >= 0) {
                    words[index >>> 6] |= 1L << index;
                }
            }
            return words;
        }

        static boolean contains(long[] words, int index) {
            return (words[index >>> 6] & (1L << index)) != 0;
        }

        static long size(long[] words) {
            long size = 0;
            for (long word : words) {
                size += Long.bitCount(word);
            }
            return size;
        }

        /** {@code a} with {@code b}'s indices added (same size). */
        static long[] union(long[] a, long[] b) {
            long[] union = a.clone();
            for (int w = 0; w < b.length; w++) {
                union[w] |= b[w];
            }
            return union;
        }
    }
}
