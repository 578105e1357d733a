package org.wrmf.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.bench.GridBench;
import org.wrmf.common.ConfigError;
import org.wrmf.data.Preparation;
import org.wrmf.data.PreparedData;
import org.wrmf.tuning.GridSettings;

/**
 * {@code bench grid [slice]}: prepares the configured data (by default the synthetic likes) and runs
 * the notebook's 180-point grid on it with the configured k, parallelism, execution and evaluated users
 * ({@link GridBench}); {@code slice} runs one point per rank and extrapolates. Scratch outputs go
 * under {@code <output>/bench/grid}.
 */
public final class GridBenchCommand implements Command {

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        boolean slice = args.contains("slice");
        if (!args.isEmpty() && !(args.size() == 1 && slice)) {
            throw new ConfigError("bench grid takes no argument or 'slice', got " + args);
        }
        String scratch = SettingsReader.outputPath(config) + "/bench/grid";
        WrmfConfig variant = config.with("output.path", scratch);
        GridSettings configured = SettingsReader.grid(variant, spark.sparkContext());
        PreparedData data =
                Preparation.run(spark, SettingsReader.prepare(variant)).data();
        GridSettings grid = GridBench.notebookGrid(
                configured.base(),
                configured.k(),
                configured.parallelism(),
                configured.execution(),
                configured.evaluatedUsers());
        GridBench.run(spark, data, grid, scratch, slice);
    }
}
