package org.wrmf.ml;

import static org.wrmf.ml.WrmfParamDefs.require;

import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.AlsTrainer;
import org.wrmf.als.Confidence;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Objective;
import org.wrmf.als.PackedFactors;
import org.wrmf.als.Rating;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;
import org.wrmf.data.IndexedLikes;

/**
 * Implicit-feedback matrix factorization (WRMF: Hu, Koren and Volinsky 2008) as a Spark ML
 * {@code Estimator}: {@link #fit} trains the project's block-partitioned ALS engine on a DataFrame of
 * likes and returns a {@link WrmfModel}.
 *
 * <p>Input: one row per like, a user id column ({@link #userCol()}) and an item id column
 * ({@link #itemCol()}), each int, long or string (kept as they are: the model maps them to dense
 * indices and back), and optionally a numeric weight column ({@link #ratingCol()}; without it every
 * like weighs 1). Repeated (user, item) pairs are merged as the job merges them: weights summed, or,
 * without weights, counted once ({@link #dedupe()}). Rows with a null id or a weight that is not a
 * positive finite float are left out and counted in the log.
 *
 * <p>The objective: the sum over all (user, item) cells of c_ui (p_ui - x_u.y_i)^2 plus lambda_u
 * ||x_u||^2 and lambda_i ||y_i||^2, p_ui = 1 for a like and 0 elsewhere, confidence c_ui = 1 + alpha d_ui
 * ({@link #confidence()} {@code linear}), 1 + alpha log(1 + d/epsilon) ({@code log}) or 1 + alpha
 * BM25(d) ({@code bm25}). The lambdas are constant ({@link #regularizationScaling()} {@code constant}),
 * NOT MLlib's regParam times each row's number of ratings; {@code count} with exponent 1 is MLlib's.
 *
 * <p>Defaults follow Spark MLlib's ALS where MLlib has the param (rank 10, maxIter 10, regParam 0.1,
 * alpha 1.0, 10 user and item blocks, checkpointInterval 10, coldStartStrategy nan); the job's settings
 * in {@code conf/application.conf} follow the original analysis instead. Invalid params or columns fail
 * {@link #fit} (and {@link #transformSchema}) with an IllegalArgumentException naming the param.
 *
 * <pre>{@code
 * WrmfModel model = new Wrmf().setUserCol("user").setItemCol("item").setRank(40).setAlpha(10).fit(likes);
 * Dataset<Row> top10 = model.recommendForAllUsers(10);
 * }</pre>
 */
public final class Wrmf extends Estimator<WrmfModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Wrmf.class);

    private final String uid;
    private final Param<String> userCol;
    private final Param<String> itemCol;
    private final Param<String> ratingCol;
    private final Param<String> predictionCol;
    private final Param<String> coldStartStrategy;
    private final BooleanParam excludeLiked;
    private final Param<String> recommendationsCol;
    private final IntParam numRecommendations;
    private final IntParam rank;
    private final IntParam maxIter;
    private final DoubleParam regParam;
    private final DoubleParam regParamUsers;
    private final DoubleParam regParamItems;
    private final DoubleParam alpha;
    private final Param<String> regularizationScaling;
    private final DoubleParam regularizationExponent;
    private final Param<String> confidence;
    private final DoubleParam epsilon;
    private final DoubleParam k1;
    private final DoubleParam b;
    private final Param<String> solver;
    private final Param<String> execution;
    private final IntParam cgSteps;
    private final IntParam blockSize;
    private final IntParam blockSweeps;
    private final Param<String> finalSolve;
    private final IntParam numUserBlocks;
    private final IntParam numItemBlocks;
    private final IntParam checkpointInterval;
    private final LongParam seed;
    private final BooleanParam dedupe;
    private final IntParam minUserLikes;
    private final IntParam minItemLikes;

    public Wrmf() {
        this(Identifiable$.MODULE$.randomUID("wrmf"));
    }

    /** With a given uid (Spark's readers make estimators this way). */
    public Wrmf(String uid) {
        this.uid = uid;
        userCol = WrmfParamDefs.userCol(this);
        itemCol = WrmfParamDefs.itemCol(this);
        ratingCol = WrmfParamDefs.ratingCol(this);
        predictionCol = WrmfParamDefs.predictionCol(this);
        coldStartStrategy = WrmfParamDefs.coldStartStrategy(this);
        excludeLiked = WrmfParamDefs.excludeLiked(this);
        recommendationsCol = WrmfParamDefs.recommendationsCol(this);
        numRecommendations = WrmfParamDefs.numRecommendations(this);
        rank = new IntParam(this, "rank", "rank k of the factorization: factors per user and per item (>= 1)");
        maxIter = new IntParam(this, "maxIter", "full ALS iterations, users then items (>= 0)");
        regParam = new DoubleParam(
                this, "regParam", "lambda of both sides (>= 0), constant per row unless regularizationScaling says");
        regParamUsers = new DoubleParam(this, "regParamUsers", "lambda of the user factors alone; unset: regParam");
        regParamItems = new DoubleParam(this, "regParamItems", "lambda of the item factors alone; unset: regParam");
        alpha = new DoubleParam(this, "alpha", "confidence scale alpha (finite, >= 0)");
        regularizationScaling = new Param<>(
                this,
                "regularizationScaling",
                "how a row's lambda grows with the row: constant (lambda), count (lambda * n_u^nu, nu = 1 is MLlib's"
                        + " ALS-WR) or frequency (lambda * (sum of the row's confidences over all columns)^nu)");
        regularizationExponent =
                new DoubleParam(this, "regularizationExponent", "nu of count and frequency scaling (finite)");
        confidence = new Param<>(
                this,
                "confidence",
                "confidence of a like of weight d: linear (1 + alpha d), log (1 + alpha log(1 + d / epsilon)) or"
                        + " bm25 (1 + alpha BM25(d), with k1 and b)");
        epsilon = new DoubleParam(this, "epsilon", "epsilon of the log confidence (finite, > 0)");
        k1 = new DoubleParam(this, "k1", "k1 of the bm25 confidence (finite, >= 0)");
        b = new DoubleParam(this, "b", "b of the bm25 confidence (in [0, 1])");
        solver = new Param<>(
                this,
                "solver",
                "how each row is solved: cholesky (exact), cg (conjugate gradient, cgSteps warm-started steps) or"
                        + " block (iALS++ block coordinate descent, for large ranks)");
        execution = new Param<>(
                this,
                "execution",
                "where the fit runs: distributed (Spark jobs over numUserBlocks blocks, one per iteration), local (in"
                        + " the driver's JVM on all its cores, the likes collected there; no Spark job per iteration)"
                        + " or auto (local when Spark runs in local mode and the problem takes at most a quarter of the"
                        + " driver's heap)");
        cgSteps = new IntParam(this, "cgSteps", "conjugate-gradient steps per row and half-iteration (>= 1)");
        blockSize = new IntParam(this, "blockSize", "dimensions per block of the block solver (>= 1)");
        blockSweeps = new IntParam(this, "blockSweeps", "passes of the block solver per half-iteration (>= 1)");
        finalSolve = new Param<>(
                this,
                "finalSolve",
                "how the model's users are solved once more against its items: exact (Cholesky) or iterative"
                        + " (conjugate gradient to 1e-10)");
        numUserBlocks = new IntParam(
                this,
                "numUserBlocks",
                "user blocks (>= 1); the engine uses one block count for both sides: max(numUserBlocks, numItemBlocks)");
        numItemBlocks = new IntParam(this, "numItemBlocks", "item blocks (>= 1); see numUserBlocks");
        checkpointInterval = new IntParam(
                this,
                "checkpointInterval",
                "checkpoint the factors every this many iterations (>= 1), or -1 (or 0) never; reliable when the"
                        + " SparkContext has a checkpoint directory, else local");
        seed = new LongParam(this, "seed", "seed of the initial factors, drawn per (seed, side, index)");
        dedupe = WrmfParamDefs.dedupe(this);
        minUserLikes = new IntParam(
                this, "minUserLikes", "k-core: keep users with at least this many liked items (>= 1; 1: off)");
        minItemLikes = new IntParam(
                this, "minItemLikes", "k-core: keep items liked by at least this many users (>= 1; 1: off)");

        WrmfParamDefs.setDefaults(
                this,
                userCol,
                itemCol,
                predictionCol,
                coldStartStrategy,
                excludeLiked,
                recommendationsCol,
                numRecommendations,
                ratingCol,
                dedupe);
        setDefault(rank, 10);
        setDefault(maxIter, 10);
        setDefault(regParam, 0.1);
        setDefault(alpha, 1.0);
        setDefault(regularizationScaling, "constant");
        setDefault(regularizationExponent, 1.0);
        setDefault(confidence, Confidence.LINEAR);
        setDefault(epsilon, 1e-8);
        setDefault(k1, 100.0);
        setDefault(b, 0.8);
        setDefault(solver, "cholesky");
        setDefault(cgSteps, 3);
        setDefault(blockSize, 64);
        setDefault(blockSweeps, 1);
        setDefault(finalSolve, "exact");
        setDefault(numUserBlocks, 10);
        setDefault(numItemBlocks, 10);
        setDefault(checkpointInterval, 10);
        setDefault(execution, "auto");
        setDefault(seed, (long) Wrmf.class.getName().hashCode());
        setDefault(minUserLikes, 1);
        setDefault(minItemLikes, 1);
    }

    @Override
    public String uid() {
        return uid;
    }

    // ---- params (Spark's style: the Param, its getter, its setter) ----

    /** Column of user ids: int, long or string (default {@code user}). */
    public Param<String> userCol() {
        return userCol;
    }

    public String getUserCol() {
        return getOrDefault(userCol);
    }

    public Wrmf setUserCol(String value) {
        set(userCol, value);
        return this;
    }

    /** Column of item ids: int, long or string (default {@code item}). */
    public Param<String> itemCol() {
        return itemCol;
    }

    public String getItemCol() {
        return getOrDefault(itemCol);
    }

    public Wrmf setItemCol(String value) {
        set(itemCol, value);
        return this;
    }

    /** Optional numeric weight column; empty (default): every like weighs 1. */
    public Param<String> ratingCol() {
        return ratingCol;
    }

    public String getRatingCol() {
        return getOrDefault(ratingCol);
    }

    public Wrmf setRatingCol(String value) {
        set(ratingCol, value);
        return this;
    }

    /** Column of the model's predictions (default {@code prediction}). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public Wrmf setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /** {@code nan} (default) or {@code drop}: the model's transform of unknown users and items, as MLlib's. */
    public Param<String> coldStartStrategy() {
        return coldStartStrategy;
    }

    public String getColdStartStrategy() {
        return getOrDefault(coldStartStrategy);
    }

    public Wrmf setColdStartStrategy(String value) {
        set(coldStartStrategy, value);
        return this;
    }

    /** Whether the model's recommendations to users skip their training likes (default true). */
    public BooleanParam excludeLiked() {
        return excludeLiked;
    }

    public boolean getExcludeLiked() {
        return (Boolean) getOrDefault(excludeLiked);
    }

    public Wrmf setExcludeLiked(boolean value) {
        set(excludeLiked, value);
        return this;
    }

    /** The model's transform writes each user's top items to this column when not empty (default empty). */
    public Param<String> recommendationsCol() {
        return recommendationsCol;
    }

    public String getRecommendationsCol() {
        return getOrDefault(recommendationsCol);
    }

    public Wrmf setRecommendationsCol(String value) {
        set(recommendationsCol, value);
        return this;
    }

    /** Length of the lists in recommendationsCol (default 10). */
    public IntParam numRecommendations() {
        return numRecommendations;
    }

    public int getNumRecommendations() {
        return (Integer) getOrDefault(numRecommendations);
    }

    public Wrmf setNumRecommendations(int value) {
        set(numRecommendations, value);
        return this;
    }

    /** Rank of the factorization (default 10, as MLlib). */
    public IntParam rank() {
        return rank;
    }

    public int getRank() {
        return (Integer) getOrDefault(rank);
    }

    public Wrmf setRank(int value) {
        set(rank, value);
        return this;
    }

    /** Full iterations (default 10, as MLlib). */
    public IntParam maxIter() {
        return maxIter;
    }

    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    public Wrmf setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    /** Lambda of both sides (default 0.1, MLlib's value; constant per row, see the class comment). */
    public DoubleParam regParam() {
        return regParam;
    }

    public double getRegParam() {
        return (Double) getOrDefault(regParam);
    }

    public Wrmf setRegParam(double value) {
        set(regParam, value);
        return this;
    }

    /** Lambda of the user factors alone (unset: regParam). */
    public DoubleParam regParamUsers() {
        return regParamUsers;
    }

    public double getRegParamUsers() {
        return isDefined(regParamUsers) ? (Double) getOrDefault(regParamUsers) : getRegParam();
    }

    public Wrmf setRegParamUsers(double value) {
        set(regParamUsers, value);
        return this;
    }

    /** Lambda of the item factors alone (unset: regParam). */
    public DoubleParam regParamItems() {
        return regParamItems;
    }

    public double getRegParamItems() {
        return isDefined(regParamItems) ? (Double) getOrDefault(regParamItems) : getRegParam();
    }

    public Wrmf setRegParamItems(double value) {
        set(regParamItems, value);
        return this;
    }

    /** Confidence scale (default 1.0, as MLlib). */
    public DoubleParam alpha() {
        return alpha;
    }

    public double getAlpha() {
        return (Double) getOrDefault(alpha);
    }

    public Wrmf setAlpha(double value) {
        set(alpha, value);
        return this;
    }

    /** {@code constant} (default), {@code count} or {@code frequency}. */
    public Param<String> regularizationScaling() {
        return regularizationScaling;
    }

    public String getRegularizationScaling() {
        return getOrDefault(regularizationScaling);
    }

    public Wrmf setRegularizationScaling(String value) {
        set(regularizationScaling, value);
        return this;
    }

    /** nu of count and frequency scaling (default 1). */
    public DoubleParam regularizationExponent() {
        return regularizationExponent;
    }

    public double getRegularizationExponent() {
        return (Double) getOrDefault(regularizationExponent);
    }

    public Wrmf setRegularizationExponent(double value) {
        set(regularizationExponent, value);
        return this;
    }

    /** {@code linear} (default), {@code log} or {@code bm25}. */
    public Param<String> confidence() {
        return confidence;
    }

    public String getConfidence() {
        return getOrDefault(confidence);
    }

    public Wrmf setConfidence(String value) {
        set(confidence, value);
        return this;
    }

    /** epsilon of the log confidence (default 1e-8, the job's). */
    public DoubleParam epsilon() {
        return epsilon;
    }

    public double getEpsilon() {
        return (Double) getOrDefault(epsilon);
    }

    public Wrmf setEpsilon(double value) {
        set(epsilon, value);
        return this;
    }

    /** k1 of the bm25 confidence (default 100, implicit's). */
    public DoubleParam k1() {
        return k1;
    }

    public double getK1() {
        return (Double) getOrDefault(k1);
    }

    public Wrmf setK1(double value) {
        set(k1, value);
        return this;
    }

    /** b of the bm25 confidence (default 0.8, implicit's). */
    public DoubleParam b() {
        return b;
    }

    public double getB() {
        return (Double) getOrDefault(b);
    }

    public Wrmf setB(double value) {
        set(b, value);
        return this;
    }

    /** {@code cholesky} (default), {@code cg} or {@code block}. */
    public Param<String> solver() {
        return solver;
    }

    public String getSolver() {
        return getOrDefault(solver);
    }

    public Wrmf setSolver(String value) {
        set(solver, value);
        return this;
    }

    /** Conjugate-gradient steps (default 3). */
    public IntParam cgSteps() {
        return cgSteps;
    }

    public int getCgSteps() {
        return (Integer) getOrDefault(cgSteps);
    }

    public Wrmf setCgSteps(int value) {
        set(cgSteps, value);
        return this;
    }

    /** Dimensions per block of the block solver (default 64). */
    public IntParam blockSize() {
        return blockSize;
    }

    public int getBlockSize() {
        return (Integer) getOrDefault(blockSize);
    }

    public Wrmf setBlockSize(int value) {
        set(blockSize, value);
        return this;
    }

    /** Sweeps of the block solver (default 1). */
    public IntParam blockSweeps() {
        return blockSweeps;
    }

    public int getBlockSweeps() {
        return (Integer) getOrDefault(blockSweeps);
    }

    public Wrmf setBlockSweeps(int value) {
        set(blockSweeps, value);
        return this;
    }

    /** {@code exact} (default) or {@code iterative}. */
    public Param<String> finalSolve() {
        return finalSolve;
    }

    public String getFinalSolve() {
        return getOrDefault(finalSolve);
    }

    public Wrmf setFinalSolve(String value) {
        set(finalSolve, value);
        return this;
    }

    /** User blocks (default 10, as MLlib). */
    public IntParam numUserBlocks() {
        return numUserBlocks;
    }

    public int getNumUserBlocks() {
        return (Integer) getOrDefault(numUserBlocks);
    }

    public Wrmf setNumUserBlocks(int value) {
        set(numUserBlocks, value);
        return this;
    }

    /** Item blocks (default 10, as MLlib). */
    public IntParam numItemBlocks() {
        return numItemBlocks;
    }

    public int getNumItemBlocks() {
        return (Integer) getOrDefault(numItemBlocks);
    }

    public Wrmf setNumItemBlocks(int value) {
        set(numItemBlocks, value);
        return this;
    }

    /** Sets both numUserBlocks and numItemBlocks, as MLlib's setNumBlocks. */
    public Wrmf setNumBlocks(int value) {
        return setNumUserBlocks(value).setNumItemBlocks(value);
    }

    /** Checkpoint every this many iterations (default 10, as MLlib; -1 or 0: never). */
    public IntParam checkpointInterval() {
        return checkpointInterval;
    }

    public int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval);
    }

    public Wrmf setCheckpointInterval(int value) {
        set(checkpointInterval, value);
        return this;
    }

    /**
     * Where the fit runs (default auto): distributed, local (the driver's JVM, all its cores) or auto (local
     * when Spark runs in local mode and the problem takes at most a quarter of the driver's heap). The same
     * factors either way, up to the order of floating-point sums.
     */
    public Param<String> execution() {
        return execution;
    }

    public String getExecution() {
        return getOrDefault(execution);
    }

    public Wrmf setExecution(String value) {
        set(execution, value);
        return this;
    }

    /** Seed of the initial factors (default: the hash of the class name, as MLlib's). */
    public LongParam seed() {
        return seed;
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public Wrmf setSeed(long value) {
        set(seed, value);
        return this;
    }

    /** Without ratingCol, whether repeated pairs count once (default true, the job's rule). */
    public BooleanParam dedupe() {
        return dedupe;
    }

    public boolean getDedupe() {
        return (Boolean) getOrDefault(dedupe);
    }

    public Wrmf setDedupe(boolean value) {
        set(dedupe, value);
        return this;
    }

    /** k-core on users (default 1: off). */
    public IntParam minUserLikes() {
        return minUserLikes;
    }

    public int getMinUserLikes() {
        return (Integer) getOrDefault(minUserLikes);
    }

    public Wrmf setMinUserLikes(int value) {
        set(minUserLikes, value);
        return this;
    }

    /** k-core on items (default 1: off). */
    public IntParam minItemLikes() {
        return minItemLikes;
    }

    public int getMinItemLikes() {
        return (Integer) getOrDefault(minItemLikes);
    }

    public Wrmf setMinItemLikes(int value) {
        set(minItemLikes, value);
        return this;
    }

    // ---- Estimator ----

    /**
     * Checks the input columns (ids int, long or string; the weight numeric) and adds the prediction column
     * (float), and the recommendations column when set; IllegalArgumentException naming the param otherwise.
     */
    @Override
    public StructType transformSchema(StructType schema) {
        WrmfParamDefs.idType(schema, userCol, getUserCol());
        org.apache.spark.sql.types.DataType itemType = WrmfParamDefs.idType(schema, itemCol, getItemCol());
        if (!getRatingCol().isEmpty()) {
            WrmfParamDefs.requireNumeric(schema, ratingCol, getRatingCol());
        }
        return WrmfModel.outputSchema(schema, getPredictionCol(), getRecommendationsCol(), itemType);
    }

    /**
     * Trains the engine on the likes of {@code dataset}: checks the params and columns, merges repeated
     * pairs, applies the k-core when asked, numbers the ids (distributed), runs {@code maxIter} iterations
     * (a log line each) and solves the users once more against the final items.
     */
    @Override
    public WrmfModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        AlsParams params = alsParams();
        FitExecution where = fitExecution();
        require(getMinUserLikes() >= 1, minUserLikes, "must be >= 1, got " + getMinUserLikes());
        require(getMinItemLikes() >= 1, minItemLikes, "must be >= 1, got " + getMinItemLikes());
        SparkSession spark = dataset.sparkSession();
        Dataset<Row> pairs = LikesInput.pairs(
                dataset.toDF(),
                getUserCol(),
                getItemCol(),
                getRatingCol().isEmpty() ? null : getRatingCol(),
                getDedupe());
        pairs = LikesInput.kCore(pairs, getMinUserLikes(), getMinItemLikes());
        Dataset<Row> userIds = LikesInput.numbered(spark, pairs, "user");
        Dataset<Row> itemIds = LikesInput.numbered(spark, pairs, "item");
        int numUsers = Math.toIntExact(userIds.count());
        int numItems = Math.toIntExact(itemIds.count());
        if (numUsers == 0 || numItems == 0) {
            throw new IllegalArgumentException("no valid like in the input (columns " + getUserCol() + ", "
                    + getItemCol() + (getRatingCol().isEmpty() ? "" : ", " + getRatingCol()) + ")");
        }
        Dataset<Row> likes = LikesInput.indexed(pairs, userIds, itemIds);
        long start = System.nanoTime();
        // read twice (counted where the fit runs is chosen, then built into blocks or collected): kept, so the
        // k-core and the numbering run once
        JavaRDD<Rating> ratings = IndexedLikes.ratings(likes).persist(StorageLevel.MEMORY_AND_DISK());
        try (TrainedFactors trained =
                fitIndexed(ratings, numUsers, numItems, params, where, getMaxIter(), "wrmf fit", FitHook.NONE)) {
            WrmfModel fitted = new WrmfModel(
                    uid,
                    WrmfModel.TrainedState.of(
                            spark,
                            trained.model(),
                            params,
                            trained.bm25(),
                            userIds,
                            itemIds,
                            likes,
                            numUsers,
                            numItems));
            LOG.info("wrmf fit: done in {} s", seconds(start));
            copyValues(fitted, ParamMap.empty());
            return fitted.setParent(this);
        } finally {
            ratings.unpersist(false);
            spark.sparkContext().setJobDescription(null);
        }
    }

    /**
     * Internal to the job (its training commands call it; not the library's API): the one path from likes to
     * a model, for likes already checked, merged and numbered ({@link #fit} does that first, the job's
     * {@code prepare} for the commands). Builds the engine on {@code likes}, starts it from the hook's warm
     * start or the seeded random factors, runs {@code iterations} iterations (a log line and a Spark job
     * description each, {@code label} first) and solves the users once more against the final items,
     * telling {@code hook} at the end of each part.
     *
     * @param likes      (user, item, weight) with dense indices in 0..numUsers-1 and 0..numItems-1
     * @param numUsers   every index below it gets a factor, with or without likes
     * @param numItems   likewise for items
     * @param params     the model description (checked: {@link #fit} makes it from the params)
     * @param execution  where the fit runs (distributed, in one JVM, or auto: see {@link FitExecution})
     * @param iterations full iterations, users then items (0 or more)
     * @param label      names the fit in the log and the Spark UI ({@code wrmf fit}, {@code train}, ...)
     * @param hook       the warm start, the objective per iteration and the calls at each part's end
     * @return the fit, its engine open: close it once the model is used
     */
    public static TrainedFactors fitIndexed(
            JavaRDD<Rating> likes,
            int numUsers,
            int numItems,
            AlsParams params,
            FitExecution execution,
            int iterations,
            String label,
            FitHook hook) {
        long start = System.nanoTime();
        SparkContext sc = likes.context();
        LOG.info(
                "{}: {} users x {} items, rank {}, {} iterations, {} solver, {} blocks",
                label,
                numUsers,
                numItems,
                params.factors(),
                iterations,
                params.solver().method().word(),
                params.solver().blocks());
        sc.setJobDescription(label + ": blocks");
        AlsTrainer engine = engine(likes, numUsers, numItems, params, execution);
        boolean trained = false;
        try {
            PackedFactors packed = hook.packedWarmStart();
            FactorModel from = packed == null ? hook.warmStart() : null;
            if (packed != null) {
                engine.warmStart(packed);
            } else if (from != null) {
                engine.warmStart(from);
            } else {
                engine.initialize();
            }
            hook.started();
            for (int i = 1; i <= iterations; i++) {
                sc.setJobDescription(label + ": iteration " + i + "/" + iterations);
                engine.iterate(1);
                // before the last iteration the training state's objective (a pass over the likes); after
                // it the model's, whose user solve model() then reuses: one user solve in all
                double objective = !hook.objectivePerIteration()
                        ? Double.NaN
                        : i < iterations ? engine.trainingStateLossParts().total() : engine.loss();
                LOG.info("{}: iteration {}/{} done, {} s", label, i, iterations, seconds(start));
                hook.iterated(i, objective);
            }
            hook.iterationsDone();
            sc.setJobDescription(label + ": final user solve");
            FactorModel model = engine.model();
            hook.finalSolved();
            trained = true;
            return new TrainedFactors(engine, model);
        } finally {
            if (!trained) {
                engine.close();
            }
        }
    }

    /** The one place the engine is made: distributed or in one JVM, as {@code execution} says. */
    private static AlsTrainer engine(
            JavaRDD<Rating> likes, int numUsers, int numItems, AlsParams params, FitExecution execution) {
        return AlsTrainer.open(likes, numUsers, numItems, params, execution);
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
    }

    /**
     * The engine's model description from the params; IllegalArgumentException naming the param when a
     * value is out of range.
     */
    AlsParams alsParams() {
        require(getRank() >= 1, rank, "must be >= 1, got " + getRank());
        require(getMaxIter() >= 0, maxIter, "must be >= 0, got " + getMaxIter());
        requireLambda(regParam, getRegParam());
        requireLambda(regParamUsers, getRegParamUsers());
        requireLambda(regParamItems, getRegParamItems());
        require(Double.isFinite(getAlpha()) && getAlpha() >= 0, alpha, "must be finite and >= 0, got " + getAlpha());
        require(
                Double.isFinite(getRegularizationExponent()),
                regularizationExponent,
                "must be finite, got " + getRegularizationExponent());
        RegularizationScaling scaling = word(
                regularizationScaling,
                getRegularizationScaling(),
                RegularizationScaling.values(),
                RegularizationScaling::word);
        Confidence form = switch (getConfidence()) {
            case Confidence.LINEAR -> new Confidence.Linear(getAlpha());
            case Confidence.LOG -> {
                require(
                        Double.isFinite(getEpsilon()) && getEpsilon() > 0,
                        epsilon,
                        "must be finite and > 0, got " + getEpsilon());
                yield new Confidence.Log(getAlpha(), getEpsilon());
            }
            case Confidence.BM25 -> {
                require(Double.isFinite(getK1()) && getK1() >= 0, k1, "must be finite and >= 0, got " + getK1());
                require(getB() >= 0 && getB() <= 1, b, "must be in [0, 1], got " + getB());
                yield new Confidence.Bm25Weighted(getAlpha(), getK1(), getB());
            }
            default ->
                throw new IllegalArgumentException(
                        "param confidence: expected linear, log or bm25, got '" + getConfidence() + "'");
        };
        Solver method = word(solver, getSolver(), Solver.values(), Solver::word);
        FinalSolve last = word(finalSolve, getFinalSolve(), FinalSolve.values(), FinalSolve::word);
        require(getCgSteps() >= 1, cgSteps, "must be >= 1, got " + getCgSteps());
        require(getBlockSize() >= 1, blockSize, "must be >= 1, got " + getBlockSize());
        require(getBlockSweeps() >= 1, blockSweeps, "must be >= 1, got " + getBlockSweeps());
        require(getNumUserBlocks() >= 1, numUserBlocks, "must be >= 1, got " + getNumUserBlocks());
        require(getNumItemBlocks() >= 1, numItemBlocks, "must be >= 1, got " + getNumItemBlocks());
        require(
                getCheckpointInterval() >= 1 || getCheckpointInterval() == -1 || getCheckpointInterval() == 0,
                checkpointInterval,
                "must be >= 1, or -1 (or 0) to never checkpoint, got " + getCheckpointInterval());
        WrmfParamDefs.requireColdStart(getColdStartStrategy(), coldStartStrategy);
        require(getNumRecommendations() >= 1, numRecommendations, "must be >= 1, got " + getNumRecommendations());
        return new AlsParams(
                new Objective(
                        getRank(), getRegParamUsers(), getRegParamItems(), scaling, getRegularizationExponent(), form),
                new SolverSettings(
                        method,
                        getCgSteps(),
                        getBlockSize(),
                        getBlockSweeps(),
                        last,
                        Math.max(getNumUserBlocks(), getNumItemBlocks()),
                        getSeed(),
                        Math.max(0, getCheckpointInterval())));
    }

    private static void requireLambda(DoubleParam param, double value) {
        require(Double.isFinite(value) && value >= 0, param, "must be finite and >= 0, got " + value);
    }

    private static <E> E word(
            Param<String> param, String value, E[] values, java.util.function.Function<E, String> word) {
        for (E e : values) {
            if (word.apply(e).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("param " + param.name() + ": expected one of "
                + java.util.Arrays.stream(values).map(word).toList() + ", got '" + value + "'");
    }

    /** The execution param as the engine's word; IllegalArgumentException naming the param otherwise. */
    FitExecution fitExecution() {
        return word(execution, getExecution(), FitExecution.values(), FitExecution::word);
    }

    @Override
    public Wrmf copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    // ---- persistence: the params, in Spark's own format ----

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /** The reader of saved estimators (Spark's pipelines find it by this name). */
    public static MLReader<Wrmf> read() {
        return new DefaultParamsReader<>();
    }

    public static Wrmf load(String path) {
        return read().load(path);
    }
}
