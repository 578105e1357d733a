package org.wrmf.cli;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.FitExecution;
import org.wrmf.io.OutputSettings;
import org.wrmf.report.Report;
import org.wrmf.tuning.CurveRow;
import org.wrmf.tuning.GridResult;
import org.wrmf.tuning.GridSettings;

/**
 * {@code all}: the notebook's whole analysis: prepare, grid-search with learning curves, train the best
 * point (at its best epoch) on every like, write the outputs, the report and the manifest.
 */
public final class AllCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        OutputSettings outputs = SettingsReader.output(config);
        GridSettings grid = SettingsReader.grid(config, spark.sparkContext());
        RecommendRules rules = SettingsReader.recommendRules(config);
        FitExecution execution = SettingsReader.execution(config);
        BusinessRules.checkPaths(spark, rules);
        Run.writingFinalOutputs(spark, config, "all", (data, manifest) -> {
            PrepareCommand.printSummary(manifest.toRecord());
            GridResult result = GridCommand.search(spark, grid, outputs.path(), data, manifest);
            CurveRow best = result.best();
            System.out.printf(
                    Locale.ROOT,
                    "Best: %s at epoch %d: %s = %.5f%n",
                    best.point().describe(),
                    best.epoch(),
                    result.metric(),
                    best.metrics().value(result.metric()));
            FinalModel.trainAndWrite(
                    spark, data, grid.paramsOf(best.point()), execution, best.epoch(), outputs, rules, manifest);
            // before manifest.json, which marks the run finished: a run killed here is rerun whole
            Report.write(spark, outputs, manifest.toRecord());
        });
        System.out.println("Outputs and report under " + outputs.path() + " (report/index.html)");
    }
}
