package org.wrmf.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code wrmf:} line of a failed command, naming the cause in words where a user can act on it: out
 * of memory (the stage, and the memory settings to raise) and a full disk (the path written), which
 * otherwise show only as an error class deep in a stack trace.
 */
public final class Failures {
    /** A path or URI in an error message: where a write was going. */
    private static final Pattern PATH = Pattern.compile("(?:[a-z][a-z0-9+.-]*:)?/[^\\s,;'\"()\\[\\]]+");

    /** An OutOfMemoryError some thread logged (Spark logs those of its own threads), null until one is. */
    private static volatile Throwable loggedOutOfMemory;

    private static volatile boolean watching;

    private Failures() {}

    /**
     * Keeps the OutOfMemoryError that any thread logs. One thrown in Spark's own threads (the scheduler's
     * event loop, say) stops the SparkContext, and the command then fails with "SparkContext was shut
     * down", the error itself only in the log: with it kept, {@link #describe} still says it ran out of
     * memory. Needs Log4j 2 (Spark's logging); without it, nothing is kept.
     */
    public static synchronized void watchForOutOfMemory() {
        if (watching) {
            return;
        }
        try {
            if (!(org.apache.logging.log4j.LogManager.getContext(false)
                    instanceof org.apache.logging.log4j.core.LoggerContext context)) {
                return;
            }
            org.apache.logging.log4j.core.appender.AbstractAppender appender =
                    new org.apache.logging.log4j.core.appender.AbstractAppender(
                            "wrmf-out-of-memory",
                            null,
                            null,
                            true,
                            org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                        @Override
                        public void append(org.apache.logging.log4j.core.LogEvent event) {
                            Throwable thrown = event.getThrown();
                            if (thrown != null && causedBy(thrown, "OutOfMemoryError")) {
                                loggedOutOfMemory = thrown;
                            }
                        }
                    };
            appender.start();
            context.getConfiguration()
                    .getRootLogger()
                    .addAppender(appender, org.apache.logging.log4j.Level.ERROR, null);
            context.updateLoggers();
            watching = true;
        } catch (LinkageError e) {
            // another logging back end: the OutOfMemoryError in the cause chain is all there is to go by
        }
    }

    /**
     * What to print after {@code wrmf: } for a command that failed with {@code failure}; the session and
     * the settings may be null (the failure came before them).
     */
    public static String describe(String command, Throwable failure, SparkSession spark, WrmfConfig config) {
        String stage = stage(spark);
        if (causedBy(failure, "OutOfMemoryError")
                || (causedBy(failure, "SparkContext was shut down") && loggedOutOfMemory != null)) {
            return command + " ran out of memory" + stage + ": give the JVMs more memory (WRMF_DRIVER_MEMORY"
                    + " is the heap of the driver, the only JVM of a local run; WRMF_EXECUTOR_MEMORY,"
                    + " spark.executor.memory, that of a cluster's executors) or lower the settings that size it"
                    + " (als.factors, als.blocks, grid.parallelism, output.top-n) (" + failure + ")";
        }
        if (causedBy(failure, "No space left on device")) {
            return command + " failed" + stage + ": no space left on device, writing " + path(failure, config)
                    + ": free space there or write elsewhere (output.path, spark.checkpoint-dir), then rerun";
        }
        return command + " failed: " + failure;
    }

    /** Whether the error or any of its causes is of that class or says that in its message. */
    static boolean causedBy(Throwable failure, String words) {
        String lower = words.toLowerCase(Locale.ROOT);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (t.getClass().getSimpleName().equals(words)
                    || (message != null && message.toLowerCase(Locale.ROOT).contains(lower))) {
                return true;
            }
        }
        return false;
    }

    /** The first path named by the error or its causes, else the folders a run writes in. */
    static String path(Throwable failure, WrmfConfig config) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                Matcher path = PATH.matcher(t.getMessage());
                if (path.find()) {
                    return path.group().replaceAll("\\.+$", ""); // the period ending the message's sentence
                }
            }
        }
        if (config == null) {
            return "the output folder";
        }
        try {
            return "under " + SettingsReader.outputPath(config) + " (checkpoints: "
                    + SettingsReader.checkpointDir(config) + ")";
        } catch (RuntimeException e) {
            return "the output folder";
        }
    }

    /** " during <the Spark job description>", the stage the driver was in, or nothing. */
    private static String stage(SparkSession spark) {
        try {
            String description = spark == null ? null : spark.sparkContext().getLocalProperty("spark.job.description");
            return description == null ? "" : " during " + description;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
