package org.wrmf.bench;

import org.apache.spark.sql.SparkSession;
import org.wrmf.cli.Command;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.report.Manifest;

import java.util.List;
import java.util.Map;
import org.wrmf.data.Preparation;

/**
 * {@code bench prepare}: the data half's stage timings on the default synthetic likes at scale 1 and
 * 10 (or the scales given as arguments), printed as a table.
 */
public final class PrepareBench implements Command {
    private static final String[] STAGES = {"generate", "load", "threshold", "index", "holdout", "write_prepared", "total"};

    @Override
    public String summary() {
        return "stage timings of prepare on synthetic likes (scales 1 and 10)";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        List<String> scales = args.isEmpty() ? List.of("1", "10") : args;
        String base = config.string("wrmf.output.path") + "/bench/prepare";
        StringBuilder table = new StringBuilder(String.format("%-6s %10s %8s", "scale", "likes", "kept"));
        for (String stage : STAGES) {
            table.append(String.format(" %9s", stage));
        }
        table.append("   (seconds; ").append(spark.sparkContext().master()).append(")\n");
        for (String scale : scales) {
            WrmfConfig variant = config.with("input.format", "synthetic")
                    .with("generate.scale", Double.parseDouble(scale))
                    .with("generate.path", "")
                    .with("output.path", base + "/scale-" + scale);
            Manifest manifest = new Manifest();
            long start = System.nanoTime();
            Preparation.run(spark, variant, manifest);
            manifest.timing("total", start);
            table.append(String.format("%-6s %10s %8s", scale, manifest.get("input.rows_read"),
                    ((Map<?, ?>) manifest.get("threshold.after")).get("likes")));
            for (String stage : STAGES) {
                table.append(String.format(" %9s", manifest.get("timings." + stage)));
            }
            table.append('\n');
            spark.catalog().clearCache();
        }
        System.out.println(table);
    }
}
