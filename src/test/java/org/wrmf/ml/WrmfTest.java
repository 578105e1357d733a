package org.wrmf.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FoldIn;
import org.wrmf.als.Rating;
import scala.Tuple2;

class WrmfTest {
    private static SparkSession spark;
    private static Dataset<Row> likes;
    private static WrmfModel model;

    @BeforeAll
    static void fit() {
        spark = SparkTestSession.get();
        likes = Likes.strings(spark).cache();
        model = small().fit(likes);
    }

    static Wrmf small() {
        return new Wrmf()
                .setRank(4)
                .setMaxIter(5)
                .setRegParam(0.5)
                .setAlpha(5)
                .setNumBlocks(2)
                .setSeed(3);
    }

    /** Factors by original id, as doubles. */
    static Map<Object, double[]> vectors(Dataset<Row> factors) {
        Map<Object, double[]> out = new HashMap<>();
        for (Row row : factors.collectAsList()) {
            List<Float> f = row.getList(1);
            double[] v = new double[f.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = f.get(j);
            }
            out.put(row.get(0), v);
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int j = 0; j < x.length; j++) {
            sum += x[j] * y[j];
        }
        return sum;
    }

    @Test
    void factorsCarryTheOriginalIds() {
        assertEquals(Likes.USERS, model.numUsers());
        assertEquals(4, model.rank());
        Set<Object> users = new HashSet<>(vectors(model.userFactors()).keySet());
        Set<Object> expected = new HashSet<>();
        likes.select("user").distinct().collectAsList().forEach(r -> expected.add(r.get(0)));
        assertEquals(expected, users);
        assertEquals(
                DataTypes.createArrayType(DataTypes.FloatType, false),
                model.itemFactors().schema().apply("features").dataType());
    }

    @Test
    void transformPredictsTheDotProductAndFollowsTheColdStartStrategy() {
        Map<Object, double[]> users = vectors(model.userFactors());
        Map<Object, double[]> items = vectors(model.itemFactors());
        Dataset<Row> pairs = spark.createDataFrame(
                List.of(
                        org.apache.spark.sql.RowFactory.create("u1", "m4"),
                        org.apache.spark.sql.RowFactory.create("u2", "m7"),
                        org.apache.spark.sql.RowFactory.create("nobody", "m4"),
                        org.apache.spark.sql.RowFactory.create("u1", "nothing")),
                new org.apache.spark.sql.types.StructType()
                        .add("user", DataTypes.StringType)
                        .add("item", DataTypes.StringType));
        Map<String, Float> predicted = new HashMap<>();
        for (Row row : model.transform(pairs).collectAsList()) {
            predicted.put(row.getString(0) + "/" + row.getString(1), row.getFloat(2));
        }
        assertEquals((float) dot(users.get("u1"), items.get("m4")), predicted.get("u1/m4"), 1e-6);
        assertEquals((float) dot(users.get("u2"), items.get("m7")), predicted.get("u2/m7"), 1e-6);
        assertTrue(Float.isNaN(predicted.get("nobody/m4")));
        assertTrue(Float.isNaN(predicted.get("u1/nothing")));
        WrmfModel dropping =
                model.copy(new org.apache.spark.ml.param.ParamMap()).setColdStartStrategy("drop");
        assertEquals(2, dropping.transform(pairs).count());
    }

    @Test
    void recommendForUserSubsetEqualsBruteForceOverTheFactors() {
        Map<Object, double[]> users = vectors(model.userFactors());
        Map<Object, double[]> items = vectors(model.itemFactors());
        Map<Object, Set<Object>> liked = new HashMap<>();
        for (Row row : likes.collectAsList()) {
            liked.computeIfAbsent(row.get(0), u -> new HashSet<>()).add(row.get(1));
        }
        Dataset<Row> subset = likes.filter(col("user").isin("u0", "u5", "u17", "u44"));
        List<Row> recommended = model.recommendForUserSubset(subset, 5).collectAsList();
        assertEquals(4, recommended.size());
        for (Row row : recommended) {
            Object user = row.get(0);
            List<Row> top = row.getList(1);
            List<Map.Entry<Object, Double>> expected = new ArrayList<>();
            for (Map.Entry<Object, double[]> item : items.entrySet()) {
                if (!liked.get(user).contains(item.getKey())) {
                    expected.add(Map.entry(item.getKey(), dot(users.get(user), item.getValue())));
                }
            }
            expected.sort(Map.Entry.<Object, Double>comparingByValue(Comparator.reverseOrder()));
            assertEquals(5, top.size());
            for (int r = 0; r < 5; r++) {
                assertEquals(expected.get(r).getValue(), top.get(r).getFloat(1), 1e-5, "score at rank " + r);
                assertEquals(expected.get(r).getKey(), top.get(r).get(0), "item at rank " + r + " of " + user);
            }
        }
        // without the exclusion, liked items compete
        List<Row> all = model.copy(new org.apache.spark.ml.param.ParamMap())
                .setExcludeLiked(false)
                .recommendForUserSubset(subset, 5)
                .collectAsList();
        boolean someLiked = false;
        for (Row row : all) {
            for (Row r : row.<Row>getList(1)) {
                someLiked |= liked.get(row.get(0)).contains(r.get(0));
            }
        }
        assertTrue(someLiked, "a user's liked items rank high when they are not excluded");
    }

    @Test
    void recommendationsForAllUsersAndItemsAndSimilarItemsHaveMllibsShape() {
        Dataset<Row> users = model.recommendForAllUsers(3);
        assertEquals(List.of("user", "recommendations"), List.of(users.columns()));
        assertEquals(Likes.USERS, users.count());
        assertEquals(
                "array<struct<item:string,rating:float>>",
                users.schema().apply("recommendations").dataType().simpleString());
        Dataset<Row> items = model.recommendForAllItems(3);
        assertEquals(
                "array<struct<user:string,rating:float>>",
                items.schema().apply("recommendations").dataType().simpleString());
        assertEquals(model.numItems(), items.count());
        Map<Object, double[]> itemVectors = vectors(model.itemFactors());
        Row first = model.similarItems(2).filter(col("item").equalTo("m3")).first();
        List<Row> similar = first.getList(1);
        double best = Double.NEGATIVE_INFINITY;
        Object bestId = null;
        for (Map.Entry<Object, double[]> other : itemVectors.entrySet()) {
            if (other.getKey().equals("m3")) {
                continue;
            }
            double[] a = itemVectors.get("m3");
            double cosine = dot(a, other.getValue()) / Math.sqrt(dot(a, a) * dot(other.getValue(), other.getValue()));
            if (cosine > best) {
                best = cosine;
                bestId = other.getKey();
            }
        }
        assertEquals(bestId, similar.get(0).get(0));
        assertEquals(best, similar.get(0).getFloat(1), 1e-5);
    }

    @Test
    void foldInEqualsTheFoldInSolveAndGivesTrainedUsersTheirFactors() {
        Dataset<Row> newLikes = likes.filter(col("user").isin("u3", "u8"))
                .withColumn(
                        "user",
                        org.apache.spark.sql.functions.concat(col("user"), org.apache.spark.sql.functions.lit("-new")));
        Map<Object, double[]> folded = vectors(model.foldIn(newLikes));
        assertEquals(Set.of("u3-new", "u8-new"), folded.keySet());

        Map<Object, Integer> itemIndex = new HashMap<>();
        model.fitted().itemIds().collectAsList().forEach(r -> itemIndex.put(r.get(0), r.getInt(1)));
        FoldIn.FixedFactors items = FoldIn.FixedFactors.of(model.itemVectors(), model.rank());
        for (String user : List.of("u3", "u8")) {
            Map<Integer, Float> weights = new HashMap<>();
            for (Row row : likes.filter(col("user").equalTo(user)).collectAsList()) {
                weights.put(itemIndex.get(row.get(1)), 1f); // no ratingCol: a pair weighs 1
            }
            List<Rating> ratings = new ArrayList<>();
            weights.forEach((item, w) -> ratings.add(new Rating(0, item, w)));
            List<Tuple2<Integer, double[]>> solved = FoldIn.solveLocal(ratings, items, model.trainingParams(), null);
            double[] expected = solved.get(0)._2();
            double[] actual = folded.get(user + "-new");
            double[] stored = vectors(model.userFactors()).get(user);
            for (int f = 0; f < expected.length; f++) {
                assertEquals((float) expected[f], actual[f], 1e-7, "fold-in solve, factor " + f);
                // trained users were solved exactly against the (double) items the model stores as floats
                assertEquals(stored[f], actual[f], 1e-4 * (1 + Math.abs(stored[f])), "stored factor " + f);
            }
        }
    }

    @Test
    void explainSplitsTheScoreIntoTheLikedItems() {
        ScoreExplanation explanation = model.explain("u5", "m2");
        Set<Object> liked = new HashSet<>();
        likes.filter(col("user").equalTo("u5")).collectAsList().forEach(r -> liked.add(r.get(1)));
        Set<Object> explained = new HashSet<>();
        double sum = 0;
        for (ScoreExplanation.LikedItemShare share : explanation.shares()) {
            explained.add(share.likedItem());
            sum += share.contribution();
        }
        assertEquals(liked, explained);
        assertEquals(explanation.total(), sum, 1e-9);
        assertEquals(explanation.modelScore(), explanation.total(), 1e-4 * (1 + Math.abs(explanation.total())));
        assertThrows(IllegalArgumentException.class, () -> model.explain("nobody", "m2"));
    }

    @Test
    @Slow
    void stringLongAndIntIdsKeepTheirTypeAndValues() {
        for (Dataset<Row> input : List.of(Likes.longs(spark), Likes.ints(spark))) {
            WrmfModel typed = small().setMaxIter(2).fit(input);
            org.apache.spark.sql.types.DataType type =
                    input.schema().apply("user").dataType();
            assertEquals(type, typed.userFactors().schema().apply("id").dataType());
            Set<Object> ids = new HashSet<>();
            input.select("item").distinct().collectAsList().forEach(r -> ids.add(r.get(0)));
            assertEquals(ids, vectors(typed.itemFactors()).keySet());
            Row first = typed.recommendForAllUsers(2).first();
            assertTrue(ids.contains(first.<Row>getList(1).get(0).get(0)));
        }
    }

    @Test
    void badParamsAndColumnsFailInFitNamingTheParam() {
        assertFails("userCol", small().setUserCol("nope"), likes);
        assertFails("userCol", small(), likes.withColumn("user", col("plays").cast("double")));
        assertFails("itemCol", small(), likes.withColumn("item", org.apache.spark.sql.functions.array(col("item"))));
        assertFails("ratingCol", small().setRatingCol("user"), likes);
        assertFails("ratingCol", small().setRatingCol("missing"), likes);
        assertFails("rank", small().setRank(0), likes);
        assertFails("regParam", small().setRegParam(-0.1), likes);
        assertFails("regParamItems", small().setRegParamItems(Double.POSITIVE_INFINITY), likes);
        assertFails("alpha", small().setAlpha(Double.NaN), likes);
        assertFails("execution", small().setExecution("cluster"), likes);
        assertFails("maxIter", small().setMaxIter(-1), likes);
        assertFails("confidence", small().setConfidence("cubic"), likes);
        assertFails("epsilon", small().setConfidence("log").setEpsilon(0), likes);
        assertFails("b", small().setConfidence("bm25").setB(2), likes);
        assertFails("solver", small().setSolver("magic"), likes);
        assertFails("numUserBlocks", small().setNumUserBlocks(0), likes);
        assertFails("coldStartStrategy", small().setColdStartStrategy("zero"), likes);
        assertFails("minItemLikes", small().setMinItemLikes(0), likes);
    }

    private static void assertFails(String param, Wrmf estimator, Dataset<Row> input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.fit(input));
        assertTrue(e.getMessage().startsWith("param " + param + ":"), e.getMessage());
    }

    @Test
    @Slow
    void theKCoreAndTheWeightsChangeWhatIsTrained() {
        WrmfModel core =
                small().setMaxIter(1).setMinUserLikes(5).setMinItemLikes(8).fit(likes);
        Map<Object, Integer> perUser = new HashMap<>();
        Dataset<Row> kept = core.fitted().likes();
        for (Row row : kept.groupBy("user").count().collectAsList()) {
            perUser.put(row.get(0), (int) row.getLong(1));
        }
        assertFalse(perUser.isEmpty());
        assertTrue(perUser.values().stream().allMatch(n -> n >= 5));
        for (Row row : kept.groupBy("item").count().collectAsList()) {
            assertTrue(row.getLong(1) >= 8);
        }
        assertEquals(55, core.numUsers(), "users of the 5-core by 8, as computed by hand over the same rows");

        // the repeated pair of each user: weight 1 by default, the summed plays with ratingCol
        WrmfModel weighted = small().setMaxIter(1).setRatingCol("plays").fit(likes);
        double total =
                likes.agg(org.apache.spark.sql.functions.sum("plays")).first().getLong(0);
        double trained = weighted.fitted()
                .likes()
                .agg(org.apache.spark.sql.functions.sum("weight"))
                .first()
                .getDouble(0);
        assertEquals(total, trained, 1e-9);
        assertEquals(
                likes.select("user", "item").distinct().count(),
                model.fitted()
                        .likes()
                        .agg(org.apache.spark.sql.functions.sum("weight"))
                        .first()
                        .getDouble(0),
                1e-9);
    }
}
