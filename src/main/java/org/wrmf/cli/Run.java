package org.wrmf.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.data.PrepareSettings;
import org.wrmf.data.PreparedData;
import org.wrmf.io.OutputFolder;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * What every command that prepares the likes does around its own work: claim the output folder (one run
 * per folder, one at a time: {@link OutputFolder}), open the run's manifest, prepare, do the work, record
 * the total time, write {@code manifest.json} last (it marks the run finished) and release the folder.
 */
final class Run {
    /** A command's own work on the prepared likes; it records what it did in the manifest. */
    @FunctionalInterface
    interface Work {
        void run(PreparedData data, Manifest manifest) throws Exception;
    }

    private Run() {}

    static RunManifest onPreparedData(SparkSession spark, WrmfConfig config, String command, Work work)
            throws Exception {
        return onPreparedData(spark, config, command, null, work);
    }

    /**
     * The same with {@code earlier} likes (columns user, item, weight, name) added to the input's rows
     * before they are prepared, when not null (a refit's delta).
     */
    static RunManifest onPreparedData(
            SparkSession spark, WrmfConfig config, String command, Dataset<Row> earlier, Work work) throws Exception {
        PrepareSettings settings = SettingsReader.prepare(config); // a bad setting fails before the folder is touched
        try (OutputFolder folder = claim(spark, config, command)) {
            Manifest manifest = Manifest.forRun(spark, command, config.renderJson());
            long start = System.nanoTime();
            PreparedData data = PrepareCommand.prepare(spark, settings, earlier, manifest);
            work.run(data, manifest);
            Checkpoints.removeLeftovers(spark, config);
            manifest.timing("total", start);
            manifest.write(spark.sparkContext().hadoopConfiguration(), settings.output());
            return manifest.toRecord();
        }
    }

    /** A command that writes the final outputs: the same, with the checkpoint folder set for the training. */
    static RunManifest writingFinalOutputs(SparkSession spark, WrmfConfig config, String command, Work work)
            throws Exception {
        return writingFinalOutputs(spark, config, command, null, work);
    }

    /** The same with {@code earlier} likes added to the input's rows, when not null. */
    static RunManifest writingFinalOutputs(
            SparkSession spark, WrmfConfig config, String command, Dataset<Row> earlier, Work work) throws Exception {
        return onPreparedData(spark, config, command, earlier, (data, manifest) -> {
            Checkpoints.use(spark, config);
            work.run(data, manifest);
        });
    }

    /**
     * Checks the checkpoint folder, then checks, locks and clears {@code wrmf.output.path} for a run of the
     * command; close it to release.
     */
    static OutputFolder claim(SparkSession spark, WrmfConfig config, String command) {
        String checkpoints = config.optionalString("wrmf.spark.checkpoint-dir");
        if (checkpoints != null) { // by default under the output folder, checked with it
            OutputFolder.checkCheckpointFolder(
                    spark.sparkContext().hadoopConfiguration(), checkpoints, "wrmf.spark.checkpoint-dir");
        }
        return OutputFolder.claim(
                spark.sparkContext().hadoopConfiguration(),
                SettingsReader.outputPath(config),
                SettingsReader.overwrite(config),
                command,
                spark.sparkContext().applicationId());
    }
}
