package org.wrmf.io;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wrmf.linalg.Narrowing;
import scala.Tuple2;

/**
 * Factor RDDs as DataFrames. Factors are trained as doubles; outputs narrow them to float, which is
 * what Spark ML and most serving code expect and halves the files.
 *
 * <p>The id mappings are DataFrames with columns {@code id} (the original string id) and {@code idx}
 * (the dense index used in training), as the data layer writes them.
 */
public final class FactorFrames {
    public static final StructType DENSE_SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private FactorFrames() {}

    /** Columns {@code id} (the dense index, int) and {@code features} (array&lt;float&gt;). */
    public static Dataset<Row> dense(SparkSession spark, JavaPairRDD<Integer, double[]> factors) {
        JavaRDD<Row> rows = factors.map(entry -> RowFactory.create(entry._1(), Narrowing.toFloats(entry._2())));
        return spark.createDataFrame(rows, DENSE_SCHEMA);
    }

    /** Columns {@code id} (the original string id) and {@code features} (array&lt;float&gt;). */
    public static Dataset<Row> withOriginalIds(
            SparkSession spark, JavaPairRDD<Integer, double[]> factors, Dataset<Row> ids) {
        Dataset<Row> dense = dense(spark, factors).withColumnRenamed("id", "idx");
        return dense.join(ids.select("id", "idx"), "idx").select("id", "features");
    }

    /**
     * The inverse of {@link #dense}: rows of {@code id} (int) and {@code features} (array&lt;float&gt;),
     * as we and Spark ML's ALSModel write them, widened back to double vectors.
     */
    public static JavaPairRDD<Integer, double[]> vectors(Dataset<Row> dense) {
        return dense.javaRDD().mapToPair(row -> {
            List<Float> features = row.getList(1);
            double[] values = new double[features.size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = features.get(f);
            }
            return new Tuple2<>(row.getInt(0), values);
        });
    }
}
