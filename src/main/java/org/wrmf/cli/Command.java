package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;

/** One thing the job can do, as named on the command line (prepare, train, grid, ...). */
public interface Command {
    /** One line for --help. */
    String summary();

    /**
     * Runs the command. Arguments left after the command name and the options (e.g. "bench prepare"
     * gets ["prepare"]). Returns normally on success; throws ConfigError for bad usage or input.
     */
    void run(SparkSession spark, WrmfConfig config, java.util.List<String> args) throws Exception;
}
