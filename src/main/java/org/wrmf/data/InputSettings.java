package org.wrmf.data;

import org.wrmf.cli.WrmfConfig;

import java.util.Set;
import org.wrmf.errors.ConfigError;

/**
 * Where the likes are and how to read them. Columns are header names or 0-based positions;
 * weight and name are optional (null).
 */
public record InputSettings(String path, String format, boolean header, String userColumn, String itemColumn,
                            String weightColumn, String nameColumn) implements java.io.Serializable {
    public static final Set<String> FORMATS = Set.of("psv", "csv", "tsv", "parquet", "synthetic");

    public static InputSettings from(WrmfConfig config) {
        String format = config.oneOf("wrmf.input.format", FORMATS);
        String path = config.optionalString("wrmf.input.path");
        if (path == null && !format.equals("synthetic")) {
            throw new org.wrmf.errors.ConfigError(
                    "wrmf.input.path: required for input.format=" + format + " (or use input.format=synthetic)");
        }
        String user = config.optionalString("wrmf.input.columns.user");
        String item = config.optionalString("wrmf.input.columns.item");
        if (user == null) {
            throw org.wrmf.errors.ConfigError.key("wrmf.input.columns.user", "must name the user column");
        }
        if (item == null) {
            throw org.wrmf.errors.ConfigError.key("wrmf.input.columns.item", "must name the item column");
        }
        boolean header = format.equals("psv") || format.equals("synthetic") || config.bool("wrmf.input.header");
        return new InputSettings(path, format, header, user, item,
                config.optionalString("wrmf.input.columns.weight"), config.optionalString("wrmf.input.columns.name"));
    }

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
