package org.wrmf.data;

import java.util.Set;

/**
 * Where the likes are and how to read them. Columns are header names or 0-based positions;
 * weight and name are optional (null).
 */
public record InputSettings(String path, String format, boolean header, String userColumn, String itemColumn,
                            String weightColumn, String nameColumn) implements java.io.Serializable {
    public static final Set<String> FORMATS = Set.of("psv", "csv", "tsv", "parquet", "synthetic");

    /** The same settings reading the seed's PSV layout at another path (how generated likes are read). */
    public InputSettings asPsv(String psvPath) {
        return new InputSettings(psvPath, "psv", true, userColumn, itemColumn, weightColumn, nameColumn);
    }

    char delimiter() {
        return switch (format) {
            case "csv" -> ',';
            case "tsv" -> '\t';
            default -> '|';
        };
    }

    char quote() {
        return format.equals("psv") ? '\\' : '"';
    }
}
