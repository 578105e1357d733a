package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;

/** Where long factor lineages are checkpointed: wrmf.spark.checkpoint-dir, else under the output. */
public final class Checkpoints {
    private Checkpoints() {}

    /** Sets the session's checkpoint directory unless it already has one (a test's, spark-submit's). */
    public static void use(SparkSession spark, WrmfConfig config) {
        if (spark.sparkContext().getCheckpointDir().isEmpty()) {
            spark.sparkContext().setCheckpointDir(SettingsReader.checkpointDir(config));
        }
    }
}
