package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** The README's Java example ("Use it as a library"), as it is printed there: it compiles and runs. */
@Slow
class ReadmeExampleTest {
    @TempDir
    Path dir;

    /** The README's example, word for word between the markers. */
    static TrainValidationSplitModel example(SparkSession spark, String likesCsv, String modelPath) throws Exception {
        // README example begins
        Dataset<Row> likes = spark.read().option("header", true).csv(likesCsv); // columns user, item

        Wrmf wrmf = new Wrmf()
                .setUserCol("user")
                .setItemCol("item")
                .setRank(16)
                .setRegParam(0.1)
                .setAlpha(10)
                .setMaxIter(10);
        WrmfModel model = wrmf.fit(likes);
        model.recommendForAllUsers(10).show(5, false); // user, recommendations: [{item, rating}, ...]
        model.similarItems(5).show(5, false); // item, similarItems: [{item, similarity}, ...]
        model.write().overwrite().save(modelPath); // ALSModel.load(modelPath) reads it too
        WrmfModel loaded = WrmfModel.load(modelPath);
        loaded.transform(likes.limit(5)).show(false); // user, item, prediction

        // Tuning: transform writes each user's top 10 items, the evaluator scores them against held-out likes
        wrmf.setRecommendationsCol("recommendations").setNumRecommendations(10);
        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(wrmf.rank(), new int[] {8, 16})
                .addGrid(wrmf.regParam(), new double[] {0.1, 10})
                .build();
        TrainValidationSplitModel tuned = new TrainValidationSplit()
                .setEstimator(wrmf)
                .setEvaluator(
                        new RankingMetricsEvaluator().setMetricName("ndcg").setK(10))
                .setEstimatorParamMaps(grid)
                .setTrainRatio(0.8)
                .fit(likes);
        WrmfModel best = (WrmfModel) tuned.bestModel();
        System.out.println("best rank " + best.rank() + ", NDCG@10 per point "
                + java.util.Arrays.toString(tuned.validationMetrics()));
        // README example ends
        return tuned;
    }

    @Test
    void theReadmesExampleRuns() throws Exception {
        StringBuilder csv = new StringBuilder("user,item\n");
        for (Object[] row : Likes.rows(u -> "u" + u, i -> "m" + i)) {
            csv.append(row[0]).append(',').append(row[1]).append('\n');
        }
        Path likes = Files.writeString(dir.resolve("likes.csv"), csv);
        Path model = dir.resolve("model");
        TrainValidationSplitModel tuned = example(SparkTestSession.get(), likes.toString(), model.toString());
        assertEquals(4, tuned.validationMetrics().length);
        assertTrue(List.of(8, 16).contains(((WrmfModel) tuned.bestModel()).rank()));
        assertTrue(Files.isDirectory(model.resolve("userFactors")));
    }
}
