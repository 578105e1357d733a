package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class PopularityTest {
    /**
     * Users a, b, c get item i3; b also i2; over a catalogue of 4 items the counts are 0, 0, 1, 3.
     * By hand: sum over ordered pairs of |x_i - x_j| = 2 (1 + 3 + 1 + 3 + 2) = 20, mean 1, so
     * Gini = 20 / (2 n^2 mean) = 20 / 32 = 0.625; coverage 2 / 4.
     */
    @Test
    void giniAndCoverageOfATinyTable() {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType);
        List<Row> rows = List.of(
                RowFactory.create("a", "i3"),
                RowFactory.create("b", "i3"),
                RowFactory.create("b", "i2"),
                RowFactory.create("c", "i3"));
        Popularity p = Popularity.of(SparkTestSession.get().createDataFrame(rows, schema), 4);
        assertEquals(new Popularity(3, 4, 4, 2, 0.5, 0.625), p);
    }

    @Test
    void equalCountsHaveGiniZeroAndOneItemTakingAllTendsToOne() {
        assertEquals(0, Popularity.gini(new long[] {2}, new long[] {5}, 0), 1e-15);
        // n - 1 zeros and one item: (n - 1) / n
        assertEquals(9.0 / 10, Popularity.gini(new long[] {7}, new long[] {1}, 9), 1e-15);
        assertEquals(0, Popularity.gini(new long[0], new long[0], 4), "nothing recommended");
    }
}
