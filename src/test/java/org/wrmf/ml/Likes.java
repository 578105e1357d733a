package org.wrmf.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Small likes with structure for the ml tests: users and items fall in three tastes; each user likes
 * mostly items of its taste, a few others, some twice, with play counts 1..5. Seeded: the same rows
 * every time.
 */
final class Likes {
    static final int USERS = 60;
    static final int ITEMS = 40;

    private Likes() {}

    /** (user, item, plays) rows, ids made by the given functions. */
    static List<Object[]> rows(IntFunction<Object> user, IntFunction<Object> item) {
        Random random = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int taste = u % 3;
            for (int n = 0; n < 8; n++) {
                int i = n < 6 ? 3 * random.nextInt(ITEMS / 3) + taste : random.nextInt(ITEMS);
                rows.add(new Object[] {user.apply(u), item.apply(i), 1 + random.nextInt(5)});
                if (n == 0) {
                    rows.add(new Object[] {user.apply(u), item.apply(i), 1 + random.nextInt(5)}); // a repeated pair
                }
            }
        }
        return rows;
    }

    static Dataset<Row> frame(SparkSession spark, List<Object[]> rows, DataType idType) {
        StructType schema = new StructType()
                .add("user", idType, false)
                .add("item", idType, false)
                .add("plays", DataTypes.IntegerType, false);
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(RowFactory.create(r));
        }
        return spark.createDataFrame(list, schema);
    }

    /** String ids {@code u<n>} and {@code m<n>}. */
    static Dataset<Row> strings(SparkSession spark) {
        return frame(spark, rows(u -> "u" + u, i -> "m" + i), DataTypes.StringType);
    }

    /** Long ids past the int range. */
    static Dataset<Row> longs(SparkSession spark) {
        return frame(spark, rows(u -> 10_000_000_000L + u, i -> 20_000_000_000L + i), DataTypes.LongType);
    }

    /** Int ids. */
    static Dataset<Row> ints(SparkSession spark) {
        return frame(spark, rows(u -> 1000 + u, i -> 7 * i), DataTypes.IntegerType);
    }
}
