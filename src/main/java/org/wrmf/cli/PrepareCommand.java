package org.wrmf.cli;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.wrmf.data.LikeStats;
import org.wrmf.data.Preparation;
import org.wrmf.data.PrepareReport;
import org.wrmf.data.PrepareSettings;
import org.wrmf.data.PreparedData;
import org.wrmf.io.SafeOutput;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/** {@code prepare}: load, deduplicate, threshold, index and split; writes the manifest. */
public final class PrepareCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        printSummary(Run.onPreparedData(spark, config, "prepare", (data, manifest) -> {}));
    }

    /** The data half of every command that trains: prepares and records it in the manifest. */
    static PreparedData prepare(SparkSession spark, PrepareSettings settings, Manifest manifest) {
        return prepare(spark, settings, null, manifest);
    }

    /** The same with {@code earlier} likes added to the input's rows ({@link Preparation#run}), when not null. */
    static PreparedData prepare(SparkSession spark, PrepareSettings settings, Dataset<Row> earlier, Manifest manifest) {
        SafeOutput staged = new SafeOutput(spark.sparkContext().hadoopConfiguration(), true);
        // staged like every output: a run killed while writing leaves no table that looks complete
        Preparation.PreparationResult result = Preparation.run(
                spark,
                settings,
                (table, format, path) -> staged.writeFolder(
                        path,
                        (fs, staging) -> table.write()
                                .mode(SaveMode.ErrorIfExists)
                                .format(format)
                                .save(staging.toString())),
                earlier);
        manifest.prepared(result.report(), result.timings());
        return result.data();
    }

    /** The notebook's "Starting likes info / Ending likes info", and the row accounting. */
    static void printSummary(RunManifest run) {
        System.out.printf(
                "Rows read: %d, rejected: %d, duplicates: %d%n",
                run.input().rowsRead(), run.input().rowsRejected(), run.input().duplicates());
        System.out.println("Starting likes info");
        printStats(run.threshold().before());
        System.out.println("Ending likes info");
        printStats(run.threshold().after());
        System.out.printf(
                "Holdout: train %d likes, test %d likes of %d users%n",
                run.holdout().trainLikes(),
                run.holdout().testLikes(),
                run.holdout().testUsers());
        PrepareReport.HoldoutReport holdout = run.holdout();
        if ("time".equals(holdout.protocol())) {
            System.out.printf(
                    "Holdout by time: cutoff %s (%d); %d users first seen after it (%d likes) and %d test likes of"
                            + " models first seen after it dropped%n",
                    holdout.cutoffTime(),
                    holdout.cutoff(),
                    holdout.usersFirstSeenAfterCutoff(),
                    holdout.likesOfUsersFirstSeenAfterCutoff(),
                    holdout.testLikesOfUnknownItems());
        } else if ("given".equals(holdout.protocol())) {
            System.out.printf(
                    "Holdout given: %d rows read from %s, %d rejected; %d test likes of unknown users and %d of"
                            + " unknown models dropped; %d likes also in the test set left out of training%n",
                    holdout.testRowsRead(),
                    holdout.testPath(),
                    holdout.testRowsRejected(),
                    holdout.testLikesOfUnknownUsers(),
                    holdout.testLikesOfUnknownItems(),
                    holdout.likesRemovedFromTrain());
        }
    }

    private static void printStats(LikeStats stats) {
        System.out.printf("Number of users: %d%n", stats.users());
        System.out.printf("Number of models: %d%n", stats.items());
        System.out.printf(Locale.ROOT, "Sparsity: %.3f%%%n", stats.sparsityPercent());
    }
}
