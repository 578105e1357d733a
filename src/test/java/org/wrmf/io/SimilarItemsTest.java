package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class SimilarItemsTest {

    static double cosine(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int f = 0; f < a.length; f++) {
            dot += a[f] * b[f];
            na += a[f] * a[f];
            nb += b[f] * b[f];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void equalsBruteForceCosineWithNames() {
        int n = 15;
        int topN = 4;
        double[][] items = SparkMlModelTest.randomFactors(n, 5, 11);
        List<Row> mapping = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mapping.add(RowFactory.create("m" + i, i, "model " + i));
        }
        Dataset<Row> itemIds = SparkTestSession.get()
                .createDataFrame(
                        mapping,
                        new StructType()
                                .add("id", DataTypes.StringType)
                                .add("idx", DataTypes.IntegerType)
                                .add("name", DataTypes.StringType));
        Dataset<Row> similar =
                SimilarItems.compute(SparkTestSession.get(), SparkMlModelTest.rdd(items), itemIds, topN, 3);
        assertArrayEquals(
                new String[] {"id", "similar_id", "score", "rank", "name", "similar_name"}, similar.columns());
        List<Row> rows = similar.collectAsList();
        assertEquals(n * topN, rows.size());

        for (int i = 0; i < n; i++) {
            int query = i;
            List<Integer> expected = IntStream.range(0, n)
                    .filter(j -> j != query)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -cosine(items[query], items[j])))
                    .limit(topN)
                    .toList();
            List<Row> mine = rows.stream()
                    .filter(r -> r.getString(0).equals("m" + query))
                    .sorted(Comparator.comparingInt(r -> r.getInt(3)))
                    .toList();
            assertEquals(topN, mine.size());
            for (int rank = 0; rank < topN; rank++) {
                Row row = mine.get(rank);
                int j = expected.get(rank);
                assertEquals("m" + j, row.getString(1), "item " + i + " rank " + (rank + 1));
                assertEquals(cosine(items[i], items[j]), row.getDouble(2), 1e-9);
                assertEquals(rank + 1, row.getInt(3));
                assertEquals("model " + i, row.getString(4));
                assertEquals("model " + j, row.getString(5));
            }
        }
    }

    @Test
    void withoutNamesHasFourColumns() {
        List<Row> mapping = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            mapping.add(RowFactory.create("m" + i, i, null));
        }
        Dataset<Row> unnamed = SparkTestSession.get()
                .createDataFrame(
                        mapping,
                        new StructType()
                                .add("id", DataTypes.StringType)
                                .add("idx", DataTypes.IntegerType)
                                .add("name", DataTypes.StringType));
        Dataset<Row> similar = SimilarItems.compute(
                SparkTestSession.get(), SparkMlModelTest.rdd(SparkMlModelTest.randomFactors(6, 3, 5)), unnamed, 2, 2);
        assertArrayEquals(new String[] {"id", "similar_id", "score", "rank"}, similar.columns());
        assertEquals(12, similar.count());
        assertEquals(0, similar.filter("id = similar_id").count(), "an item is never its own neighbour");
    }
}
