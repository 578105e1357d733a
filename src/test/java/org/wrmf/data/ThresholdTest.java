package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThresholdTest {
    static Dataset<Row> table(List<String[]> pairs) {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("weight", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (String[] pair : pairs) {
            rows.add(RowFactory.create(pair[0], pair[1], 1.0));
        }
        return SparkTestSession.get().createDataFrame(rows, schema);
    }

    /** The seed's loop, on plain Java collections: the independent reference. */
    static Set<List<String>> reference(List<String[]> pairs, int minUser, int minItem) {
        Set<List<String>> likes = new HashSet<>();
        for (String[] p : pairs) {
            likes.add(List.of(p[0], p[1]));
        }
        while (true) {
            int before = likes.size();
            Map<String, Integer> perUser = new HashMap<>();
            likes.forEach(l -> perUser.merge(l.get(0), 1, Integer::sum));
            likes.removeIf(l -> perUser.get(l.get(0)) < minUser);
            Map<String, Integer> perItem = new HashMap<>();
            likes.forEach(l -> perItem.merge(l.get(1), 1, Integer::sum));
            likes.removeIf(l -> perItem.get(l.get(1)) < minItem);
            if (likes.size() == before) {
                return likes;
            }
        }
    }

    @Test
    void cascadingRemovalsRepeatUntilStable() {
        // u3 has 2 likes -> removed; then item c keeps 1 user -> removed; then u2 drops to 1 like -> removed ...
        List<String[]> pairs = List.of(
                new String[]{"u1", "a"}, new String[]{"u1", "b"}, new String[]{"u1", "c"},
                new String[]{"u2", "a"}, new String[]{"u2", "b"}, new String[]{"u2", "c"},
                new String[]{"u4", "a"}, new String[]{"u4", "b"}, new String[]{"u4", "d"},
                new String[]{"u3", "c"}, new String[]{"u3", "d"});
        Threshold.Result result = Threshold.apply(table(pairs), 3, 2);
        Set<List<String>> got = new HashSet<>();
        result.likes().collectAsList().forEach(r -> got.add(List.of(r.getString(0), r.getString(1))));
        assertEquals(reference(pairs, 3, 2), got);
        assertEquals(new LikeStats(4, 4, 11), result.before());
        assertEquals(got.size(), result.after().likes());
    }

    @Test
    void randomTablesMatchTheSeedsLoop() {
        Random random = new Random(3);
        List<String[]> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 600; n++) {
            String u = "u" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 60);
            String i = "i" + (int) Math.floor(Math.pow(random.nextDouble(), 2) * 50);
            if (seen.add(u + "/" + i)) {
                pairs.add(new String[]{u, i});
            }
        }
        Threshold.Result result = Threshold.apply(table(pairs), 5, 4);
        Set<List<String>> got = new HashSet<>();
        result.likes().collectAsList().forEach(r -> got.add(List.of(r.getString(0), r.getString(1))));
        assertEquals(reference(pairs, 5, 4), got);
    }
}
