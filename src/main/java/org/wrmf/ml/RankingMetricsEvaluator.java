package org.wrmf.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.first;
import static org.wrmf.ml.WrmfParamDefs.require;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.IntParam;
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
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.wrmf.eval.AveragePrecision;
import org.wrmf.eval.MetricAccumulator;
import org.wrmf.eval.MetricRegistry;
import org.wrmf.eval.Ndcg;
import org.wrmf.eval.PrecisionAtK;
import org.wrmf.eval.RankedUser;
import org.wrmf.eval.RecallAtK;

/**
 * Scores recommendation lists against held-out likes with the project's ranking metrics (the job's
 * grid and curves use the same definitions): {@code precision} (hits in the top k / k), {@code recall}
 * (hits / min(k, held-out likes)), {@code ndcg} and {@code map} at k, averaged over users.
 *
 * <p>Input: one row per held-out like, {@code userCol} and {@code itemCol}, and in
 * {@code recommendationsCol} the user's recommended item ids, best first (the same list on every row of
 * the user): what {@link WrmfModel#transform} writes when its {@code recommendationsCol} is set. A user
 * the model could not rank (null list) counts with no hit. So inside a {@code TrainValidationSplit} or
 * {@code CrossValidator} over a {@link Wrmf} (with {@code setRecommendationsCol("recommendations")}),
 * the validation likes are the held-out likes and the training likes are excluded from the lists.
 */
public final class RankingMetricsEvaluator extends Evaluator implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final List<String> METRICS =
            List.of(PrecisionAtK.NAME, RecallAtK.NAME, Ndcg.NAME, AveragePrecision.NAME);

    private final String uid;
    private final Param<String> userCol;
    private final Param<String> itemCol;
    private final Param<String> recommendationsCol;
    private final Param<String> metricName;
    private final IntParam k;

    public RankingMetricsEvaluator() {
        this(Identifiable$.MODULE$.randomUID("wrmfRankingEval"));
    }

    public RankingMetricsEvaluator(String uid) {
        this.uid = uid;
        userCol = WrmfParamDefs.userCol(this);
        itemCol = new Param<>(this, "itemCol", "column of the held-out liked item ids");
        recommendationsCol =
                new Param<>(this, "recommendationsCol", "array column of the user's recommended item ids, best first");
        metricName = new Param<>(this, "metricName", "metric: " + String.join(", ", METRICS) + " (at k)");
        k = new IntParam(this, "k", "cut-off of the lists (>= 1)");
        setDefault(userCol, "user");
        setDefault(itemCol, "item");
        setDefault(recommendationsCol, "recommendations");
        setDefault(metricName, PrecisionAtK.NAME);
        setDefault(k, 10);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Column of user ids (default {@code user}). */
    public Param<String> userCol() {
        return userCol;
    }

    public String getUserCol() {
        return getOrDefault(userCol);
    }

    public RankingMetricsEvaluator setUserCol(String value) {
        set(userCol, value);
        return this;
    }

    /** Column of the held-out liked item ids (default {@code item}). */
    public Param<String> itemCol() {
        return itemCol;
    }

    public String getItemCol() {
        return getOrDefault(itemCol);
    }

    public RankingMetricsEvaluator setItemCol(String value) {
        set(itemCol, value);
        return this;
    }

    /** Array column of recommended item ids, best first (default {@code recommendations}). */
    public Param<String> recommendationsCol() {
        return recommendationsCol;
    }

    public String getRecommendationsCol() {
        return getOrDefault(recommendationsCol);
    }

    public RankingMetricsEvaluator setRecommendationsCol(String value) {
        set(recommendationsCol, value);
        return this;
    }

    /** {@code precision} (default), {@code recall}, {@code ndcg} or {@code map}. */
    public Param<String> metricName() {
        return metricName;
    }

    public String getMetricName() {
        return getOrDefault(metricName);
    }

    public RankingMetricsEvaluator setMetricName(String value) {
        set(metricName, value);
        return this;
    }

    /** Cut-off k (default 10): lists are cut to their first k ids. */
    public IntParam k() {
        return k;
    }

    public int getK() {
        return (Integer) getOrDefault(k);
    }

    public RankingMetricsEvaluator setK(int value) {
        set(k, value);
        return this;
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        String metric = getMetricName();
        require(METRICS.contains(metric), metricName, "expected one of " + METRICS + ", got '" + metric + "'");
        int cutOff = getK();
        require(cutOff >= 1, k, "must be >= 1, got " + cutOff);
        WrmfParamDefs.field(dataset.schema(), userCol, getUserCol());
        WrmfParamDefs.field(dataset.schema(), itemCol, getItemCol());
        DataType lists = WrmfParamDefs.field(dataset.schema(), recommendationsCol, getRecommendationsCol())
                .dataType();
        require(
                lists instanceof ArrayType,
                recommendationsCol,
                "column '" + getRecommendationsCol() + "' has type " + lists.simpleString()
                        + "; expected an array of item ids");
        Dataset<Row> users = dataset.toDF()
                .groupBy(col(getUserCol()))
                .agg(
                        collect_set(col(getItemCol())).as("actual"),
                        first(col(getRecommendationsCol()), true).as("predicted"));
        MetricAccumulator total = users.javaRDD()
                .mapPartitions(rows -> {
                    MetricAccumulator sums =
                            MetricRegistry.get(metric).factory().create(cutOff, 0);
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        List<Object> actual = row.getList(1);
                        List<Object> predicted = row.isNullAt(2) ? List.of() : row.getList(2);
                        Map<Object, Integer> local = new HashMap<>();
                        int n = Math.min(cutOff, predicted.size());
                        int[] top = new int[n];
                        for (int r = 0; r < n; r++) {
                            top[r] = local.computeIfAbsent(predicted.get(r), id -> local.size());
                        }
                        int[] heldOut = new int[actual.size()];
                        for (int j = 0; j < heldOut.length; j++) {
                            heldOut[j] = local.computeIfAbsent(actual.get(j), id -> local.size());
                        }
                        sums.addUser(RankedUser.ofList(top, heldOut));
                    }
                    return List.of(sums).iterator();
                })
                .reduce((a, b) -> {
                    a.merge(b);
                    return a;
                });
        return total.value();
    }

    @Override
    public boolean isLargerBetter() {
        return true;
    }

    @Override
    public RankingMetricsEvaluator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<RankingMetricsEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static RankingMetricsEvaluator load(String path) {
        return read().load(path);
    }
}
