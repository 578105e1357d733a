package org.wrmf.data;

import org.wrmf.config.ConfigError;
import org.wrmf.config.WrmfConfig;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Where the likes are and how to read them. Columns are header names or 0-based positions;
 * weight and name are optional (null). The encoding is the canonical name of the charset delimited
 * files are decoded in (strictly: a line with bytes invalid in it is rejected, never altered).
 */
public record InputSettings(String path, String format, boolean header, String userColumn, String itemColumn,
                            String weightColumn, String nameColumn, String encoding) implements java.io.Serializable {
    public static final Set<String> FORMATS = Set.of("psv", "csv", "tsv", "parquet", "synthetic");
    public static final String DEFAULT_ENCODING = StandardCharsets.UTF_8.name();

    /** Settings reading UTF-8, the default encoding. */
    public InputSettings(String path, String format, boolean header, String userColumn, String itemColumn,
                         String weightColumn, String nameColumn) {
        this(path, format, header, userColumn, itemColumn, weightColumn, nameColumn, DEFAULT_ENCODING);
    }

    public static InputSettings from(WrmfConfig config) {
        String format = config.oneOf("wrmf.input.format", FORMATS);
        String path = config.optionalString("wrmf.input.path");
        if (path == null && !format.equals("synthetic")) {
            throw new org.wrmf.config.ConfigError(
                    "wrmf.input.path: required for input.format=" + format + " (or use input.format=synthetic)");
        }
        String user = config.optionalString("wrmf.input.columns.user");
        String item = config.optionalString("wrmf.input.columns.item");
        if (user == null) {
            throw org.wrmf.config.ConfigError.key("wrmf.input.columns.user", "must name the user column");
        }
        if (item == null) {
            throw org.wrmf.config.ConfigError.key("wrmf.input.columns.item", "must name the item column");
        }
        boolean header = format.equals("psv") || format.equals("synthetic") || config.bool("wrmf.input.header");
        return new InputSettings(path, format, header, user, item,
                config.optionalString("wrmf.input.columns.weight"), config.optionalString("wrmf.input.columns.name"),
                encoding(config.string("wrmf.input.encoding")));
    }

    /**
     * The canonical name of a charset lines can be read in. Lines are split on the byte of '\n' before
     * they are decoded, so the charset must write ASCII as ASCII (UTF-8, ISO-8859-1, windows-1252 do;
     * UTF-16 does not).
     */
    public static String encoding(String name) {
        String key = "wrmf.input.encoding";
        Charset charset;
        try {
            charset = Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(key, "unknown charset \"" + name + "\" (e.g. UTF-8, ISO-8859-1, windows-1252)");
        }
        String ascii = "\n\r|,\t\"\\ 0123456789.-+eE_azAZ";
        if (!charset.canEncode()
                || !Arrays.equals(ascii.getBytes(StandardCharsets.US_ASCII), ascii.getBytes(charset))) {
            throw ConfigError.key(key, charset.name() + " does not write ASCII as ASCII, and lines are split on the "
                    + "byte of \\n: use a charset such as UTF-8, ISO-8859-1 or windows-1252");
        }
        return charset.name();
    }

    Charset charset() {
        return Charset.forName(encoding);
    }

    /** The same settings reading the seed's PSV layout at another path (how generated likes are read). */
    public InputSettings asPsv(String psvPath) {
        return new InputSettings(psvPath, "psv", true, userColumn, itemColumn, weightColumn, nameColumn,
                DEFAULT_ENCODING);
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
