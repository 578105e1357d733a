package org.wrmf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.cli.CheckedKryoSerializer;
import org.wrmf.cli.Commands;
import org.wrmf.cli.Failures;
import org.wrmf.cli.HelpText;
import org.wrmf.cli.MemoryBudget;
import org.wrmf.cli.SettingsReader;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.common.ConfigError;
import org.wrmf.common.RecordKryoRegistrator;

/**
 * The command line: {@code COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]}.
 * Exit codes a scheduler can trust: 0 success, 2 bad usage, setting or input (the message names the
 * key or the file), 1 any other failure, an OutOfMemoryError or a full disk included (the message says
 * so in words).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String[] args) {
        Failures.watchForOutOfMemory();
        Map<String, Commands.Described> commands = Commands.all();
        String commandName = null;
        String configFile = null;
        List<String> overrides = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help", "help" -> {
                    System.out.println(usage(commands));
                    return OK;
                }
                case "--config", "--set" -> {
                    if (i + 1 >= args.length) {
                        return usageError(arg + " needs a value");
                    }
                    if (arg.equals("--config")) {
                        configFile = args[++i];
                    } else {
                        overrides.add(args[++i]);
                    }
                }
                default -> {
                    if (arg.startsWith("--config=")) {
                        configFile = arg.substring("--config=".length());
                    } else if (arg.startsWith("--set=")) {
                        overrides.add(arg.substring("--set=".length()));
                    } else if (arg.startsWith("-")) {
                        return usageError("unknown option " + arg);
                    } else if (commandName == null) {
                        commandName = arg;
                    } else {
                        rest.add(arg);
                    }
                }
            }
        }
        if (commandName == null) {
            return usageError("no command given");
        }
        Commands.Described command = commands.get(commandName);
        if (command == null) {
            return usageError("unknown command " + commandName);
        }
        SparkSession spark = null;
        WrmfConfig config = null;
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        try {
            config = WrmfConfig.load(configFile, overrides);
            spark = session(config, commandName);
            MemoryBudget.of(spark.sparkContext()).check(config);
            command.command().run(spark, config, rest);
            return OK;
        } catch (ConfigError e) {
            System.err.println("wrmf: " + SettingsReader.message(e));
            LOG.debug("configuration error", e);
            return USAGE;
        } catch (Throwable e) { // errors too: no exit code but 0, 1 and 2, and always a line saying why
            ConfigError cause = configErrorCause(e);
            if (cause != null) {
                System.err.println("wrmf: " + SettingsReader.message(cause));
                return USAGE;
            }
            try {
                LOG.error("wrmf {} failed", commandName, e);
            } catch (Throwable logging) { // out of memory, logging may fail too: the line below is what counts
            }
            System.err.println("wrmf: " + Failures.describe(commandName, e, spark, config));
            return FAILED;
        } finally {
            if (spark != null && ownSession) {
                try {
                    spark.stop();
                } catch (Throwable e) { // a session broken by the failure: the exit code is already decided
                    LOG.warn("could not stop the Spark session: {}", e.toString());
                }
            }
        }
    }

    /** Spark wraps exceptions thrown inside tasks; a ConfigError underneath is still the user's to fix. */
    private static ConfigError configErrorCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigError error) {
                return error;
            }
        }
        return null;
    }

    private static SparkSession session(WrmfConfig config, String commandName) {
        SparkConf conf = new SparkConf();
        String master = config.optionalString("wrmf.spark.master");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(config.string("wrmf.spark.app-name") + " " + commandName);
        }
        conf.setIfMissing("spark.serializer", CheckedKryoSerializer.class.getName());
        // Spark's Kryo 4 cannot serialize Java records (Rating, Scored, Ranking, ...) on its own
        conf.setIfMissing("spark.kryo.registrator", RecordKryoRegistrator.class.getName());
        conf.setIfMissing("spark.sql.adaptive.enabled", "true");
        // the grid runs several points' jobs at once, each thread in its own pool: FAIR shares the cores
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        // ALS checkpoints its factors every few iterations: delete superseded ones once unreferenced
        conf.setIfMissing("spark.cleaner.referenceTracking.cleanCheckpoints", "true");
        if (conf.get("spark.master").startsWith("local")) {
            localDefaults(conf, Runtime.getRuntime().availableProcessors());
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * Settings for a local master, each only where the user set nothing. Shuffle files never leave the
     * machine there, so they are written as they are: no compression (ALS ships factors, floats that
     * LZ4 barely shrinks), no checksums (they locate corruption on the network and disks of a
     * cluster), and one file per map task written once (Spark's bypass path writes one file per
     * reduce partition, then copies them into one). Paired runs of CG at rank 128 on the default
     * synthetic likes, 2 cores: a median 12% less time per iteration.
     */
    public static void localDefaults(SparkConf conf, int cores) {
        // Spark's 200 shuffle partitions cost more in file handles than they give on one machine.
        conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(4 * cores));
        conf.setIfMissing("spark.default.parallelism", String.valueOf(2 * cores));
        conf.setIfMissing("spark.shuffle.compress", "false");
        conf.setIfMissing("spark.shuffle.checksum.enabled", "false");
        conf.setIfMissing("spark.shuffle.sort.bypassMergeThreshold", "0");
        // A task's OutOfMemoryError would end the one JVM with Spark's exit code 52; failing the task
        // instead lets the command line say what ran out of memory and exit 1.
        conf.setIfMissing("spark.executor.killOnFatalError.depth", "0");
    }

    private static int usageError(String problem) {
        System.err.println("wrmf: " + problem + " (wrmf --help for usage)");
        return USAGE;
    }

    static String usage(Map<String, Commands.Described> commands) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: wrmf COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]\n\n");
        out.append("Weighted Regularized Matrix Factorization (implicit ALS) on Apache Spark.\n\n");
        out.append("Commands:\n");
        commands.forEach((name, command) -> out.append(String.format("  %-10s %s%n", name, command.summary())));
        out.append("\nOptions:\n");
        out.append("  --config FILE     settings file (HOCON or JSON), layered over the defaults below\n");
        out.append("  --set KEY=VALUE   one setting (repeatable; the \"wrmf.\" prefix may be left out)\n");
        out.append("  --help            this text\n");
        out.append("\nExit codes: 0 success, 2 bad usage, setting or input, 1 failure.\n");
        out.append("\nSettings (key = default):\n");
        out.append(HelpText.keys());
        return out.toString();
    }
}
