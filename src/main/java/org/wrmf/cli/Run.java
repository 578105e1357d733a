package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.wrmf.data.PreparedData;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * What every command that prepares the likes does around its own work: open the run's manifest,
 * prepare, do the work, record the total time and write {@code manifest.json}.
 */
final class Run {
    /** A command's own work on the prepared likes; it records what it did in the manifest. */
    @FunctionalInterface
    interface Work {
        void run(PreparedData data, Manifest manifest) throws Exception;
    }

    private Run() {
    }

    static RunManifest onPreparedData(SparkSession spark, WrmfConfig config, String command, Work work)
            throws Exception {
        Manifest manifest = Manifest.forRun(spark, command, config.renderJson());
        long start = System.nanoTime();
        PreparedData data = PrepareCommand.prepare(spark, config, manifest);
        work.run(data, manifest);
        manifest.timing("total", start);
        manifest.write(spark.sparkContext().hadoopConfiguration(), Settings.outputPath(config));
        return manifest.toRecord();
    }

    /**
     * A command that writes the final outputs: refuses before any work when they exist and may not be
     * replaced, and sets the checkpoint folder for the training.
     */
    static RunManifest writingFinalOutputs(SparkSession spark, WrmfConfig config, String command,
                                           OutputSettings outputs, Work work) throws Exception {
        OutputWriter.checkWritable(spark, outputs);
        return onPreparedData(spark, config, command, (data, manifest) -> {
            Checkpoints.use(spark, config);
            work.run(data, manifest);
        });
    }
}
