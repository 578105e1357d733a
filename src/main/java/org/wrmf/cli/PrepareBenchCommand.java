package org.wrmf.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wrmf.bench.PrepareBench;
import org.wrmf.data.PrepareSettings;

/**
 * {@code bench prepare [SCALE]...}: {@link PrepareBench} on the default synthetic likes at scale 1 and
 * 10 (or the scales given as arguments). Scratch outputs go under {@code <output>/bench/prepare}.
 */
public final class PrepareBenchCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) {
        List<String> scales = args.isEmpty() ? List.of("1", "10") : args;
        String base = SettingsReader.outputPath(config) + "/bench/prepare";
        Map<String, PrepareSettings> datasets = new LinkedHashMap<>();
        for (String scale : scales) {
            datasets.put(
                    scale,
                    SettingsReader.prepare(config.with("input.format", "synthetic")
                            .with("generate.scale", scale)
                            .with("generate.path", "")
                            .with("output.path", base + "/scale-" + scale)));
        }
        PrepareBench.run(spark, datasets);
    }
}
