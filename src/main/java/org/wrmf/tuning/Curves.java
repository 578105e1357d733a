package org.wrmf.tuning;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.wrmf.eval.Metrics;
import org.wrmf.io.SafeOutput;

/**
 * Learning curves as a table, LensKit style: one row per grid point and epoch, the point's parameters,
 * the epoch, k, the number of evaluated users, one column per metric ({@link Metrics#NAMES}) and the
 * seconds spent training and evaluating that checkpoint; then (appended, so earlier columns keep their
 * places) the point's {@code regularization_scaling} (constant, count, frequency) and
 * {@code regularization_exponent}, and the training objective at the scored model: {@code loss} and
 * its parts {@code loss_observed} (sum over likes of c (1 - x.y)^2), {@code loss_unobserved} (sum over
 * the other cells of (x.y)^2) and {@code loss_regularization} (sum of lambda_u ||x_u||^2 and
 * lambda_i ||y_i||^2), see {@link org.wrmf.als.Loss}.
 */
public final class Curves {
    private Curves() {}

    public static StructType schema() {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("factors", DataTypes.IntegerType, false),
                DataTypes.createStructField("regularization", DataTypes.DoubleType, false),
                DataTypes.createStructField("alpha", DataTypes.DoubleType, false),
                DataTypes.createStructField("epoch", DataTypes.IntegerType, false),
                DataTypes.createStructField("k", DataTypes.IntegerType, false),
                DataTypes.createStructField("users", DataTypes.LongType, false)));
        for (String name : Metrics.NAMES) {
            fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("train_seconds", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("eval_seconds", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("regularization_scaling", DataTypes.StringType, false));
        for (String name :
                List.of("regularization_exponent", "loss", "loss_observed", "loss_unobserved", "loss_regularization")) {
            fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    public static Dataset<Row> toDataFrame(SparkSession spark, List<CurveRow> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (CurveRow row : rows) {
            Metrics m = row.metrics();
            Object[] cells = new Object[6 + Metrics.NAMES.size() + 8];
            cells[0] = row.point().factors();
            cells[1] = row.point().regularization();
            cells[2] = row.point().alpha();
            cells[3] = row.epoch();
            cells[4] = m.k();
            cells[5] = m.users();
            for (int i = 0; i < Metrics.NAMES.size(); i++) {
                cells[6 + i] = m.value(Metrics.NAMES.get(i));
            }
            int at = 6 + Metrics.NAMES.size();
            cells[at] = row.trainSeconds();
            cells[at + 1] = row.evalSeconds();
            cells[at + 2] = row.point().scalingName();
            cells[at + 3] = row.point().exponent();
            cells[at + 4] = row.loss().total();
            cells[at + 5] = row.loss().observed();
            cells[at + 6] = row.loss().unobserved();
            cells[at + 7] = row.loss().regularization();
            out.add(RowFactory.create(cells));
        }
        return spark.createDataFrame(out, schema());
    }

    /**
     * Writes the curves as one small Parquet file under path, replacing what was there through
     * {@link SafeOutput}: a failed write leaves the previous curves whole.
     */
    public static void write(SparkSession spark, List<CurveRow> rows, String path) {
        new SafeOutput(spark.sparkContext().hadoopConfiguration(), true)
                .writeParquet(toDataFrame(spark, rows).coalesce(1), path);
    }
}
