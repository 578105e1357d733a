package org.wrmf.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where long factor lineages are checkpointed: wrmf.spark.checkpoint-dir, else under the output. */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    /** The folder Spark makes for each session's checkpoints, named by a random UUID. */
    private static final Pattern SESSION_FOLDER =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** A shared checkpoint folder may serve runs in progress elsewhere: leave what changed this recently. */
    private static final long SHARED_IDLE_MILLIS = 24L * 3600 * 1000;

    private Checkpoints() {}

    /** Sets the session's checkpoint directory unless it already has one (a test's, spark-submit's). */
    public static void use(SparkSession spark, WrmfConfig config) {
        if (spark.sparkContext().getCheckpointDir().isEmpty()) {
            spark.sparkContext().setCheckpointDir(SettingsReader.checkpointDir(config));
        }
    }

    /**
     * After a successful run, removes the checkpoints of failed or killed sessions (Spark's cleaner only
     * removes a live session's own), logging their size. Under the output folder, which the run holds
     * locked, every other session's folder goes; in a folder set with wrmf.spark.checkpoint-dir, which
     * runs on other outputs may share, only those untouched for a day.
     */
    static void removeLeftovers(SparkSession spark, WrmfConfig config) {
        boolean shared = config.optionalString("wrmf.spark.checkpoint-dir") != null;
        Path parent = new Path(SettingsReader.checkpointDir(config));
        String current = spark.sparkContext().getCheckpointDir().isEmpty()
                ? null
                : new Path(spark.sparkContext().getCheckpointDir().get()).getName();
        try {
            FileSystem fs = parent.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.isDirectory(parent)) {
                return;
            }
            long now = System.currentTimeMillis();
            for (FileStatus folder : fs.listStatus(parent)) {
                String name = folder.getPath().getName();
                if (!folder.isDirectory()
                        || name.equals(current)
                        || !SESSION_FOLDER.matcher(name).matches()) {
                    continue;
                }
                if (shared && now - lastChange(fs, folder) < SHARED_IDLE_MILLIS) {
                    continue;
                }
                long bytes = fs.getContentSummary(folder.getPath()).getLength();
                if (fs.delete(folder.getPath(), true)) {
                    LOG.info(
                            "removed the checkpoints of an earlier session: {} ({})",
                            folder.getPath(),
                            String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0));
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove earlier sessions' checkpoints under {}: {}", parent, e.toString());
        }
    }

    /** The latest modification of the folder or of what it holds directly (its rdd-N folders). */
    private static long lastChange(FileSystem fs, FileStatus folder) throws IOException {
        long latest = folder.getModificationTime();
        for (FileStatus entry : fs.listStatus(folder.getPath())) {
            latest = Math.max(latest, entry.getModificationTime());
        }
        return latest;
    }
}
