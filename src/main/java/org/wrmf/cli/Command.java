package org.wrmf.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/** One thing the job can do, as named on the command line (prepare, train, grid, ...); see {@link Commands}. */
@FunctionalInterface
public interface Command {
    /**
     * Runs the command. Arguments left after the command name and the options (e.g. "bench prepare"
     * gets ["prepare"]). Returns normally on success; throws ConfigError for bad usage or input.
     */
    void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception;
}
