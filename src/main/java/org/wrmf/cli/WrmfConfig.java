package org.wrmf.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.wrmf.common.ConfigError;

/**
 * The typed, validated view over the settings. Layers, last wins: the defaults shipped in the jar
 * (conf/application.conf), an optional --config file, then each --set KEY=VALUE. Every getter names the
 * key in its error, and unknown keys under "wrmf." are refused, so a typo never goes unnoticed.
 */
public final class WrmfConfig {
    public static final String DEFAULTS_RESOURCE = "org/wrmf/application.conf";
    private static final String PREFIX = "wrmf.";

    private final Config config;
    private final String rendered;

    private WrmfConfig(Config config) {
        this.config = config;
        this.rendered = config.getConfig("wrmf").root().render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    public static Config defaults() {
        Config defaults = ConfigFactory.parseResources(
                WrmfConfig.class.getClassLoader(),
                DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        return defaults.resolve();
    }

    /** Builds the settings from an optional file and KEY=VALUE overrides (prefix "wrmf." optional). */
    public static WrmfConfig load(String configFile, List<String> overrides) {
        Config defaults = defaults();
        Config merged = defaults;
        if (configFile != null) {
            File file = new File(configFile);
            if (!file.isFile()) {
                throw new ConfigError("--config: no such file: " + configFile);
            }
            try {
                merged = ConfigFactory.parseFile(
                                file, ConfigParseOptions.defaults().setAllowMissing(false))
                        .withFallback(merged);
            } catch (ConfigException e) {
                throw new ConfigError("--config " + configFile + ": " + e.getMessage(), e);
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("--set expects KEY=VALUE, got: " + override);
            }
            String key = qualify(override.substring(0, eq).trim());
            merged = merged.withValue(key, parseValue(key, override.substring(eq + 1)));
        }
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
        rejectUnknownKeys(merged, defaults);
        return new WrmfConfig(merged);
    }

    static String qualify(String key) {
        return key.startsWith(PREFIX) ? key : PREFIX + key;
    }

    /**
     * A value given on the command line: a HOCON list, object or quoted string when it looks like one
     * ("[10, 20]"; {@code ""} is the empty string, as in a config file), otherwise the literal string
     * (Typesafe converts "5" to a number on demand).
     */
    private static ConfigValue parseValue(String key, String raw) {
        String value = raw.trim();
        if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")) {
            try {
                return ConfigFactory.parseString(
                                "v = " + value, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
                        .getValue("v");
            } catch (ConfigException e) {
                throw ConfigError.key(key, "cannot parse " + value + ": " + e.getMessage());
            }
        }
        return ConfigValueFactory.fromAnyRef(value, "--set " + key);
    }

    private static void rejectUnknownKeys(Config merged, Config defaults) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : merged.getConfig("wrmf").entrySet()) {
            String key = PREFIX + entry.getKey();
            if (!defaults.hasPathOrNull(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigError("unknown setting" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (--help lists every key)");
        }
    }

    /** The same settings with one key changed (benchmarks run several variants of one config). */
    public WrmfConfig with(String key, Object value) {
        return new WrmfConfig(config.withValue(qualify(key), ConfigValueFactory.fromAnyRef(value)));
    }

    /** The effective settings under "wrmf" as JSON (for the manifest). */
    public String renderJson() {
        return rendered;
    }

    public String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected a string (" + e.getMessage() + ")");
        }
    }

    /** Whether the key was given (in a --config file or with --set), not left at its shipped default. */
    public boolean isSet(String key) {
        return !config.getValue(key)
                .origin()
                .description()
                .equals(defaults().getValue(key).origin().description());
    }

    /** A string that may be empty, returned as null when empty. */
    public String optionalString(String key) {
        String value = string(key).trim();
        return value.isEmpty() ? null : value;
    }

    public boolean bool(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected true or false, got " + describe(key));
        }
    }

    public int intAtLeast(String key, int min) {
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected an integer, got " + describe(key));
        }
        if (value < min) {
            throw ConfigError.key(key, "must be at least " + min + ", got " + value);
        }
        return value;
    }

    public long longValue(String key) {
        try {
            return config.getLong(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected an integer, got " + describe(key));
        }
    }

    public double doubleIn(String key, double min, double max) {
        double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected a number, got " + describe(key));
        }
        if (!(value >= min && value <= max)) {
            throw ConfigError.key(key, "must be within [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** A non-empty list of finite numbers, each at least {@code min}. */
    public List<Double> doubleList(String key, double min) {
        return list(
                key,
                config::getDoubleList,
                "numbers such as [0.1, 1]",
                value -> value >= min && !Double.isInfinite(value),
                "finite and >= " + min);
    }

    /** A non-empty list of integers, each at least {@code min}. */
    public List<Integer> intList(String key, int min) {
        return list(key, config::getIntList, "integers such as [10, 20]", value -> value >= min, "at least " + min);
    }

    private <T> List<T> list(
            String key, Function<String, List<T>> read, String expected, Predicate<T> valid, String rule) {
        List<T> values;
        try {
            values = read.apply(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected a list of " + expected + ", got " + describe(key));
        }
        if (values.isEmpty()) {
            throw ConfigError.key(key, "needs at least one value");
        }
        if (!values.stream().allMatch(valid)) {
            throw ConfigError.key(key, "every value must be " + rule + ", got " + values);
        }
        return values;
    }

    /** A non-empty, strictly increasing list of integers, the first at least {@code min}. */
    public int[] increasingIntList(String key, int min) {
        List<Integer> values = intList(key, min);
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
                throw ConfigError.key(key, "values must be strictly increasing, got " + values);
            }
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A list of integers, possibly empty (seeds, say). */
    public List<Long> longList(String key) {
        try {
            return config.getLongList(key);
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected a list of integers such as [1, 2], got " + describe(key));
        }
    }

    /** A list of words, trimmed and in lower case (engine names, say). */
    public List<String> stringList(String key) {
        try {
            return config.getStringList(key).stream()
                    .map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .toList();
        } catch (ConfigException e) {
            throw ConfigError.key(key, "expected a list of words such as [a, b], got " + describe(key));
        }
    }

    /** A value among a fixed set of words, compared without case; returned in lower case. */
    public String oneOf(String key, Set<String> allowed) {
        String value = string(key).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw ConfigError.key(
                    key,
                    "must be one of " + String.join(" | ", new java.util.TreeSet<>(allowed)) + ", got \"" + string(key)
                            + "\"");
        }
        return value;
    }

    private String describe(String key) {
        if (!config.hasPathOrNull(key)) {
            return "nothing (the key is missing)";
        }
        ConfigValue value = config.getValue(key);
        return value.valueType() == ConfigValueType.STRING ? "\"" + value.unwrapped() + "\"" : value.render();
    }
}
