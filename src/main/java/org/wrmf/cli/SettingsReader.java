package org.wrmf.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;
import org.wrmf.bench.AlsBench;
import org.wrmf.bench.ScaleBench;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;
import org.wrmf.data.HoldoutSettings;
import org.wrmf.data.InputSettings;
import org.wrmf.data.PrepareSettings;
import org.wrmf.data.SyntheticLikes;
import org.wrmf.data.ThresholdSettings;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.Metrics;
import org.wrmf.io.OutputSettings;
import org.wrmf.tuning.Execution;
import org.wrmf.tuning.GridSettings;

/**
 * The one place where {@code wrmf.*} keys become the typed settings records the stages take. Each method
 * reads and validates one group of keys, and its errors name the key; nothing below this package sees
 * the config or a key.
 */
public final class SettingsReader {
    private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");

    /** {@code holdout.protocol = random}: another name of {@code likes}, the notebook's random split. */
    private static final String RANDOM = "random";

    private SettingsReader() {}

    /** The run's output folder ({@code wrmf.output.path}). */
    public static String outputPath(WrmfConfig config) {
        String path = config.optionalString("wrmf.output.path");
        if (path == null) {
            throw ConfigError.key("wrmf.output.path", "must name the output folder");
        }
        return path;
    }

    /** {@code wrmf.output.overwrite}: whether a run may replace the finished run in its output folder. */
    public static boolean overwrite(WrmfConfig config) {
        return config.bool("wrmf.output.overwrite");
    }

    /** {@code wrmf.input.*}: where the likes are and how to read them. */
    public static InputSettings input(WrmfConfig config) {
        String format = config.oneOf("wrmf.input.format", InputSettings.FORMATS);
        String path = config.optionalString("wrmf.input.path");
        if (path == null && !format.equals("synthetic")) {
            throw ConfigError.key(
                    "wrmf.input.path", "required for input.format=" + format + " (or use input.format=synthetic)");
        }
        String user = config.optionalString("wrmf.input.columns.user");
        String item = config.optionalString("wrmf.input.columns.item");
        if (user == null) {
            throw ConfigError.key("wrmf.input.columns.user", "must name the user column");
        }
        if (item == null) {
            throw ConfigError.key("wrmf.input.columns.item", "must name the item column");
        }
        boolean header = format.equals("psv") || format.equals("synthetic") || config.bool("wrmf.input.header");
        return new InputSettings(
                path,
                format,
                header,
                user,
                item,
                config.optionalString("wrmf.input.columns.weight"),
                config.optionalString("wrmf.input.columns.name"),
                encoding(config.string("wrmf.input.encoding")),
                !config.isSet("wrmf.input.columns.name"),
                config.optionalString("wrmf.input.columns.timestamp"));
    }

    /**
     * The canonical name of a charset lines can be read in ({@code wrmf.input.encoding}). Lines are split
     * on the byte of '\n' before they are decoded, so the charset must write ASCII as ASCII (UTF-8,
     * ISO-8859-1, windows-1252 do; UTF-16 does not).
     */
    static String encoding(String name) {
        String key = "wrmf.input.encoding";
        Charset charset;
        try {
            charset = Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(key, "unknown charset \"" + name + "\" (e.g. UTF-8, ISO-8859-1, windows-1252)");
        }
        String ascii = "\n\r|,\t\"\\ 0123456789.-+eE_azAZ";
        if (!charset.canEncode()
                || !Arrays.equals(ascii.getBytes(StandardCharsets.US_ASCII), ascii.getBytes(charset))) {
            throw ConfigError.key(
                    key,
                    charset.name() + " does not write ASCII as ASCII, and lines are split on the "
                            + "byte of \\n: use a charset such as UTF-8, ISO-8859-1 or windows-1252");
        }
        return charset.name();
    }

    /** {@code wrmf.generate.*}: the synthetic likes. */
    public static SyntheticLikes.SyntheticLikesSettings generate(WrmfConfig config) {
        return new SyntheticLikes.SyntheticLikesSettings(
                config.doubleIn("wrmf.generate.scale", 1e-4, 1e4),
                config.longValue("wrmf.generate.seed"),
                config.intAtLeast("wrmf.generate.users", 1),
                config.intAtLeast("wrmf.generate.items", 1),
                config.intAtLeast("wrmf.generate.tastes", 1),
                config.doubleIn("wrmf.generate.popularity-share", 0.0, 1.0),
                config.intAtLeast("wrmf.generate.partitions", 1),
                config.intAtLeast("wrmf.generate.days", 1));
    }

    /** Where generated likes go: {@code wrmf.generate.path}, else a folder under the output path. */
    public static String generatedPath(WrmfConfig config) {
        String path = config.optionalString("wrmf.generate.path");
        return path != null ? path : outputPath(config) + "/generated/likes.psv";
    }

    /** {@code wrmf.threshold.*}: the k-core. */
    public static ThresholdSettings threshold(WrmfConfig config) {
        return new ThresholdSettings(
                config.intAtLeast("wrmf.threshold.min-user-likes", 1),
                config.intAtLeast("wrmf.threshold.min-item-likes", 1));
    }

    /** {@code wrmf.holdout.*}: the split, the test likes of protocol {@code given} read like {@code input}. */
    public static HoldoutSettings holdout(WrmfConfig config, InputSettings input) {
        Set<String> protocols = Arrays.stream(HoldoutSettings.Protocol.values())
                .map(HoldoutSettings.Protocol::key)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        protocols.add(RANDOM);
        String name = config.oneOf("wrmf.holdout.protocol", protocols);
        // random is the name of the notebook's protocol among the protocols that use time
        HoldoutSettings.Protocol protocol = name.equals(RANDOM)
                ? HoldoutSettings.Protocol.LIKES
                : HoldoutSettings.Protocol.valueOf(upper(name.replace('-', '_')));
        boolean enabled = config.bool("wrmf.holdout.enabled");
        if (enabled && protocol.needsTime() && !input.timed()) {
            throw ConfigError.key(
                    "wrmf.holdout.protocol",
                    name + " orders the likes by time: set input.columns.timestamp to the column of times"
                            + " (or generate.days > 1 for synthetic likes)");
        }
        String testPath = config.optionalString("wrmf.holdout.test.path");
        if (enabled && protocol == HoldoutSettings.Protocol.GIVEN) {
            if (testPath == null) {
                throw ConfigError.key("wrmf.holdout.test.path", "holdout.protocol=given reads the test likes there");
            }
            if (input.format().equals("synthetic")) {
                throw ConfigError.key(
                        "wrmf.holdout.protocol",
                        "given needs input.format psv, csv, tsv or parquet (read like the test set)");
            }
        }
        String cutoffText = config.string("wrmf.holdout.cutoff").trim();
        Long cutoff = null;
        if (!cutoffText.equals("auto")) {
            cutoff = org.wrmf.data.Timestamps.seconds(cutoffText);
            if (cutoff == null) {
                throw ConfigError.key(
                        "wrmf.holdout.cutoff",
                        "\"" + cutoffText + "\" is neither auto nor a time (epoch seconds, an ISO date or date-time)");
            }
        }
        return new HoldoutSettings(
                enabled,
                config.intAtLeast("wrmf.holdout.per-user", 1),
                config.doubleIn("wrmf.holdout.user-fraction", 0.0, 1.0),
                config.longValue("wrmf.holdout.seed"),
                protocol,
                config.doubleIn("wrmf.holdout.fold-in-fraction", 0.0, 1.0),
                cutoff,
                config.doubleIn("wrmf.holdout.time-fraction", 0.0, 1.0),
                testPath == null ? null : input.atPath(testPath));
    }

    /** Everything the data half reads: input (or generator), threshold, holdout and the output folder. */
    public static PrepareSettings prepare(WrmfConfig config) {
        InputSettings input = input(config);
        boolean synthetic = input.format().equals("synthetic");
        SyntheticLikes.SyntheticLikesSettings generate = synthetic ? generate(config) : null;
        if (synthetic) {
            // generated likes have times when they span days, and only then
            input = input.withTimeColumn(generate.days() > 1 ? SyntheticLikes.TIME_COLUMN : null);
        }
        return new PrepareSettings(
                input,
                generate,
                synthetic ? generatedPath(config) : null,
                threshold(config),
                holdout(config, input),
                outputPath(config));
    }

    /**
     * {@code wrmf.als.*}: the engine's parameters and the number of iterations. {@code regularization-users}
     * and {@code -items} override {@code regularization} when set; {@code blocks = 0} is one per core
     * ({@link #defaultBlocks}).
     */
    public static AlsSettings als(WrmfConfig config, SparkContext sc) {
        double lambda = config.doubleIn("wrmf.als.regularization", 0, Double.MAX_VALUE);
        int blocks = config.intAtLeast("wrmf.als.blocks", 0);
        Objective objective = new Objective(
                config.intAtLeast("wrmf.als.factors", 1),
                override(config, "wrmf.als.regularization-users", lambda),
                override(config, "wrmf.als.regularization-items", lambda),
                regularizationScaling(config, "wrmf.als.regularization-scaling"),
                config.doubleIn("wrmf.als.regularization-exponent", 0, 10),
                confidence(config));
        SolverSettings solver = new SolverSettings(
                Solver.valueOf(upper(config.oneOf("wrmf.als.solver", Set.of("cholesky", "cg", "block")))),
                config.intAtLeast("wrmf.als.cg-steps", 1),
                config.intAtLeast("wrmf.als.block-size", 1),
                config.intAtLeast("wrmf.als.block-sweeps", 1),
                FinalSolve.valueOf(upper(config.oneOf("wrmf.als.final-solve", Set.of("exact", "iterative")))),
                blocks == 0 ? defaultBlocks(sc) : blocks,
                config.longValue("wrmf.als.seed"),
                config.intAtLeast("wrmf.als.checkpoint-interval", 0));
        AlsParams params = new AlsParams(objective, solver);
        return new AlsSettings(params, config.intAtLeast("wrmf.als.iterations", 0), execution(config));
    }

    /** {@code wrmf.als.execution}: where a model's fit runs. */
    public static FitExecution execution(WrmfConfig config) {
        return FitExecution.valueOf(upper(config.oneOf("wrmf.als.execution", Set.of("auto", "local", "distributed"))));
    }

    /**
     * {@code wrmf.grid.*} over the {@code wrmf.als.*} parameters the grid does not search (solver, confidence
     * form, blocks, seed, ...). {@code parallelism = 0} is Spark's default parallelism.
     */
    public static GridSettings grid(WrmfConfig config, SparkContext sc) {
        int parallelism = config.intAtLeast("wrmf.grid.parallelism", 0);
        return GridSettings.builder()
                .factors(config.intList("wrmf.grid.factors", 1))
                .regularization(config.doubleList("wrmf.grid.regularization", 0))
                .alpha(config.doubleList("wrmf.grid.alpha", 0))
                .regularizationScaling(regularizationScalings(config, "wrmf.grid.regularization-scaling"))
                .regularizationExponent(config.doubleList("wrmf.grid.regularization-exponent", 0))
                .epochs(config.increasingIntList("wrmf.grid.epochs", 1))
                .k(config.intAtLeast("wrmf.grid.k", 1))
                .metric(config.oneOf("wrmf.grid.metric", Set.copyOf(Metrics.NAMES)))
                .parallelism(parallelism == 0 ? Math.max(1, sc.defaultParallelism()) : parallelism)
                .resume(config.bool("wrmf.grid.resume"))
                .evaluatedUsers(evaluatedUsers(config))
                .execution(
                        Execution.valueOf(upper(config.oneOf("wrmf.grid.execution", Set.of("auto", "jobs", "tasks")))))
                .base(als(config, sc).params())
                .build();
    }

    /** {@code wrmf.grid.evaluate-users}, with {@code evaluate-sample} and the holdout's seed for a sample. */
    static EvaluatedUsers evaluatedUsers(WrmfConfig config) {
        return switch (config.oneOf("wrmf.grid.evaluate-users", Set.of("holdout", "all", "sample"))) {
            case "all" -> EvaluatedUsers.ALL;
            case "sample" ->
                EvaluatedUsers.sample(
                        config.doubleIn("wrmf.grid.evaluate-sample", Double.MIN_NORMAL, 1),
                        config.longValue("wrmf.holdout.seed"));
            default -> EvaluatedUsers.HOLDOUT;
        };
    }

    /** A {@code constant | count | frequency} key. */
    private static RegularizationScaling regularizationScaling(WrmfConfig config, String key) {
        return RegularizationScaling.valueOf(upper(config.oneOf(key, SCALINGS)));
    }

    /** A non-empty list of {@code constant | count | frequency}. */
    private static List<RegularizationScaling> regularizationScalings(WrmfConfig config, String key) {
        return nonEmpty(config, key).stream()
                .map(word -> {
                    if (!SCALINGS.contains(word)) {
                        throw ConfigError.key(
                                key, "unknown scaling \"" + word + "\", expected some of constant, count, frequency");
                    }
                    return RegularizationScaling.valueOf(upper(word));
                })
                .toList();
    }

    private static List<String> nonEmpty(WrmfConfig config, String key) {
        List<String> words = config.stringList(key);
        if (words.isEmpty()) {
            throw ConfigError.key(key, "needs at least one value");
        }
        return words;
    }

    private static final Set<String> SCALINGS = Set.of("constant", "count", "frequency");

    /** {@code wrmf.output.*} and {@code wrmf.report.*}: what the final model writes, and where. */
    public static OutputSettings output(WrmfConfig config) {
        return new OutputSettings(
                outputPath(config),
                overwrite(config),
                config.intAtLeast("wrmf.output.top-n", 0),
                config.intAtLeast("wrmf.output.similar-items", 0),
                config.intAtLeast("wrmf.output.blocks", 1),
                config.string("wrmf.report.item-link").trim(),
                config.intAtLeast("wrmf.report.examples", 0),
                config.intAtLeast("wrmf.report.neighbours", 1));
    }

    /**
     * {@code wrmf.recommend.*}: the business rules' files, each read in {@code recommend.format} (empty: the
     * likes' {@code input.format}, psv when the likes are synthetic) with the likes' header, encoding and
     * columns; an empty path turns its rule off.
     */
    public static RecommendRules recommendRules(WrmfConfig config) {
        String excludeItems = config.optionalString("wrmf.recommend.exclude-items");
        String candidateItems = config.optionalString("wrmf.recommend.candidate-items");
        String users = config.optionalString("wrmf.recommend.users");
        String excludePairs = config.optionalString("wrmf.recommend.exclude-pairs");
        if (excludeItems == null && candidateItems == null && users == null && excludePairs == null) {
            return RecommendRules.NONE;
        }
        InputSettings likes = input(config);
        String format = config.optionalString("wrmf.recommend.format");
        if (format != null) {
            format = config.oneOf("wrmf.recommend.format", Set.of("psv", "csv", "tsv", "parquet"));
        } else {
            format = likes.format().equals("synthetic") ? "psv" : likes.format();
        }
        boolean header = format.equals("psv") || (!likes.format().equals("synthetic") && likes.header());
        String item = likes.itemColumn();
        String user = likes.userColumn();
        return new RecommendRules(
                ruleFile(excludeItems, format, header, item, item, likes),
                ruleFile(candidateItems, format, header, item, item, likes),
                ruleFile(users, format, header, user, user, likes),
                ruleFile(excludePairs, format, header, user, item, likes));
    }

    /** One rule's file, read like the likes; null when its path is empty (the rule is off). */
    private static InputSettings ruleFile(
            String path, String format, boolean header, String userColumn, String itemColumn, InputSettings likes) {
        return path == null
                ? null
                : new InputSettings(path, format, header, userColumn, itemColumn, null, null, likes.encoding());
    }

    /**
     * {@code wrmf.fold-in.*} with the {@code input.*} keys (the new users' likes) and the output keys the
     * fold-in shares with the final outputs (top-n, blocks, overwrite).
     */
    public static FoldInSettings foldIn(WrmfConfig config) {
        InputSettings likes = input(config);
        if (likes.format().equals("synthetic")) {
            throw ConfigError.key(
                    "wrmf.input.format",
                    "fold-in reads the new users' likes from input.path: set"
                            + " input.format to psv, csv, tsv or parquet");
        }
        String run = outputPath(config);
        String output = config.optionalString("wrmf.fold-in.output");
        String excludePath = config.optionalString("wrmf.fold-in.exclude");
        InputSettings exclude = null;
        if (excludePath != null) {
            String format = config.optionalString("wrmf.fold-in.exclude-format");
            format = format == null
                    ? likes.format()
                    : config.oneOf("wrmf.fold-in.exclude-format", Set.of("psv", "csv", "tsv", "parquet"));
            boolean header = format.equals("psv") || likes.header();
            exclude = new InputSettings(
                    excludePath, format, header, likes.userColumn(), likes.itemColumn(), null, null, likes.encoding());
        }
        return new FoldInSettings(
                run,
                output != null ? output : run + "/fold-in",
                likes,
                exclude,
                config.intAtLeast("wrmf.output.top-n", 0),
                config.intAtLeast("wrmf.output.blocks", 1),
                config.bool("wrmf.output.overwrite"));
    }

    /** {@code wrmf.refit.*}; {@code refit.from} must name a folder other than {@code output.path}. */
    public static RefitSettings refit(WrmfConfig config) {
        String from = config.optionalString("wrmf.refit.from");
        if (from == null) {
            throw ConfigError.key("wrmf.refit.from", "must name the previous finished run's folder to refit from");
        }
        if (new org.apache.hadoop.fs.Path(from).equals(new org.apache.hadoop.fs.Path(outputPath(config)))) {
            throw ConfigError.key(
                    "wrmf.refit.from",
                    "is output.path (" + from + "): a refit writes a new run in another folder, the previous"
                            + " one stays as it is");
        }
        return new RefitSettings(
                from,
                RefitSettings.Mode.valueOf(upper(config.oneOf("wrmf.refit.mode", Set.of("snapshot", "delta")))),
                config.intAtLeast("wrmf.refit.iterations", 0),
                config.bool("wrmf.refit.compare-full"));
    }

    /**
     * The objective of a refit: {@code previous} (the previous run's) with each part replaced by the
     * {@code als.*} settings only where their keys were set ({@link WrmfConfig#isSet}: in a --config file or
     * with --set, even at the shipped default): lambda of users ({@code regularization} or
     * {@code regularization-users}), of items ({@code regularization} or {@code regularization-items}), the
     * scaling and its exponent, alpha, and the confidence form with its own parameters ({@code confidence},
     * {@code epsilon}, {@code bm25.k1}, {@code bm25.b}: any of them set takes the form and parameters of
     * {@code als.*}). The solver settings are always {@code als.*}'s. {@code als.factors}, if set, must be the
     * previous rank: the previous factors are the starting point.
     */
    public static RefitSettings.RefitObjective refitObjective(WrmfConfig config, SparkContext sc, Objective previous) {
        AlsSettings als = als(config, sc);
        Objective given = als.params().objective();
        List<String> overridden = new java.util.ArrayList<>();
        java.util.function.Predicate<String> set = key -> {
            boolean isSet = config.isSet(key);
            if (isSet) {
                overridden.add(key);
            }
            return isSet;
        };
        if (set.test("wrmf.als.factors") && given.factors() != previous.factors()) {
            throw ConfigError.key(
                    "wrmf.als.factors",
                    "a refit starts from the previous run's factors, of rank " + previous.factors() + ", not "
                            + given.factors() + ": leave als.factors unset (or train anew with recommend)");
        }
        boolean lambda = set.test("wrmf.als.regularization");
        double users = set.test("wrmf.als.regularization-users") || lambda
                ? given.regularizationUsers()
                : previous.regularizationUsers();
        double items = set.test("wrmf.als.regularization-items") || lambda
                ? given.regularizationItems()
                : previous.regularizationItems();
        RegularizationScaling scaling = set.test("wrmf.als.regularization-scaling")
                ? given.regularizationScaling()
                : previous.regularizationScaling();
        double exponent = set.test("wrmf.als.regularization-exponent")
                ? given.regularizationExponent()
                : previous.regularizationExponent();
        double alpha = set.test("wrmf.als.alpha") ? given.alpha() : previous.alpha();
        boolean form = false;
        for (String key : List.of("wrmf.als.confidence", "wrmf.als.epsilon", "wrmf.als.bm25.k1", "wrmf.als.bm25.b")) {
            form |= set.test(key);
        }
        Confidence confidence = (form ? given.confidence() : previous.confidence()).withAlpha(alpha);
        Objective objective = new Objective(previous.factors(), users, items, scaling, exponent, confidence);
        return new RefitSettings.RefitObjective(
                new AlsParams(objective, als.params().solver()), List.copyOf(overridden));
    }

    /**
     * {@code wrmf.bench.als.*} (with {@code wrmf.als.blocks}, and {@code wrmf.als.seed} when
     * {@code bench.als.model-seeds} is empty): what {@code bench als} runs.
     */
    public static AlsBench.AlsBenchSettings alsBench(WrmfConfig config, SparkContext sc) {
        List<String> engines = config.stringList("wrmf.bench.als.engines");
        if (engines.isEmpty()) {
            throw ConfigError.key("wrmf.bench.als.engines", "needs at least one value");
        }
        for (String engine : engines) {
            if (!AlsBench.ENGINES.contains(engine)) {
                throw ConfigError.key(
                        "wrmf.bench.als.engines",
                        "unknown engine \"" + engine + "\", expected some of " + String.join(", ", AlsBench.ENGINES));
            }
        }
        List<Long> seeds = config.longList("wrmf.bench.als.model-seeds");
        if (seeds.isEmpty()) {
            seeds = List.of(config.longValue("wrmf.als.seed"));
        }
        return new AlsBench.AlsBenchSettings(
                AlsBench.ENGINES.stream().filter(engines::contains).toList(),
                regularizationScalings(config, "wrmf.bench.als.scalings"),
                config.doubleList("wrmf.bench.als.exponents", 0).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                config.intList("wrmf.bench.als.ranks", 1).stream()
                        .mapToInt(Integer::intValue)
                        .toArray(),
                config.doubleList("wrmf.bench.als.regularizations", 0).stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                config.intAtLeast("wrmf.bench.als.iterations", 1),
                als(config, sc).params().solver(),
                config.doubleIn("wrmf.bench.als.alpha", 0, Double.MAX_VALUE),
                seeds.stream().mapToLong(Long::longValue).toArray(),
                config.intAtLeast("wrmf.bench.als.warm-up-fits", 0),
                execution(config));
    }

    /**
     * {@code bench scale}: the run's {@code als.*} settings with the bench's rank, solver and iterations
     * ({@code wrmf.bench.scale.*}), and whether MLlib runs too.
     */
    public static ScaleBench.ScaleBenchSettings scaleBench(WrmfConfig config, SparkContext sc) {
        AlsSettings als = als(
                config.with("als.factors", config.intAtLeast("wrmf.bench.scale.rank", 1))
                        .with("als.solver", config.oneOf("wrmf.bench.scale.solver", Set.of("cholesky", "cg", "block")))
                        .with("als.iterations", config.intAtLeast("wrmf.bench.scale.iterations", 1)),
                sc);
        return new ScaleBench.ScaleBenchSettings(
                als.params(), als.iterations(), config.bool("wrmf.bench.scale.mllib"), als.execution());
    }

    /** {@code bench scale}'s default scales: positive numbers, as generate.scale takes them. */
    public static List<String> benchScales(WrmfConfig config) {
        List<Double> scales = config.doubleList("wrmf.bench.scale.scales", Double.MIN_NORMAL);
        if (scales.isEmpty()) {
            throw ConfigError.key("wrmf.bench.scale.scales", "needs at least one value");
        }
        return scales.stream()
                .map(scale -> scale == Math.rint(scale) ? String.valueOf(scale.longValue()) : String.valueOf(scale))
                .toList();
    }

    /** Where long factor lineages are checkpointed: {@code wrmf.spark.checkpoint-dir}, else under the output. */
    public static String checkpointDir(WrmfConfig config) {
        String dir = config.optionalString("wrmf.spark.checkpoint-dir");
        return dir != null ? dir : outputPath(config) + "/_checkpoints";
    }

    /**
     * The block count {@code wrmf.als.blocks = 0} stands for: one block per core. In local mode that is
     * the master's thread count ({@code local[N]}; {@code local[*]}: the machine's cores), not Spark's
     * default parallelism, which the job sets to twice the cores for its DataFrame stages: measured on
     * 2 cores at rank 128, 4 blocks cost 1.7 s per iteration where 2 cost 1.0 s. On a cluster, Spark's
     * default parallelism (the executors' cores unless set).
     */
    static int defaultBlocks(SparkContext sc) {
        return defaultBlocks(
                sc.master(), sc.defaultParallelism(), Runtime.getRuntime().availableProcessors());
    }

    static int defaultBlocks(String master, int defaultParallelism, int cores) {
        Matcher local = LOCAL_MASTER.matcher(master.trim());
        if (!local.matches()) {
            return Math.max(1, defaultParallelism);
        }
        String threads = local.group(1);
        if (threads == null) {
            return 1;
        }
        return threads.equals("*") ? cores : Math.max(1, Integer.parseInt(threads));
    }

    /** The key of a setting a stage reported by its role. */
    public static String key(Setting setting) {
        return switch (setting) {
            case INPUT_PATH -> "wrmf.input.path";
            case INPUT_USER_COLUMN -> "wrmf.input.columns.user";
            case INPUT_ITEM_COLUMN -> "wrmf.input.columns.item";
            case INPUT_WEIGHT_COLUMN -> "wrmf.input.columns.weight";
            case INPUT_NAME_COLUMN -> "wrmf.input.columns.name";
            case INPUT_ENCODING -> "wrmf.input.encoding";
            case INPUT_TIME_COLUMN -> "wrmf.input.columns.timestamp";
            case HOLDOUT_TEST_PATH -> "wrmf.holdout.test.path";
            case THRESHOLD -> "wrmf.threshold";
            case OUTPUT_PATH -> "wrmf.output.path";
            case OUTPUT_OVERWRITE -> "wrmf.output.overwrite";
        };
    }

    /** What the user reads for a setting error: the message, after the key of the setting at fault. */
    public static String message(ConfigError error) {
        return error.setting() == null ? error.getMessage() : key(error.setting()) + ": " + error.getMessage();
    }

    /**
     * {@code wrmf.als.confidence} with its form's parameters. Every form's keys are checked, so a bad
     * {@code epsilon} is refused even while the form is linear.
     */
    private static Confidence confidence(WrmfConfig config) {
        double alpha = config.doubleIn("wrmf.als.alpha", 0, Double.MAX_VALUE);
        double epsilon = config.doubleIn("wrmf.als.epsilon", Double.MIN_NORMAL, Double.MAX_VALUE);
        double k1 = config.doubleIn("wrmf.als.bm25.k1", 0, Double.MAX_VALUE);
        double b = config.doubleIn("wrmf.als.bm25.b", 0, 1);
        return switch (config.oneOf(
                "wrmf.als.confidence", Set.of(Confidence.LINEAR, Confidence.LOG, Confidence.BM25))) {
            case Confidence.LOG -> new Confidence.Log(alpha, epsilon);
            case Confidence.BM25 -> new Confidence.Bm25Weighted(alpha, k1, b);
            default -> new Confidence.Linear(alpha);
        };
    }

    private static double override(WrmfConfig config, String key, double fallback) {
        String value = config.optionalString(key);
        return value == null ? fallback : config.doubleIn(key, 0, Double.MAX_VALUE);
    }

    private static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }
}
