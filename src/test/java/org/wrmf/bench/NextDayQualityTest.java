package org.wrmf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class NextDayQualityTest {
    private static final StructType RECOMMENDATIONS = new StructType()
            .add("user", DataTypes.StringType)
            .add("item", DataTypes.StringType)
            .add("rank", DataTypes.IntegerType);
    private static final StructType LIKES =
            new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
    private static final StructType IDS = new StructType().add("id", DataTypes.StringType);

    @Test
    void ndcgPrecisionAndRecallAsComputedByHand() {
        // k = 3. u1 likes a (rank 1) and z (rank 5, past k) next: DCG 1, IDCG 1 + 1/log2(3); hits 1.
        // u2 likes c (rank 3) next: DCG 1/log2(4) = 0.5, IDCG 1; hits 1.
        // u3 likes b, not recommended to it: 0, 0, 0. u4 is no user of the model, item q no item of it.
        Dataset<Row> recommendations = frame(
                RECOMMENDATIONS,
                List.of(
                        RowFactory.create("u1", "a", 1),
                        RowFactory.create("u1", "b", 2),
                        RowFactory.create("u1", "c", 3),
                        RowFactory.create("u1", "z", 5),
                        RowFactory.create("u2", "a", 1),
                        RowFactory.create("u2", "b", 2),
                        RowFactory.create("u2", "c", 3),
                        RowFactory.create("u3", "a", 1)));
        Dataset<Row> next = frame(
                LIKES,
                List.of(
                        RowFactory.create("u1", "a"),
                        RowFactory.create("u1", "a"), // twice: one like
                        RowFactory.create("u1", "z"),
                        RowFactory.create("u1", "q"),
                        RowFactory.create("u2", "c"),
                        RowFactory.create("u3", "b"),
                        RowFactory.create("u4", "a")));
        Dataset<Row> users =
                frame(IDS, List.of(RowFactory.create("u1"), RowFactory.create("u2"), RowFactory.create("u3")));
        Dataset<Row> items = frame(
                IDS,
                List.of(
                        RowFactory.create("a"),
                        RowFactory.create("b"),
                        RowFactory.create("c"),
                        RowFactory.create("z")));

        NextDayQuality quality = NextDayQuality.of(recommendations, next, users, items, 3);

        double log3 = Math.log(3) / Math.log(2);
        assertEquals(3, quality.users());
        assertEquals(4, quality.likes());
        assertEquals(2, quality.unknownLikes());
        assertEquals((1 / (1 + 1 / log3) + 0.5 + 0) / 3, quality.ndcg(), 1e-12);
        assertEquals((1.0 / 3 + 1.0 / 3 + 0) / 3, quality.precision(), 1e-12);
        assertEquals((1.0 / 2 + 1.0 / 1 + 0) / 3, quality.recall(), 1e-12);
    }

    @Test
    void noNewLikeOfTheModelsUsersScoresNobody() {
        Dataset<Row> none = frame(LIKES, List.of(RowFactory.create("u9", "a")));
        Dataset<Row> ids = frame(IDS, List.of(RowFactory.create("a")));
        NextDayQuality quality = NextDayQuality.of(frame(RECOMMENDATIONS, List.of()), none, ids, ids, 10);
        assertEquals(0, quality.users());
        assertEquals(1, quality.unknownLikes());
        assertEquals(Double.NaN, quality.ndcg());
    }

    private static Dataset<Row> frame(StructType schema, List<Row> rows) {
        return SparkTestSession.get().createDataFrame(rows, schema);
    }
}
