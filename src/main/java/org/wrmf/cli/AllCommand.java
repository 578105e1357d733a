package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.wrmf.als.AlsParams;
import org.wrmf.data.PreparedData;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;
import org.wrmf.report.Manifest;
import org.wrmf.report.Report;
import org.wrmf.tuning.CurveRow;
import org.wrmf.tuning.GridResult;
import org.wrmf.tuning.GridSettings;

import java.util.List;
import java.util.Locale;

/**
 * {@code all}: the seed's whole analysis: prepare, grid-search with learning curves, train the best
 * point (at its best epoch) on every like, write the outputs, the manifest and the report.
 */
public final class AllCommand implements Command {
    @Override
    public String summary() {
        return "prepare, grid, final model on all likes with the best point, outputs and report";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        OutputSettings outputs = Settings.output(config);
        GridSettings grid = Settings.grid(config, spark.sparkContext());
        OutputWriter.checkWritable(spark, outputs);
        Manifest manifest = Manifest.forRun(spark, "all", config.renderJson());
        long start = System.nanoTime();
        PreparedData data = PrepareCommand.prepare(spark, config, manifest);
        PrepareCommand.printSummary(manifest.toRecord());
        Checkpoints.use(spark, config);

        GridResult result = GridCommand.search(spark, grid, outputs.path(), data, manifest);
        CurveRow best = result.best();
        AlsParams params = grid.paramsOf(best.point());
        System.out.printf(Locale.ROOT, "Best: %s at epoch %d: %s = %.5f%n", best.point().describe(), best.epoch(),
                result.metric(), best.metrics().value(result.metric()));

        FinalModel.trainAndWrite(spark, data, params, best.epoch(), outputs, manifest);
        manifest.timing("total", start);
        manifest.write(spark.sparkContext().hadoopConfiguration(), outputs.path());
        Report.write(spark, outputs);
        System.out.println("Outputs and report under " + outputs.path() + " (report/index.html)");
    }
}
