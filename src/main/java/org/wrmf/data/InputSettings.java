package org.wrmf.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Where the likes are and how to read them. Columns are header names or 0-based positions;
 * weight and name are optional (null). The encoding is the canonical name of the charset delimited
 * files are decoded in (strictly: a line with bytes invalid in it is rejected, never altered).
 * {@code nameOptional}: the name column is the default, not one the user asked for, so an input whose
 * header lacks it simply has no names (one asked for and missing is a mistake, exit 2).
 * {@code timeColumn} (null: none) holds each like's time, read by {@link Timestamps}: epoch seconds or an
 * ISO date or date-time.
 */
public record InputSettings(
        String path,
        String format,
        boolean header,
        String userColumn,
        String itemColumn,
        String weightColumn,
        String nameColumn,
        String encoding,
        boolean nameOptional,
        String timeColumn)
        implements java.io.Serializable {
    public static final Set<String> FORMATS = Set.of("psv", "csv", "tsv", "parquet", "synthetic");
    public static final String DEFAULT_ENCODING = StandardCharsets.UTF_8.name();

    /** Settings without a time column. */
    public InputSettings(
            String path,
            String format,
            boolean header,
            String userColumn,
            String itemColumn,
            String weightColumn,
            String nameColumn,
            String encoding,
            boolean nameOptional) {
        this(path, format, header, userColumn, itemColumn, weightColumn, nameColumn, encoding, nameOptional, null);
    }

    /** Settings reading UTF-8, the default encoding. */
    public InputSettings(
            String path,
            String format,
            boolean header,
            String userColumn,
            String itemColumn,
            String weightColumn,
            String nameColumn) {
        this(path, format, header, userColumn, itemColumn, weightColumn, nameColumn, DEFAULT_ENCODING);
    }

    /** Settings whose name column, when given, must be there. */
    public InputSettings(
            String path,
            String format,
            boolean header,
            String userColumn,
            String itemColumn,
            String weightColumn,
            String nameColumn,
            String encoding) {
        this(path, format, header, userColumn, itemColumn, weightColumn, nameColumn, encoding, false);
    }

    Charset charset() {
        return Charset.forName(encoding);
    }

    /** The same settings reading the notebook's PSV layout at another path (how generated likes are read). */
    public InputSettings asPsv(String psvPath) {
        return new InputSettings(
                psvPath,
                "psv",
                true,
                userColumn,
                itemColumn,
                weightColumn,
                nameColumn,
                DEFAULT_ENCODING,
                nameOptional,
                timeColumn);
    }

    /** The same settings at another path (a given test set, read like the input). */
    public InputSettings atPath(String otherPath) {
        return new InputSettings(
                otherPath,
                format,
                header,
                userColumn,
                itemColumn,
                weightColumn,
                nameColumn,
                encoding,
                true,
                timeColumn);
    }

    /** The same settings with a time column (null: none). */
    public InputSettings withTimeColumn(String column) {
        return new InputSettings(
                path, format, header, userColumn, itemColumn, weightColumn, nameColumn, encoding, nameOptional, column);
    }

    /** Whether each like has a time. */
    public boolean timed() {
        return timeColumn != null;
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
