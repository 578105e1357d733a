package org.wrmf.io;

import static org.apache.spark.sql.functions.col;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lookups in an id mapping (columns {@code id} string, {@code idx} int, optionally {@code name}), for commands
 * that take original ids from the user (explain) and print original ids back.
 */
public final class IdMapping {
    private IdMapping() {}

    /** The dense index of an original id; IllegalArgumentException (a usage error) when it is unknown. */
    public static int index(Dataset<Row> mapping, String id, String what) {
        List<Row> rows = mapping.filter(col("id").equalTo(id)).select("idx").collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " id '" + id + "' (not in the thresholded data)");
        }
        return rows.get(0).getInt(0);
    }

    /**
     * Item names, when the mapping has them: the data layer keeps the input's optional name column
     * (the notebook's model names) in the item mapping; null when it has no such column or every name is
     * null, so outputs leave the name columns out rather than fill them with nulls.
     */
    public static Dataset<Row> names(Dataset<Row> mapping) {
        if (!List.of(mapping.columns()).contains("name")
                || mapping.filter(col("name").isNotNull()).limit(1).count() == 0) {
            return null;
        }
        return mapping.select("id", "name");
    }

    /** Original ids (with the name when there is one, "id (name)") of a few dense indices. */
    public static Map<Integer, String> labels(Dataset<Row> mapping, Collection<Integer> indices) {
        boolean named = names(mapping) != null;
        Dataset<Row> wanted = mapping.filter(col("idx").isin(indices.toArray()));
        Map<Integer, String> labels = new HashMap<>();
        for (Row row : wanted.collectAsList()) {
            String id = row.getAs("id");
            String name = named ? row.getAs("name") : null;
            labels.put(row.getAs("idx"), name == null ? id : id + " (" + name + ")");
        }
        return labels;
    }
}
