package org.wrmf.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The --help listing of every key, its default and its comment, read from the shipped defaults. */
public final class HelpText {
    private HelpText() {}

    public static String keys() {
        Config defaults = WrmfConfig.defaults();
        Map<String, ConfigValue> sorted = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : defaults.entrySet()) {
            sorted.put(entry.getKey(), entry.getValue());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ConfigValue> entry : sorted.entrySet()) {
            out.append("  ")
                    .append(entry.getKey())
                    .append(" = ")
                    .append(entry.getValue().render())
                    .append('\n');
            List<String> comments = entry.getValue().origin().comments();
            for (String comment : comments) {
                out.append("      ").append(comment.trim()).append('\n');
            }
        }
        return out.toString();
    }
}
