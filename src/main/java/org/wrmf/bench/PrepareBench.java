package org.wrmf.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.wrmf.data.Preparation;
import org.wrmf.data.PrepareSettings;

/**
 * {@code bench prepare}: the data half's stage timings, one row per dataset (the synthetic likes at a
 * few scales), printed as a table.
 */
public final class PrepareBench {
    private static final String[] STAGES = {
        "generate", "load", "threshold", "index", "holdout", "write_prepared", "total"
    };

    private PrepareBench() {}

    /** @param datasets each row's label (the scale) and what to prepare */
    public static void run(SparkSession spark, Map<String, PrepareSettings> datasets) {
        StringBuilder table = new StringBuilder(String.format("%-6s %10s %8s", "scale", "likes", "kept"));
        for (String stage : STAGES) {
            table.append(String.format(" %9s", stage));
        }
        table.append("   (seconds; ").append(spark.sparkContext().master()).append(")\n");
        datasets.forEach((label, settings) -> {
            long start = System.nanoTime();
            Preparation.PreparationResult result = Preparation.run(spark, settings);
            Map<String, Double> timings = new LinkedHashMap<>(result.timings());
            timings.put("total", org.wrmf.common.Seconds.since(start));
            table.append(String.format(
                    "%-6s %10s %8s",
                    label,
                    result.report().input().rowsRead(),
                    result.report().threshold().after().likes()));
            for (String stage : STAGES) {
                table.append(String.format(" %9s", timings.get(stage)));
            }
            table.append('\n');
            spark.catalog().clearCache();
        });
        System.out.println(table);
    }
}
