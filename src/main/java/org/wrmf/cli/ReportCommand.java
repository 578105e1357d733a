package org.wrmf.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.io.OutputSettings;
import org.wrmf.report.Report;

/** {@code report}: regenerates {@code <output>/report/} from a finished run's outputs. */
public final class ReportCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) {
        // the report is derived from the other outputs: regenerating it always replaces the old one
        OutputSettings settings = SettingsReader.output(config.with("wrmf.output.overwrite", true));
        Report.write(spark, settings);
        System.out.println("report written to " + settings.path() + "/report/index.html");
    }
}
