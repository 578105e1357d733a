package org.wrmf.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.io.OutputSettings;

/**
 * {@code recommend}: no grid: train with the wrmf.als.* parameters on every kept like and write the
 * final outputs (factors, Spark ML model, similar items, recommendations) and the manifest.
 */
public final class RecommendCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        OutputSettings outputs = SettingsReader.output(config);
        AlsSettings als = SettingsReader.als(config, spark.sparkContext());
        RecommendRules rules = SettingsReader.recommendRules(config);
        BusinessRules.checkPaths(spark, rules);
        Run.writingFinalOutputs(
                spark,
                config,
                "recommend",
                (data, manifest) -> FinalModel.trainAndWrite(
                        spark, data, als.params(), als.execution(), als.iterations(), outputs, rules, manifest));
        System.out.println("Outputs under " + outputs.path());
    }
}
