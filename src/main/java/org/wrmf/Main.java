package org.wrmf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.cli.Commands;
import org.wrmf.cli.HelpText;
import org.wrmf.cli.SettingsReader;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.common.ConfigError;
import org.wrmf.common.RecordKryoRegistrator;

/**
 * The command line: {@code COMMAND [--config FILE] [--set KEY=VALUE]... [ARGS]}.
 * Exit codes a scheduler can trust: 0 success, 2 bad usage, setting or input (the message names the
 * key or the file), 1 any other failure.
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
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        try {
            WrmfConfig config = WrmfConfig.load(configFile, overrides);
            spark = session(config, commandName);
            command.command().run(spark, config, rest);
            return OK;
        } catch (ConfigError e) {
            System.err.println("wrmf: " + SettingsReader.message(e));
            LOG.debug("configuration error", e);
            return USAGE;
        } catch (Exception e) {
            ConfigError cause = configErrorCause(e);
            if (cause != null) {
                System.err.println("wrmf: " + SettingsReader.message(cause));
                return USAGE;
            }
            LOG.error("wrmf {} failed", commandName, e);
            System.err.println("wrmf: " + commandName + " failed: " + e);
            return FAILED;
        } finally {
            if (spark != null && ownSession) {
                spark.stop();
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
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
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
