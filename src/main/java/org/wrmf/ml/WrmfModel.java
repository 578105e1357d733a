package org.wrmf.ml;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.wrmf.ml.WrmfParamDefs.require;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.Explainer;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FoldIn;
import org.wrmf.als.Rating;
import org.wrmf.data.FoldInLikes;
import org.wrmf.data.IndexedLikes;
import org.wrmf.io.FactorFrames;
import org.wrmf.rank.LikedItems;
import org.wrmf.rank.RankOptions;
import org.wrmf.rank.Scored;
import org.wrmf.rank.TopK;

/**
 * A model trained by {@link Wrmf}: user and item factors with their original ids, the likes it was
 * trained on (the exclusions of recommendations, and what {@link #explain} explains) and the objective
 * (for {@link #foldIn} and {@link #explain}).
 *
 * <ul>
 *   <li>{@link #transform}: the predicted score x_u.y_i of each (user, item) row in {@code predictionCol}
 *   (float; NaN or the row dropped for an unknown user or item, by {@code coldStartStrategy}), and, when
 *   {@code recommendationsCol} is set, the row's user's top {@code numRecommendations} item ids: what
 *   {@link RankingMetricsEvaluator} scores.</li>
 *   <li>{@link #recommendForAllUsers}, {@link #recommendForUserSubset}, {@link #recommendForAllItems},
 *   {@link #recommendForItemSubset}: MLlib's output (the id column, then {@code recommendations}, an
 *   array of struct&lt;id, rating&gt;, best first), by the blocked top-k of the project (no dense score
 *   matrix). Recommendations to users skip their training likes unless {@code excludeLiked} is false.</li>
 *   <li>{@link #similarItems}: each item's most similar items by cosine of the item factors.</li>
 *   <li>{@link #foldIn}: factors of new users from their likes, without retraining.</li>
 *   <li>{@link #explain}: a score split into the contributions of the user's liked items.</li>
 * </ul>
 *
 * <p>Factors are stored as floats, as MLlib's: a model gives the same results before and after
 * {@code save}/{@link #load}. The in-memory model's tables are local checkpoints (they live on the
 * executors): save the model to keep it.
 *
 * <p>Persistence ({@link #write()}, {@link #load}): the folder Spark's {@code ALSModel.load} reads
 * ({@code metadata/}, {@code userFactors/}, {@code itemFactors/}: Parquet with {@code id} int and
 * {@code features} array&lt;float&gt;), where the ids are the model's dense indices 0..n-1 whatever the
 * original ids; beside them {@code user-ids/} and {@code item-ids/} ({@code id} as the original type,
 * {@code idx}) map them back, {@code likes/} holds the training likes by dense index, {@code wrmf/} the
 * params and the objective, and {@code bm25-idf/} a bm25 model's idf. ALSModel ignores those folders. Saved
 * inside a pipeline or a tuning model (a folder {@code stages/N_uid} or {@code bestModel}), the
 * metadata names this class instead of ALSModel, because Spark loads each stage by the class its
 * metadata names.
 */
public final class WrmfModel extends Model<WrmfModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WrmfModel.class);

    /**
     * What a fit produced: the factors by dense index (columns {@code id} int, {@code features}
     * array&lt;float&gt;), the id mappings ({@code id}, {@code idx}), the likes by dense index ({@code user},
     * {@code item} int, {@code weight} float), the objective and, for bm25, the training's statistics.
     */
    record TrainedState(
            int rank,
            AlsParams params,
            Bm25.Statistics bm25,
            Dataset<Row> userFactors,
            Dataset<Row> itemFactors,
            Dataset<Row> userIds,
            Dataset<Row> itemIds,
            Dataset<Row> likes,
            int numUsers,
            int numItems) {

        /** From the engine's model: factors narrowed to floats and checkpointed, so the engine can close. */
        static TrainedState of(
                SparkSession spark,
                FactorModel model,
                AlsParams params,
                Bm25.Statistics bm25,
                Dataset<Row> userIds,
                Dataset<Row> itemIds,
                Dataset<Row> likes,
                int numUsers,
                int numItems) {
            return new TrainedState(
                    model.rank(),
                    params,
                    bm25,
                    FactorFrames.dense(spark, model.users()).localCheckpoint(true),
                    FactorFrames.dense(spark, model.items()).localCheckpoint(true),
                    userIds,
                    itemIds,
                    likes,
                    numUsers,
                    numItems);
        }
    }

    private final String uid;
    private final transient TrainedState fitted;
    private final Param<String> userCol;
    private final Param<String> itemCol;
    private final Param<String> ratingCol;
    private final Param<String> predictionCol;
    private final Param<String> coldStartStrategy;
    private final BooleanParam excludeLiked;
    private final Param<String> recommendationsCol;
    private final IntParam numRecommendations;
    private final BooleanParam dedupe;

    WrmfModel(String uid, TrainedState fitted) {
        this.uid = uid;
        this.fitted = fitted;
        userCol = WrmfParamDefs.userCol(this);
        itemCol = WrmfParamDefs.itemCol(this);
        ratingCol = WrmfParamDefs.ratingCol(this);
        predictionCol = WrmfParamDefs.predictionCol(this);
        coldStartStrategy = WrmfParamDefs.coldStartStrategy(this);
        excludeLiked = WrmfParamDefs.excludeLiked(this);
        recommendationsCol = WrmfParamDefs.recommendationsCol(this);
        numRecommendations = WrmfParamDefs.numRecommendations(this);
        dedupe = WrmfParamDefs.dedupe(this);
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
    }

    @Override
    public String uid() {
        return uid;
    }

    TrainedState fitted() {
        return fitted;
    }

    // ---- params ----

    /** Column of user ids in transform's and foldIn's input (default {@code user}). */
    public Param<String> userCol() {
        return userCol;
    }

    public String getUserCol() {
        return getOrDefault(userCol);
    }

    public WrmfModel setUserCol(String value) {
        set(userCol, value);
        return this;
    }

    /** Column of item ids in transform's and foldIn's input (default {@code item}). */
    public Param<String> itemCol() {
        return itemCol;
    }

    public String getItemCol() {
        return getOrDefault(itemCol);
    }

    public WrmfModel setItemCol(String value) {
        set(itemCol, value);
        return this;
    }

    /** Optional weight column of foldIn's input (empty: every like weighs 1). */
    public Param<String> ratingCol() {
        return ratingCol;
    }

    public String getRatingCol() {
        return getOrDefault(ratingCol);
    }

    public WrmfModel setRatingCol(String value) {
        set(ratingCol, value);
        return this;
    }

    /** Column of the predicted scores (default {@code prediction}). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public WrmfModel setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /** {@code nan} (default) or {@code drop}, as MLlib's ALSModel. */
    public Param<String> coldStartStrategy() {
        return coldStartStrategy;
    }

    public String getColdStartStrategy() {
        return getOrDefault(coldStartStrategy);
    }

    public WrmfModel setColdStartStrategy(String value) {
        set(coldStartStrategy, value);
        return this;
    }

    /** Whether recommendations to users skip their training likes (default true). */
    public BooleanParam excludeLiked() {
        return excludeLiked;
    }

    public boolean getExcludeLiked() {
        return (Boolean) getOrDefault(excludeLiked);
    }

    public WrmfModel setExcludeLiked(boolean value) {
        set(excludeLiked, value);
        return this;
    }

    /** When not empty, transform writes each row's user's top item ids here (default empty). */
    public Param<String> recommendationsCol() {
        return recommendationsCol;
    }

    public String getRecommendationsCol() {
        return getOrDefault(recommendationsCol);
    }

    public WrmfModel setRecommendationsCol(String value) {
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

    public WrmfModel setNumRecommendations(int value) {
        set(numRecommendations, value);
        return this;
    }

    /** How foldIn merges repeated pairs without ratingCol, as {@link Wrmf#dedupe()}. */
    public BooleanParam dedupe() {
        return dedupe;
    }

    public boolean getDedupe() {
        return (Boolean) getOrDefault(dedupe);
    }

    public WrmfModel setDedupe(boolean value) {
        set(dedupe, value);
        return this;
    }

    // ---- the model ----

    /** The rank of the factors. */
    public int rank() {
        return fitted.rank();
    }

    /** Users with factors. */
    public int numUsers() {
        return fitted.numUsers();
    }

    /** Items with factors. */
    public int numItems() {
        return fitted.numItems();
    }

    /** The training objective and solver settings (what fold-in and explain use). */
    public AlsParams trainingParams() {
        return fitted.params();
    }

    /** Columns {@code id} (the original user id) and {@code features} (array&lt;float&gt;), as MLlib's. */
    public Dataset<Row> userFactors() {
        return withIds(fitted.userFactors(), fitted.userIds());
    }

    /** Columns {@code id} (the original item id) and {@code features} (array&lt;float&gt;), as MLlib's. */
    public Dataset<Row> itemFactors() {
        return withIds(fitted.itemFactors(), fitted.itemIds());
    }

    private static Dataset<Row> withIds(Dataset<Row> dense, Dataset<Row> ids) {
        return dense.withColumnRenamed("id", "idx").join(ids, "idx").select("id", "features");
    }

    /** The output schema: the input, the prediction (float) and, when set, the recommendations. */
    static StructType outputSchema(StructType schema, String predictionCol, String recommendationsCol, DataType item) {
        StructType out = schema.add(predictionCol, DataTypes.FloatType, true);
        return recommendationsCol.isEmpty()
                ? out
                : out.add(recommendationsCol, DataTypes.createArrayType(item, false), true);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        WrmfParamDefs.idType(schema, userCol, getUserCol());
        WrmfParamDefs.idType(schema, itemCol, getItemCol());
        WrmfParamDefs.requireColdStart(getColdStartStrategy(), coldStartStrategy);
        require(getNumRecommendations() >= 1, numRecommendations, "must be >= 1, got " + getNumRecommendations());
        return outputSchema(
                schema,
                getPredictionCol(),
                getRecommendationsCol(),
                fitted.itemIds().schema().apply("id").dataType());
    }

    /**
     * Adds the prediction x_u.y_i (float) of each row's (user, item); with {@code recommendationsCol}, also
     * the row's user's top items (ids, best first; null for a user the model does not know).
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> input = dataset.toDF();
        Dataset<Row> users =
                userFactors().select(col("id").as("__wrmf_u"), col("features").as("__wrmf_x"));
        Dataset<Row> items =
                itemFactors().select(col("id").as("__wrmf_i"), col("features").as("__wrmf_y"));
        Dataset<Row> joined = input.join(users, input.col(getUserCol()).equalTo(users.col("__wrmf_u")), "left")
                .join(items, input.col(getItemCol()).equalTo(items.col("__wrmf_i")), "left");
        Column dot = expr("aggregate(zip_with(__wrmf_x, __wrmf_y, (a, b) -> cast(a as double) * cast(b as double)),"
                + " cast(0 as double), (sum, p) -> sum + p)");
        Column prediction = when(col("__wrmf_x").isNull().or(col("__wrmf_y").isNull()), lit(Double.NaN))
                .otherwise(dot)
                .cast("float");
        List<Column> columns = new ArrayList<>();
        for (String name : input.columns()) {
            columns.add(input.col(name));
        }
        columns.add(prediction.as(getPredictionCol()));
        Dataset<Row> out = joined.select(columns.toArray(Column[]::new));
        if (WrmfParamDefs.DROP.equals(getColdStartStrategy())) {
            out = out.filter(org.apache.spark.sql.functions.not(isnan(col(getPredictionCol()))));
        }
        if (!getRecommendationsCol().isEmpty()) {
            Dataset<Row> top = recommendForUserSubset(input, getNumRecommendations())
                    .select(
                            col(getUserCol()).as("__wrmf_ru"),
                            expr("transform(recommendations, r -> r." + quoted(getItemCol()) + ")")
                                    .as(getRecommendationsCol()));
            List<Column> all = new ArrayList<>();
            for (String name : out.columns()) {
                all.add(out.col(name));
            }
            all.add(top.col(getRecommendationsCol()));
            out = out.join(top, out.col(getUserCol()).equalTo(top.col("__wrmf_ru")), "left")
                    .select(all.toArray(Column[]::new));
        }
        return out;
    }

    /** Each user's top {@code k} items: {@code userCol}, {@code recommendations} array&lt;struct&lt;itemCol, rating&gt;&gt;. */
    public Dataset<Row> recommendForAllUsers(int k) {
        return recommendUsers(userVectors(), k);
    }

    /** The same for the distinct users of {@code dataset}'s {@code userCol} the model knows. */
    public Dataset<Row> recommendForUserSubset(Dataset<?> dataset, int k) {
        return recommendUsers(subset(dataset.toDF(), getUserCol(), userCol, fitted.userIds(), fitted.userFactors()), k);
    }

    /** Each item's top {@code k} users: {@code itemCol}, {@code recommendations} array&lt;struct&lt;userCol, rating&gt;&gt;. */
    public Dataset<Row> recommendForAllItems(int k) {
        return recommendItems(itemVectors(), k);
    }

    /** The same for the distinct items of {@code dataset}'s {@code itemCol} the model knows. */
    public Dataset<Row> recommendForItemSubset(Dataset<?> dataset, int k) {
        return recommendItems(subset(dataset.toDF(), getItemCol(), itemCol, fitted.itemIds(), fitted.itemFactors()), k);
    }

    /**
     * Each item's {@code k} most similar items by cosine of the item factors, itself excluded:
     * {@code itemCol}, {@code similarItems} array&lt;struct&lt;itemCol, similarity&gt;&gt;, best first.
     */
    public Dataset<Row> similarItems(int k) {
        requireK(k);
        JavaPairRDD<Integer, double[]> items = itemVectors();
        JavaPairRDD<Integer, Scored[]> top = TopK.topK(items, items, k, null, RankOptions.SIMILAR_ITEMS, blocks());
        return rankings(
                top, fitted.itemIds(), getItemCol(), fitted.itemIds(), getItemCol(), "similarItems", "similarity");
    }

    private Dataset<Row> recommendUsers(JavaPairRDD<Integer, double[]> users, int k) {
        requireK(k);
        JavaPairRDD<Integer, int[]> exclusions = null;
        if (getExcludeLiked()) {
            exclusions = LikedItems.byUser(
                    fitted.likes()
                            .select("user", "item")
                            .javaRDD()
                            .mapToPair(r -> new scala.Tuple2<>(r.getInt(0), r.getInt(1))),
                    new HashPartitioner(blocks()));
        }
        JavaPairRDD<Integer, Scored[]> top =
                TopK.topK(users, itemVectors(), k, exclusions, RankOptions.RECOMMEND, blocks());
        return rankings(
                top, fitted.userIds(), getUserCol(), fitted.itemIds(), getItemCol(), "recommendations", "rating");
    }

    private Dataset<Row> recommendItems(JavaPairRDD<Integer, double[]> items, int k) {
        requireK(k);
        JavaPairRDD<Integer, Scored[]> top = TopK.topK(items, userVectors(), k, null, RankOptions.RECOMMEND, blocks());
        return rankings(
                top, fitted.itemIds(), getItemCol(), fitted.userIds(), getUserCol(), "recommendations", "rating");
    }

    private static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /** The factors of the distinct ids of one column of {@code input} that the model knows. */
    private static JavaPairRDD<Integer, double[]> subset(
            Dataset<Row> input, String column, Param<String> param, Dataset<Row> ids, Dataset<Row> dense) {
        WrmfParamDefs.idType(input.schema(), param, column);
        Dataset<Row> wanted = input.select(col(column).as("id"))
                .distinct()
                .join(ids, "id")
                .select(col("idx").as("id"));
        return FactorFrames.vectors(dense.join(wanted, "id").select("id", "features"));
    }

    /**
     * Top-k lists by dense index as MLlib lays them out: the query's original id in {@code queryCol}, then
     * {@code listCol}, an array of struct&lt;candidateField (original id), scoreField (float)&gt;, best first.
     */
    private static Dataset<Row> rankings(
            JavaPairRDD<Integer, Scored[]> top,
            Dataset<Row> queryIds,
            String queryCol,
            Dataset<Row> candidateIds,
            String candidateField,
            String listCol,
            String scoreField) {
        SparkSession spark = queryIds.sparkSession();
        JavaRDD<Row> flat = top.flatMap(t -> {
            List<Row> rows = new ArrayList<>(t._2().length);
            for (int at = 0; at < t._2().length; at++) {
                rows.add(RowFactory.create(t._1(), at, t._2()[at].id(), (float) t._2()[at].score()));
            }
            return rows.iterator();
        });
        StructType schema = new StructType()
                .add("q", DataTypes.IntegerType, false)
                .add("pos", DataTypes.IntegerType, false)
                .add("c", DataTypes.IntegerType, false)
                .add("score", DataTypes.FloatType, false);
        return spark.createDataFrame(flat, schema)
                .join(candidateIds.select(col("idx").as("c"), col("id").as("cid")), "c")
                .groupBy("q")
                .agg(array_sort(collect_list(struct(col("pos"), col("cid"), col("score"))))
                        .as("l"))
                .join(queryIds.select(col("idx").as("q"), col("id").as("qid")), "q")
                .select(
                        col("qid").as(queryCol),
                        expr("transform(l, x -> named_struct('" + candidateField.replace("'", "\\'") + "', x.cid, '"
                                        + scoreField + "', x.score))")
                                .as(listCol));
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * Factors for users the model was not trained on, from their likes ({@code userCol}, {@code itemCol},
     * optional {@code ratingCol}, merged as fit merges them), without retraining: each user's exact solve
     * against the fixed item factors ({@link FoldIn}; under bm25 weighted with the training's statistics).
     * Likes of items the model does not know are left out (and counted in the log); a user with none gets
     * no row. Columns {@code id} (the user's id) and {@code features} (array&lt;float&gt;), as
     * {@link #userFactors()}.
     */
    public Dataset<Row> foldIn(Dataset<?> likes) {
        StructType schema = likes.schema();
        WrmfParamDefs.idType(schema, userCol, getUserCol());
        WrmfParamDefs.idType(schema, itemCol, getItemCol());
        if (!getRatingCol().isEmpty()) {
            WrmfParamDefs.requireNumeric(schema, ratingCol, getRatingCol());
        }
        SparkSession spark = likes.sparkSession();
        Dataset<Row> pairs = LikesInput.pairs(
                likes.toDF(),
                getUserCol(),
                getItemCol(),
                getRatingCol().isEmpty() ? null : getRatingCol(),
                getDedupe());
        FoldInLikes matched = FoldInLikes.match(spark, pairs, fitted.itemIds());
        if (matched.unknownLikes() > 0 || matched.withoutKnownCount() > 0) {
            LOG.warn(
                    "wrmf fold-in: {} likes of unknown items left out; {} users have no known like",
                    matched.unknownLikes(),
                    matched.withoutKnownCount());
        }
        JavaPairRDD<Integer, double[]> solved = FoldIn.solve(
                IndexedLikes.ratings(matched.known()),
                FoldIn.FixedFactors.of(itemVectors(), rank()),
                fitted.params(),
                fitted.bm25(),
                blocks());
        return FactorFrames.withOriginalIds(spark, solved, matched.users());
    }

    /**
     * Why the model scores {@code item} for {@code user} (original ids of the training likes): the score
     * x_u.y_i split into one contribution per item the user liked (Hu, Koren and Volinsky 2008, section 5),
     * computed from the training likes and objective. The contributions sum to the score the model's
     * exact user factor gives; {@link ScoreExplanation#modelScore()} is the stored (float) factors' dot
     * product, equal to rounding.
     */
    public ScoreExplanation explain(Object user, Object item) {
        int u = index(fitted.userIds(), user, "user");
        int i = index(fitted.itemIds(), item, "item");
        JavaRDD<Rating> likes = IndexedLikes.ratings(fitted.likes());
        Explainer.Explanation explanation = Explainer.explain(
                new FactorModel(rank(), userVectors(), itemVectors()),
                likes,
                u,
                i,
                fitted.params(),
                fitted.bm25(),
                numItems());
        List<Integer> liked = explanation.contributions().stream()
                .map(Explainer.Contribution::likedItem)
                .toList();
        Map<Integer, Object> ids = new HashMap<>();
        for (Row row : fitted.itemIds()
                .filter(col("idx").isin(liked.toArray()))
                .select("idx", "id")
                .collectAsList()) {
            ids.put(row.getInt(0), row.get(1));
        }
        List<ScoreExplanation.LikedItemShare> shares = new ArrayList<>();
        for (Explainer.Contribution c : explanation.contributions()) {
            shares.add(new ScoreExplanation.LikedItemShare(ids.get(c.likedItem()), c.contribution()));
        }
        return new ScoreExplanation(user, item, explanation.total(), explanation.modelScore(), List.copyOf(shares));
    }

    private static int index(Dataset<Row> ids, Object id, String what) {
        List<Row> rows = ids.filter(col("id").equalTo(lit(id))).select("idx").collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " id '" + id + "': the model has no factors for it");
        }
        return rows.get(0).getInt(0);
    }

    JavaPairRDD<Integer, double[]> userVectors() {
        return FactorFrames.vectors(fitted.userFactors());
    }

    JavaPairRDD<Integer, double[]> itemVectors() {
        return FactorFrames.vectors(fitted.itemFactors());
    }

    /** The engine's block count: the partitions of the top-k and fold-in passes. */
    int blocks() {
        return fitted.params().solver().blocks();
    }

    @Override
    public WrmfModel copy(ParamMap extra) {
        WrmfModel copy = copyValues(new WrmfModel(uid, fitted), extra);
        return parent() == null ? copy : copy.setParent(parent());
    }

    // ---- persistence ----

    /** A writer of the layout described in the class comment. */
    @Override
    public MLWriter write() {
        return new WrmfModelStore.Writer(this);
    }

    /** The reader of saved models (Spark's pipelines find it by this name). */
    public static MLReader<WrmfModel> read() {
        return new WrmfModelStore.Reader();
    }

    /** Loads a model saved by {@link #write()}. */
    public static WrmfModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "WrmfModel: uid=" + uid + ", rank=" + rank() + ", users=" + numUsers() + ", items=" + numItems();
    }
}
