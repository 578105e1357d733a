package org.wrmf.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/** A saved model reads back as a WrmfModel and as Spark ML's ALSModel; a saved estimator keeps its params. */
@Slow
class WrmfPersistenceTest {
    @TempDir
    Path dir;

    /** Each user's recommended ids, best first. */
    private static Map<Object, List<Object>> lists(Dataset<Row> recommendations) {
        Map<Object, List<Object>> out = new HashMap<>();
        for (Row row : recommendations.collectAsList()) {
            List<Object> ids = new ArrayList<>();
            for (Row r : row.<Row>getList(1)) {
                ids.add(r.get(0));
            }
            out.put(row.get(0), ids);
        }
        return out;
    }

    @Test
    void wrmfModelAndAlsModelReadASavedModelAndRecommendTheSameItems() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> likes = Likes.strings(spark);
        WrmfModel model =
                WrmfTest.small().setConfidence("bm25").setK1(1.2).setB(0.75).fit(likes);
        String path = dir.resolve("model").toString();
        model.write().save(path);
        assertThrows(Exception.class, () -> model.write().save(path), "an existing folder is not replaced");
        model.write().overwrite().save(path);

        WrmfModel loaded = WrmfModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals(model.rank(), loaded.rank());
        assertEquals(model.trainingParams(), loaded.trainingParams());
        assertEquals(lists(model.recommendForAllUsers(5)), lists(loaded.recommendForAllUsers(5)));
        assertEquals(
                WrmfTest.vectors(model.foldIn(likes.filter(col("user").equalTo("u9"))))
                        .get("u9")[0],
                WrmfTest.vectors(loaded.foldIn(likes.filter(col("user").equalTo("u9"))))
                        .get("u9")[0]);

        // ALSModel sees the dense indices; user-ids and item-ids map them back
        ALSModel als = ALSModel.load(path);
        assertEquals(model.rank(), als.rank());
        Map<Integer, Object> userIds = new HashMap<>();
        spark.read().parquet(path + "/user-ids").collectAsList().forEach(r -> userIds.put(r.getInt(1), r.get(0)));
        Map<Integer, Object> itemIds = new HashMap<>();
        spark.read().parquet(path + "/item-ids").collectAsList().forEach(r -> itemIds.put(r.getInt(1), r.get(0)));
        Map<Object, List<Object>> fromAls = new HashMap<>();
        for (Row row : als.recommendForAllUsers(5).collectAsList()) {
            List<Object> ids = new ArrayList<>();
            for (Row r : row.<Row>getList(1)) {
                ids.add(itemIds.get(r.getInt(0)));
            }
            fromAls.put(userIds.get(row.getInt(0)), ids);
        }
        // MLlib does not exclude training likes
        assertEquals(lists(loaded.setExcludeLiked(false).recommendForAllUsers(5)), fromAls);
    }

    @Test
    void aSavedEstimatorKeepsItsParams() throws Exception {
        Wrmf estimator =
                new Wrmf().setRank(7).setRegParamItems(0.3).setConfidence("log").setSolver("cg");
        String path = dir.resolve("estimator").toString();
        estimator.save(path);
        Wrmf loaded = Wrmf.load(path);
        assertEquals(estimator.uid(), loaded.uid());
        assertEquals(7, loaded.getRank());
        assertEquals(0.3, loaded.getRegParamItems());
        assertEquals(0.1, loaded.getRegParamUsers());
        assertEquals("log", loaded.getConfidence());
        assertEquals("cg", loaded.getSolver());
        assertEquals(estimator.alsParams(), loaded.alsParams());
        assertTrue(loaded.explainParams().contains("regParamItems"));
    }
}
