package org.wrmf.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/** Wrmf inside Spark's Pipeline and TrainValidationSplit, saved and loaded with them. */
@Slow
class WrmfTuningTest {
    @TempDir
    Path dir;

    @Test
    void aPipelineFitsSavesLoadsAndTransforms() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> likes = Likes.ints(spark);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            WrmfTest.small().setRecommendationsCol("top").setNumRecommendations(3)
        });
        String unfitted = dir.resolve("pipeline").toString();
        pipeline.save(unfitted);
        Pipeline reloaded = Pipeline.load(unfitted);
        assertInstanceOf(Wrmf.class, reloaded.getStages()[0]);
        assertEquals("top", ((Wrmf) reloaded.getStages()[0]).getRecommendationsCol());

        PipelineModel fitted = reloaded.fit(likes);
        String path = dir.resolve("pipeline-model").toString();
        fitted.save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertInstanceOf(WrmfModel.class, loaded.stages()[0]);

        Dataset<Row> sample = likes.filter(col("user").lt(1010)).select("user", "item");
        List<Row> before = fitted.transform(sample).orderBy("user", "item").collectAsList();
        List<Row> after = loaded.transform(sample).orderBy("user", "item").collectAsList();
        assertEquals(before.size(), after.size());
        assertEquals(before, after);
        assertEquals(
                List.of("user", "item", "prediction", "top"),
                List.of(fitted.transform(sample).columns()));
        assertEquals(3, before.get(0).getList(3).size());
    }

    @Test
    void trainValidationSplitPicksTheBestGridPointByTheRankingEvaluator() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> likes = Likes.strings(spark);
        Wrmf wrmf = WrmfTest.small().setRecommendationsCol("recommendations").setNumRecommendations(5);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(wrmf.rank(), new int[] {1, 6})
                .addGrid(wrmf.regParam(), new double[] {0.01, 30})
                .build();
        TrainValidationSplit split = new TrainValidationSplit()
                .setEstimator(wrmf)
                .setEvaluator(new RankingMetricsEvaluator().setK(5).setMetricName("ndcg"))
                .setEstimatorParamMaps(grid)
                .setTrainRatio(0.8)
                .setSeed(5);
        TrainValidationSplitModel tuned = split.fit(likes);
        double[] metrics = tuned.validationMetrics();
        assertEquals(4, metrics.length);
        int best = 0;
        Set<Double> distinct = new HashSet<>();
        for (int p = 0; p < metrics.length; p++) {
            distinct.add(metrics[p]);
            best = metrics[p] > metrics[best] ? p : best;
        }
        assertTrue(distinct.size() > 1, "the grid points score differently: " + java.util.Arrays.toString(metrics));
        assertTrue(metrics[best] > 0);
        WrmfModel chosen = (WrmfModel) tuned.bestModel();
        assertEquals((int) grid[best].apply(wrmf.rank()), chosen.rank());
        assertEquals(
                (double) grid[best].apply(wrmf.regParam()),
                chosen.trainingParams().objective().regularizationUsers());

        String path = dir.resolve("tuned").toString();
        tuned.save(path);
        TrainValidationSplitModel loaded = TrainValidationSplitModel.load(path);
        assertInstanceOf(WrmfModel.class, loaded.bestModel());
        assertEquals(chosen.rank(), ((WrmfModel) loaded.bestModel()).rank());
    }
}
