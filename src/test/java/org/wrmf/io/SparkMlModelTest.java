package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FactorModel;
import scala.Tuple2;

public class SparkMlModelTest {
    @TempDir
    Path dir;

    public static double[][] randomFactors(int n, int rank, long seed) {
        Random random = new Random(seed);
        double[][] factors = new double[n][rank];
        for (double[] row : factors) {
            for (int f = 0; f < rank; f++) {
                row[f] = random.nextGaussian();
            }
        }
        return factors;
    }

    public static JavaPairRDD<Integer, double[]> rdd(double[][] factors) {
        List<Tuple2<Integer, double[]>> rows = new ArrayList<>();
        for (int i = 0; i < factors.length; i++) {
            rows.add(new Tuple2<>(i, factors[i]));
        }
        return SparkTestSession.jsc().parallelizePairs(rows, 3);
    }

    public static Dataset<Row> ids(String prefix, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(prefix + i, i));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("idx", DataTypes.IntegerType);
        return SparkTestSession.get().createDataFrame(rows, schema);
    }

    @Test
    @Slow
    void alsModelLoadsOurModelAndScoresLikeOurDotProducts() {
        SparkSession spark = SparkTestSession.get();
        int rank = 4;
        double[][] users = randomFactors(7, rank, 1);
        double[][] items = randomFactors(9, rank, 2);
        FactorModel model = new FactorModel(rank, rdd(users), rdd(items));
        String target = dir.resolve("model").toString();
        SparkMlModel.write(
                spark,
                model,
                new IdMappings(ids("u", 7), ids("m", 9)),
                new SafeOutput(spark.sparkContext().hadoopConfiguration(), false),
                target);

        FactorModel back = SparkMlModel.read(spark, target);
        assertEquals(rank, back.rank());
        Map<Integer, double[]> itemsBack = back.items().collectAsMap();
        assertEquals(items.length, itemsBack.size());
        for (int i = 0; i < items.length; i++) {
            for (int f = 0; f < rank; f++) {
                assertEquals((float) items[i][f], itemsBack.get(i)[f], "narrowed to float, read back exactly");
            }
        }

        ALSModel loaded = ALSModel.load(target);
        assertEquals(rank, loaded.rank());
        List<Row> pairs = new ArrayList<>();
        for (int u = 0; u < users.length; u++) {
            for (int i = 0; i < items.length; i++) {
                pairs.add(RowFactory.create(u, i));
            }
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType);
        List<Row> scored =
                loaded.transform(spark.createDataFrame(pairs, schema)).collectAsList();
        assertEquals(pairs.size(), scored.size());
        for (Row row : scored) {
            double[] x = users[row.getInt(row.fieldIndex("user"))];
            double[] y = items[row.getInt(row.fieldIndex("item"))];
            double dot = 0;
            for (int f = 0; f < rank; f++) {
                dot += x[f] * y[f];
            }
            float prediction = row.getFloat(row.fieldIndex("prediction"));
            assertEquals(dot, prediction, 1e-5 * (1 + Math.abs(dot)), "user/item " + row);
        }
    }

    @Test
    void factorsCarryOriginalIds() {
        SparkSession spark = SparkTestSession.get();
        double[][] items = randomFactors(5, 3, 3);
        List<Row> rows =
                FactorFrames.withOriginalIds(spark, rdd(items), ids("m", 5)).collectAsList();
        assertEquals(5, rows.size());
        Map<String, List<Float>> byId = new HashMap<>();
        for (Row row : rows) {
            byId.put(row.getString(0), row.getList(1));
        }
        for (int i = 0; i < items.length; i++) {
            List<Float> features = byId.get("m" + i);
            for (int f = 0; f < 3; f++) {
                assertEquals((float) items[i][f], features.get(f));
            }
        }
        assertEquals(
                DataTypes.createArrayType(DataTypes.FloatType, false),
                FactorFrames.withOriginalIds(spark, rdd(items), ids("m", 5))
                        .schema()
                        .apply("features")
                        .dataType());
    }
}
