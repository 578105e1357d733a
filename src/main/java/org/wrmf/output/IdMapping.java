package org.wrmf.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Lookups of a few ids in an id mapping (columns {@code id} string, {@code idx} int), for commands
 * that take original ids from the user (explain) and print original ids back.
 */
public final class IdMapping {
    private IdMapping() {
    }

    /** The dense index of an original id; IllegalArgumentException (a usage error) when it is unknown. */
    public static int index(Dataset<Row> mapping, String id, String what) {
        List<Row> rows = mapping.filter(col("id").equalTo(id)).select("idx").collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " id '" + id + "' (not in the thresholded data)");
        }
        return rows.get(0).getInt(0);
    }

    /** Original ids (and names when given, "id (name)") of a few dense indices. */
    public static Map<Integer, String> labels(Dataset<Row> mapping, Dataset<Row> names, Collection<Integer> indices) {
        Dataset<Row> wanted = mapping.filter(col("idx").isin(indices.toArray())).select("idx", "id");
        if (names != null) {
            wanted = wanted.join(names.select("id", "name"), "id", "left");
        }
        Map<Integer, String> labels = new HashMap<>();
        for (Row row : wanted.collectAsList()) {
            String id = row.getAs("id");
            String name = names == null ? null : row.getAs("name");
            labels.put(row.getAs("idx"), name == null ? id : id + " (" + name + ")");
        }
        return labels;
    }
}
