package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class RankingMetricsEvaluatorTest {

    /**
     * User a: recommended [1, 2, 3], held out {2, 5}; b: [4], held out {4}; c: no list, held out {1}. At
     * k = 3, by hand: precision (1/3 + 1/3 + 0) / 3; recall (1/2 + 1 + 0) / 3; NDCG a: (1/log2 3) / (1 +
     * 1/log2 3), b: 1, c: 0; MAP a: (1/2) / 2, b: 1, c: 0.
     */
    @Test
    void scoresListsAsTheProjectsMetricsDefineThem() {
        StructType schema = new StructType()
                .add("user", DataTypes.StringType)
                .add("item", DataTypes.IntegerType)
                .add("recommendations", DataTypes.createArrayType(DataTypes.IntegerType));
        List<Integer> a = List.of(1, 2, 3);
        Dataset<Row> rows = SparkTestSession.get()
                .createDataFrame(
                        List.of(
                                RowFactory.create(
                                        "a",
                                        2,
                                        scala.jdk.javaapi.CollectionConverters.asScala(a)
                                                .toSeq()),
                                RowFactory.create(
                                        "a",
                                        5,
                                        scala.jdk.javaapi.CollectionConverters.asScala(a)
                                                .toSeq()),
                                RowFactory.create(
                                        "b",
                                        4,
                                        scala.jdk.javaapi.CollectionConverters.asScala(List.of(4))
                                                .toSeq()),
                                RowFactory.create("c", 1, null)),
                        schema);
        RankingMetricsEvaluator evaluator = new RankingMetricsEvaluator().setK(3);
        double log3 = Math.log(3) / Math.log(2);
        assertEquals(
                (1.0 / 3 + 1.0 / 3) / 3, evaluator.setMetricName("precision").evaluate(rows), 1e-12);
        assertEquals((0.5 + 1) / 3, evaluator.setMetricName("recall").evaluate(rows), 1e-12);
        assertEquals(
                ((1 / log3) / (1 + 1 / log3) + 1) / 3,
                evaluator.setMetricName("ndcg").evaluate(rows),
                1e-12);
        assertEquals((0.25 + 1) / 3, evaluator.setMetricName("map").evaluate(rows), 1e-12);
        assertEquals(0.0, evaluator.setMetricName("precision").setK(1).evaluate(rows.filter("user = 'a'")), 1e-12);
        assertTrue(evaluator.isLargerBetter());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> evaluator.setMetricName("auc").evaluate(rows));
        assertTrue(e.getMessage().startsWith("param metricName:"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> evaluator
                        .setMetricName("ndcg")
                        .setRecommendationsCol("item")
                        .evaluate(rows));
        assertTrue(e.getMessage().startsWith("param recommendationsCol:"), e.getMessage());
    }
}
