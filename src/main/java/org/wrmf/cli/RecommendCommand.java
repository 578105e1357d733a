package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.wrmf.data.PreparedData;
import org.wrmf.report.Manifest;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;

import java.util.List;

/**
 * {@code recommend}: no grid: train with the wrmf.als.* parameters on every kept like and write the
 * final outputs (factors, Spark ML model, similar items, recommendations) and the manifest.
 */
public final class RecommendCommand implements Command {
    @Override
    public String summary() {
        return "train on all likes with wrmf.als.* (no grid); write factors, model, similar items, recommendations";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        OutputSettings outputs = Settings.output(config);
        String output = outputs.path();
        AlsSettings als = Settings.als(config, spark.sparkContext());
        OutputWriter.checkWritable(spark, outputs);
        Manifest manifest = Manifest.forRun(spark, "recommend", config.renderJson());
        long start = System.nanoTime();
        PreparedData data = PrepareCommand.prepare(spark, config, manifest);
        Checkpoints.use(spark, config);
        FinalModel.trainAndWrite(spark, data, als.params(), als.iterations(), outputs, manifest);
        manifest.timing("total", start);
        manifest.write(spark.sparkContext().hadoopConfiguration(), output);
        System.out.println("Outputs under " + output);
    }
}
