package org.wrmf.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wrmf.common.ConfigError;

/**
 * {@code bench NAME}: benchmarks that print figures (never assertions). Each writes its scratch
 * outputs under {@code <output>/bench/NAME}.
 */
public final class BenchCommand implements Command {
    static Map<String, Command> benches() {
        Map<String, Command> benches = new LinkedHashMap<>();
        benches.put("prepare", new PrepareBenchCommand());
        benches.put("als", new AlsBenchCommand());
        benches.put("grid", new GridBenchCommand());
        benches.put("scale", new ScaleBenchCommand());
        benches.put("refit", new RefitBenchCommand());
        return benches;
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        if (args.isEmpty() || !benches().containsKey(args.get(0))) {
            throw new ConfigError("bench needs one of: "
                    + String.join(", ", benches().keySet()) + (args.isEmpty() ? "" : " (got " + args.get(0) + ")"));
        }
        benches().get(args.get(0)).run(spark, config, args.subList(1, args.size()));
    }
}
