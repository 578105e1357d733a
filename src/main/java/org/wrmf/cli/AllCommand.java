package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.wrmf.report.Report;
import org.wrmf.als.AlsParams;
import org.wrmf.data.Preparation;
import org.wrmf.data.PreparedData;
import org.wrmf.tuning.CurveRow;
import org.wrmf.tuning.GridResult;
import org.wrmf.tuning.GridSettings;
import org.wrmf.report.Manifest;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.OutputWriter;

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
        String output = config.string("wrmf.output.path");
        OutputSettings outputs = OutputSettings.from(config);
        GridSettings grid = GridCommand.settings(spark, config);
        OutputWriter.checkWritable(spark, outputs);
        Manifest manifest = Manifest.forRun(spark, "all", config);
        long start = System.nanoTime();
        PreparedData data = Preparation.run(spark, config, manifest);
        PrepareCommand.printSummary(manifest);
        Checkpoints.use(spark, config);

        GridResult result = GridCommand.search(spark, grid, output, data, manifest);
        CurveRow best = result.best();
        AlsParams params = grid.base().withFactors(best.point().factors())
                .withRegularization(best.point().regularization())
                .withAlpha(best.point().alpha());
        System.out.printf(Locale.ROOT, "Best: %s at epoch %d: %s = %.5f%n", best.point().describe(), best.epoch(),
                result.metric(), best.metrics().value(result.metric()));

        FinalModel.trainAndWrite(spark, data, params, best.epoch(), outputs, manifest);
        manifest.timing("total", start);
        manifest.write(spark.sparkContext().hadoopConfiguration(), output);
        Report.write(spark, outputs);
        System.out.println("Outputs and report under " + output + " (report/index.html)");
    }
}
