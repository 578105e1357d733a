package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;

class IndexerTest {
    @TempDir
    Path dir;

    private static final String[] ALPHABET = {"a", "B", "z", "é", "\uFF5E", "\uD83D\uDE00", "模", "0", "_"};

    private static String id(Random random, String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    private IndexedLikes prepare(String csv, int minUser, int minItem) throws IOException {
        Path file = Files.writeString(dir.resolve("likes.csv"), csv);
        LoadedLikes loaded = LikesReader.read(
                SparkTestSession.get(), new InputSettings(file.toString(), "csv", true, "user", "item", null, "name"));
        RankedLikes ranked = Indexer.rank(loaded);
        Threshold.KCore kept = Threshold.apply(ranked, minUser, minItem);
        return Indexer.index(SparkTestSession.get(), ranked, kept.users(), kept.items())
                .likes();
    }

    /** Indices follow String order (UTF-16 units: an emoji before U+FF5E), whatever the partition. */
    @Test
    void keptIdsAreNumberedInTheirSortedOrder() throws IOException {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("user,item,name\n");
        for (int n = 0; n < 3000; n++) {
            csv.append(id(random, "u")).append(',').append(id(random, "i")).append(",n\n");
        }
        IndexedLikes indexed = prepare(csv.toString(), 2, 2);
        for (List<Row> table :
                List.of(indexed.users().collectAsList(), indexed.items().collectAsList())) {
            TreeSet<String> sorted = new TreeSet<>();
            Map<String, Integer> index = new HashMap<>();
            for (Row row : table) {
                sorted.add(row.getString(0));
                index.put(row.getString(0), row.getInt(1));
            }
            List<String> order = new ArrayList<>(sorted);
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, index.get(order.get(i)), order.get(i));
            }
        }
        assertEquals(indexed.numUsers(), indexed.users().count());
        assertEquals(indexed.numItems(), indexed.items().count());
    }

    /**
     * An item's name is the smallest of its kept likes' names in code point order (Spark SQL's min on
     * strings): u3, whose name for m1 is the smallest, leaves with the threshold.
     */
    @Test
    void anItemsNameIsTheSmallestOfItsKeptLikes() throws IOException {
        String csv = "user,item,name\n"
                + "u1,m1,B\nu1,m2,\uD83D\uDE00\nu2,m1,C\nu2,m2,\uFF5E\nu3,m1,A\n"
                + "u1,m3,same\nu2,m3,same\n";
        IndexedLikes indexed = prepare(csv, 2, 2);
        Map<String, String> names = new HashMap<>();
        indexed.items().collectAsList().forEach(row -> names.put(row.getString(0), row.getString(2)));
        assertEquals(Map.of("m1", "B", "m2", "\uFF5E", "m3", "same"), names);
    }

    /** Strings in String order ("10" before "9"), ints and longs in numeric order, types kept. */
    @Test
    void numberIdsFollowsTheOrderOfTheIdsType() {
        org.apache.spark.sql.SparkSession spark = SparkTestSession.get();
        for (org.apache.spark.sql.types.DataType type : List.of(
                org.apache.spark.sql.types.DataTypes.StringType,
                org.apache.spark.sql.types.DataTypes.IntegerType,
                org.apache.spark.sql.types.DataTypes.LongType)) {
            List<Object> ids = new ArrayList<>();
            for (long id : new long[] {9, 10, -3, 123456, 7}) {
                ids.add(
                        type.equals(org.apache.spark.sql.types.DataTypes.StringType)
                                ? Long.toString(id)
                                : type.equals(org.apache.spark.sql.types.DataTypes.IntegerType)
                                        ? (Object) (int) id
                                        : (Object) id);
            }
            List<Row> rows = new ArrayList<>();
            ids.forEach(id -> rows.add(org.apache.spark.sql.RowFactory.create(id)));
            org.apache.spark.sql.Dataset<Row> numbered = Indexer.numberIds(
                    spark,
                    spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType().add("id", type))
                            .repartition(3));
            assertEquals(type, numbered.schema().apply("id").dataType());
            List<Object> inOrder = new ArrayList<>();
            numbered.orderBy("idx").collectAsList().forEach(r -> inOrder.add(r.get(0)));
            List<Object> expected = type.equals(org.apache.spark.sql.types.DataTypes.StringType)
                    ? List.of("-3", "10", "123456", "7", "9")
                    : ids.stream()
                            .sorted((a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue()))
                            .toList();
            assertEquals(expected, inOrder, type.simpleString());
        }
    }
}
