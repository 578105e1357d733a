package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.wrmf.report.Manifest;

import java.util.List;
import org.wrmf.data.Preparation;

/** {@code prepare}: load, deduplicate, threshold, index and split; writes the manifest. */
public final class PrepareCommand implements Command {
    @Override
    public String summary() {
        return "load, dedupe, threshold (k-core), index and split the likes; write prepared/ and manifest.json";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        Manifest manifest = Manifest.forRun(spark, "prepare", config);
        long start = System.nanoTime();
        Preparation.run(spark, config, manifest);
        manifest.timing("total", start);
        manifest.write(spark.sparkContext().hadoopConfiguration(), config.string("wrmf.output.path"));
        printSummary(manifest);
    }

    /** The seed's "Starting likes info / Ending likes info", and the row accounting. */
    public static void printSummary(Manifest manifest) {
        System.out.printf("Rows read: %s, rejected: %s, duplicates: %s%n", manifest.get("input.rows_read"),
                manifest.get("input.rows_rejected"), manifest.get("input.duplicates"));
        for (String stage : new String[]{"before", "after"}) {
            System.out.println(stage.equals("before") ? "Starting likes info" : "Ending likes info");
            System.out.printf("Number of users: %s%n", manifest.get("threshold." + stage + ".users"));
            System.out.printf("Number of models: %s%n", manifest.get("threshold." + stage + ".items"));
            System.out.printf("Sparsity: %.3f%%%n", (Double) manifest.get("threshold." + stage + ".sparsity_percent"));
        }
        System.out.printf("Holdout: train %s likes, test %s likes of %s users%n", manifest.get("holdout.train_likes"),
                manifest.get("holdout.test_likes"), manifest.get("holdout.test_users"));
    }
}
