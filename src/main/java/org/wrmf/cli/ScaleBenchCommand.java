package org.wrmf.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.bench.ScaleBench;

/**
 * {@code bench scale [SCALE]...}: {@link ScaleBench} on the synthetic likes at each scale given (default:
 * {@code wrmf.bench.scale.scales}), prepared with the run's threshold and holdout settings. Scratch
 * outputs (the generated likes, the prepared tables) go under {@code <output>/bench/scale/scale-N}.
 */
public final class ScaleBenchCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) {
        List<String> scales = args.isEmpty() ? SettingsReader.benchScales(config) : args;
        String base = SettingsReader.outputPath(config) + "/bench/scale";
        List<ScaleBench.Dataset> datasets = new ArrayList<>();
        for (String scale : scales) {
            datasets.add(new ScaleBench.Dataset(
                    scale,
                    SettingsReader.prepare(config.with("input.format", "synthetic")
                            .with("generate.scale", scale)
                            .with("generate.path", "")
                            .with("output.path", base + "/scale-" + scale))));
        }
        Checkpoints.use(spark, config);
        ScaleBench.run(spark, datasets, SettingsReader.scaleBench(config, spark.sparkContext()), System.out);
    }
}
