package org.wrmf.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Objective;
import org.wrmf.als.Rating;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.Evaluator;
import org.wrmf.eval.Ndcg;
import org.wrmf.eval.PrecisionAtK;
import org.wrmf.io.FactorFrames;
import org.wrmf.linalg.Blas;
import org.wrmf.ml.FitHook;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.ml.Wrmf;
import scala.Tuple2;

/**
 * Benchmark, not a test: our engine against Spark MLlib's ALS (implicitPrefs) on the same likes, in the
 * same session, at the same rank and iterations. For each engine and rank it trains at every
 * regularization of the settings (MLlib scales its lambda by each row's count, ours is constant, so each
 * engine gets its own best; the {@code -count} engines are ours with MLlib's count-scaled lambda, for a
 * comparison at the same lambda, and {@link AlsBenchSettings#scalings()} adds rows of ours per regularization
 * scaling), scores p@5 exactly as the grid's {@code precision} and NDCG@10 as its {@code ndcg} at k = 10
 * (two shared {@link Evaluator} per split: the holdout's users, training likes excluded), and prints per
 * engine the seconds per iteration (whole fit, block building included, over the iteration count; ours
 * also without building), the ratio to MLlib, p@5 and NDCG@10, the training objective and the peak heap.
 * At each rank the engines take turns, one lambda at a time, so that a machine whose speed drifts over
 * the minutes a rank takes (shared machines do) slows them alike.
 *
 * <p>One fit is one draw: ALS has local optima, so its scores move with the initial factors, and a small
 * holdout (MovieLens-100K's: 940 likes of 188 users) moves them further. With several model seeds and
 * holdout splits ({@link Likes#splits()}) every point is trained once per (split, seed); a row then shows
 * the mean and sample standard deviation over those runs at the lambda of the best mean p@5, and the
 * difference of its means to MLlib's with a standard error ({@link Runs#minus}): a measurement rather
 * than a draw.
 *
 * <p>Before the timed fits of a dataset, each engine runs {@code warmUpFits} untimed fits (first rank,
 * first regularization, first split and seed): a JVM's first fits run while the JIT is still compiling
 * Spark's and the engine's code (our first fit at rank 128 on the default synthetic likes ran 1.2 s per
 * iteration, its third 0.5 s), which would otherwise weigh on whichever fits come first. 0 measures cold
 * JVMs.
 */
public final class AlsBench {
    private static final Logger LOG = LoggerFactory.getLogger(AlsBench.class);
    /** Every engine, in the order they take turns and print: MLlib first, so each of ours prints with its ratio. */
    public static final List<String> ENGINES =
            List.of("mllib", "wrmf-cholesky", "wrmf-cg", "wrmf-cholesky-count", "wrmf-cg-count");

    private static final String MLLIB = "mllib";
    /** Suffix of our engines trained with MLlib's regularization: lambda times each row's count (ALS-WR). */
    private static final String COUNT = "-count";

    private static final int TOP = 5;
    /** NDCG's cut-off, printed beside p@5. */
    private static final int NDCG_TOP = 10;

    private AlsBench() {}

    /**
     * A dataset: its indexed likes split into train and test by the data package's holdout, once per
     * holdout seed (one split, or several to average the test set's noise out).
     */
    public record Likes(String name, List<PreparedData> splits) {
        public Likes {
            if (splits.isEmpty()) {
                throw new IllegalArgumentException(name + ": no split");
            }
            splits = List.copyOf(splits);
        }

        /** One split. */
        public Likes(String name, PreparedData prepared) {
            this(name, List.of(prepared));
        }
    }

    /**
     * What to run: engines, the scalings and exponents our plain engines are run with ({@link #variants}),
     * ranks and lambdas, iterations, blocks, alpha, the model seeds (each point is trained once per seed
     * and split) and the untimed warm-up fits.
     */
    public record AlsBenchSettings(
            List<String> engines,
            List<RegularizationScaling> scalings,
            double[] exponents,
            int[] ranks,
            double[] regularizations,
            int iterations,
            SolverSettings solver,
            double alpha,
            long[] seeds,
            int warmUpFits,
            FitExecution execution) {
        public AlsBenchSettings {
            if (seeds.length == 0) {
                throw new IllegalArgumentException("need at least one model seed");
            }
        }

        /** User blocks and item blocks of every engine. */
        public int blocks() {
            return solver.blocks();
        }
    }

    /**
     * One row's model: Spark MLlib's ALS ({@code solver} null), or ours with a solver and the per-row
     * lambda scaling with its exponent nu.
     */
    public record Variant(String name, Solver solver, RegularizationScaling scaling, double exponent) {
        boolean mllib() {
            return solver == null;
        }
    }

    /**
     * One printed row: an engine at a rank, at the lambda of its best mean p@5; p@5 and NDCG@10 over its
     * runs there, the mean training objective there ({@code loss}; MLlib's is its own objective, lambda x
     * count, computed by our engine at its factors), timings and shuffle bytes averaged over all its
     * fits at the rank, the largest peak heap among them.
     */
    public record AlsBenchRow(
            String data,
            String engine,
            int rank,
            double bestRegularization,
            double secondsPerIteration,
            double iterationSecondsPerIteration,
            FitParts fitSeconds,
            Runs precision,
            Runs ndcg,
            double loss,
            long peakHeapBytes,
            double shuffleBytesPerIteration) {
        /** A row of one run without NDCG@10, loss and shuffle figures. */
        public AlsBenchRow(
                String data,
                String engine,
                int rank,
                double bestRegularization,
                double secondsPerIteration,
                double iterationSecondsPerIteration,
                double precisionAt5,
                long peakHeapBytes) {
            this(
                    data,
                    engine,
                    rank,
                    bestRegularization,
                    secondsPerIteration,
                    iterationSecondsPerIteration,
                    FitParts.whole(Double.NaN),
                    Runs.single(precisionAt5),
                    Runs.single(Double.NaN),
                    Double.NaN,
                    peakHeapBytes,
                    Double.NaN);
        }

        /** Mean p@5 over the runs. */
        public double precisionAt5() {
            return precision.mean();
        }

        /** Mean NDCG@10 over the runs. */
        public double ndcgAt10() {
            return ndcg.mean();
        }
    }

    /**
     * One fit's whole seconds in parts, as the manifest's {@code train_*} timings: building the blocks
     * (with the initial factors), the iterations, the final exact user solve, and their sum, the fit. MLlib's
     * fit is one figure ({@code fit}; the parts NaN).
     */
    public record FitParts(double blocks, double iterations, double finalSolve, double fit) {
        static FitParts whole(double fit) {
            return new FitParts(Double.NaN, Double.NaN, Double.NaN, fit);
        }

        FitParts plus(FitParts other) {
            return new FitParts(
                    blocks + other.blocks,
                    iterations + other.iterations,
                    finalSolve + other.finalSolve,
                    fit + other.fit);
        }

        FitParts over(int n) {
            return new FitParts(blocks / n, iterations / n, finalSolve / n, fit / n);
        }
    }

    /** One fit's figures. */
    private record Fit(
            double seconds,
            double iterationSeconds,
            FitParts parts,
            double precision,
            double ndcg,
            double loss,
            long heap,
            double shuffle) {}

    /**
     * One holdout split, ready to train and score on: its training likes (cached) and its two evaluators,
     * p@5 and NDCG@10 (one evaluator scores at one cut-off).
     */
    private record BenchSplit(PreparedData data, JavaRDD<Rating> train, Evaluator at5, Evaluator at10)
            implements AutoCloseable {
        static BenchSplit open(PreparedData data, int blocks) {
            JavaRDD<Rating> train = IndexedLikes.ratings(data.train()).persist(StorageLevel.MEMORY_AND_DISK());
            Evaluator at5 = null;
            try {
                at5 = new Evaluator(
                        train, IndexedLikes.ratings(data.test()), data.numItems(), EvaluatedUsers.HOLDOUT, TOP, blocks);
                Evaluator at10 = new Evaluator(
                        train,
                        IndexedLikes.ratings(data.test()),
                        data.numItems(),
                        EvaluatedUsers.HOLDOUT,
                        NDCG_TOP,
                        blocks);
                return new BenchSplit(data, train, at5, at10);
            } catch (RuntimeException e) {
                if (at5 != null) {
                    at5.close();
                }
                train.unpersist(false);
                throw e;
            }
        }

        double[] score(FactorModel model) {
            return new double[] {
                at5.evaluate(model).value(PrecisionAtK.NAME),
                at10.evaluate(model).value(Ndcg.NAME)
            };
        }

        @Override
        public void close() {
            try (Evaluator a = at5;
                    Evaluator b = at10) {
                train.unpersist(false);
            }
        }
    }

    /**
     * The rows to run, in {@link #ENGINES}' order (MLlib first): each requested engine; {@code wrmf-cholesky}
     * and {@code wrmf-cg} once per scaling, constant under the engine's name, count and frequency once per
     * exponent as {@code wrmf-cg-count}, {@code wrmf-cg-frequency} (with {@code ^nu} when nu is not 1); the
     * {@code -count} engines are count with nu = 1, MLlib's. A row asked for twice runs once.
     */
    public static List<Variant> variants(
            List<String> engines, List<RegularizationScaling> scalings, double[] exponents) {
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            if (!engines.contains(engine)) {
                continue;
            }
            if (engine.equals(MLLIB)) {
                variants.put(engine, new Variant(engine, null, RegularizationScaling.COUNT, 1));
                continue;
            }
            boolean count = engine.endsWith(COUNT);
            Solver solver =
                    Solver.valueOf(engine.substring("wrmf-".length(), engine.length() - (count ? COUNT.length() : 0))
                            .toUpperCase(Locale.ROOT));
            if (count) {
                variants.putIfAbsent(engine, new Variant(engine, solver, RegularizationScaling.COUNT, 1));
                continue;
            }
            for (RegularizationScaling scaling : scalings) {
                if (scaling == RegularizationScaling.CONSTANT) {
                    variants.putIfAbsent(engine, new Variant(engine, solver, scaling, 1));
                    continue;
                }
                for (double nu : exponents) {
                    String name =
                            engine + "-" + scaling.name().toLowerCase(Locale.ROOT) + (nu == 1 ? "" : "^" + number(nu));
                    variants.putIfAbsent(name, new Variant(name, solver, scaling, nu));
                }
            }
        }
        return List.copyOf(variants.values());
    }

    /** 0.5 as "0.5", 2.0 as "2". */
    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    /** Runs every (data, rank) pair for the chosen engines and prints the table to out. */
    public static List<AlsBenchRow> run(
            SparkSession spark, List<Likes> datasets, AlsBenchSettings settings, PrintStream out) {
        List<Variant> variants = variants(settings.engines(), settings.scalings(), settings.exponents());
        List<AlsBenchRow> results = new ArrayList<>();
        out.printf(
                Locale.ROOT,
                "ALS bench: %d iterations, %d blocks, alpha %s, regularizations %s, model seeds %s, "
                        + "%d untimed warm-up fit(s) per engine and dataset, our fits' execution %s (als.execution),"
                        + " master %s, %s%n",
                settings.iterations(),
                settings.blocks(),
                settings.alpha(),
                Arrays.toString(settings.regularizations()),
                Arrays.toString(settings.seeds()),
                settings.warmUpFits(),
                settings.execution().word(),
                spark.sparkContext().master(),
                Blas.describe());
        out.printf(
                Locale.ROOT,
                "%-16s %-24s %5s %8s %10s %10s %8s %7s %7s %8s %7s %9s %7s %10s %7s %12s %6s %9s %13s %8s %8s %8s %8s%n",
                "data",
                "engine",
                "rank",
                "best-reg",
                "s/iter",
                "s/iter-it",
                "ratio",
                "p@5",
                "sd",
                "ndcg@10",
                "sd",
                "p@5-mllib",
                "se",
                "ndcg-mllib",
                "se",
                "loss",
                "runs",
                "peak-MB",
                "shuffle-MB/it",
                "fit-s",
                "blocks-s",
                "iters-s",
                "final-s");
        ShuffleMeter shuffle = ShuffleMeter.attach(spark.sparkContext());
        try {
            for (Likes likes : datasets) {
                runEach(likes, variants, settings, out, shuffle, results);
            }
        } finally {
            shuffle.detach();
        }
        return results;
    }

    private static void runEach(
            Likes likes,
            List<Variant> variants,
            AlsBenchSettings settings,
            PrintStream out,
            ShuffleMeter shuffle,
            List<AlsBenchRow> results) {
        List<BenchSplit> splits = new ArrayList<>();
        try {
            for (PreparedData data : likes.splits()) {
                splits.add(BenchSplit.open(data, settings.blocks()));
            }
            long[] seeds = settings.seeds();
            for (Variant variant : variants) {
                for (int fit = 0; fit < settings.warmUpFits(); fit++) {
                    train(
                            splits.get(0),
                            variant,
                            settings.ranks()[0],
                            settings.regularizations()[0],
                            seeds[0],
                            settings,
                            shuffle);
                }
            }
            double[] regs = settings.regularizations();
            for (int rank : settings.ranks()) {
                // fits[variant][lambda][split][seed]. The engines take turns at each lambda, split and seed, so a
                // drift in the machine's speed during the rank's fits weighs on all of them alike.
                Map<Variant, Fit[][][]> fits = new LinkedHashMap<>();
                for (Variant variant : variants) {
                    fits.put(variant, new Fit[regs.length][splits.size()][seeds.length]);
                }
                for (int r = 0; r < regs.length; r++) {
                    for (int s = 0; s < splits.size(); s++) {
                        for (int m = 0; m < seeds.length; m++) {
                            for (Variant variant : variants) {
                                Fit fit = train(splits.get(s), variant, rank, regs[r], seeds[m], settings, shuffle);
                                fits.get(variant)[r][s][m] = fit;
                                // every run's figures, for what the table's means and spreads summarise
                                LOG.info(String.format(
                                        Locale.ROOT,
                                        "bench als %s %s rank %d lambda %s split %d/%d "
                                                + "seed %d: p@5 %.4f ndcg@10 %.4f loss %.6g",
                                        likes.name(),
                                        variant.name(),
                                        rank,
                                        regs[r],
                                        s + 1,
                                        splits.size(),
                                        seeds[m],
                                        fit.precision(),
                                        fit.ndcg(),
                                        fit.loss()));
                            }
                        }
                    }
                }
                AlsBenchRow mllib = null;
                for (Variant variant : variants) {
                    AlsBenchRow result = best(likes.name(), variant.name(), rank, regs, fits.get(variant));
                    mllib = variant.mllib() ? result : mllib;
                    print(out, result, mllib);
                    results.add(result);
                }
            }
        } finally {
            splits.forEach(BenchSplit::close);
        }
    }

    private static void print(PrintStream out, AlsBenchRow r, AlsBenchRow mllib) {
        boolean compared = mllib != null && r != mllib;
        Runs.Difference precision = compared ? r.precision().minus(mllib.precision()) : null;
        Runs.Difference ndcg = compared ? r.ndcg().minus(mllib.ndcg()) : null;
        int seeds = r.precision().values()[0].length;
        out.printf(
                Locale.ROOT,
                "%-16s %-24s %5d %8s %10.3f %10.3f %8s %7.4f %7s %8.4f %7s %9s %7s %10s %7s %12.6g %6s %9d "
                        + "%13.2f %8s %8s %8s %8s%n",
                r.data(),
                r.engine(),
                r.rank(),
                r.bestRegularization(),
                r.secondsPerIteration(),
                r.iterationSecondsPerIteration(),
                ratio(r, mllib),
                r.precisionAt5(),
                figure(r.precision().standardDeviation()),
                r.ndcgAt10(),
                figure(r.ndcg().standardDeviation()),
                signed(precision == null ? Double.NaN : precision.mean()),
                figure(precision == null ? Double.NaN : precision.standardError()),
                signed(ndcg == null ? Double.NaN : ndcg.mean()),
                figure(ndcg == null ? Double.NaN : ndcg.standardError()),
                r.loss(),
                r.precision().values().length + "x" + seeds,
                r.peakHeapBytes() >> 20,
                r.shuffleBytesPerIteration() / (1 << 20),
                seconds(r.fitSeconds().fit()),
                seconds(r.fitSeconds().blocks()),
                seconds(r.fitSeconds().iterations()),
                seconds(r.fitSeconds().finalSolve()));
        out.flush();
    }

    /** Seconds to 3 places; "-" for a part an engine does not report. */
    private static String seconds(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    /** A spread or an error to 4 places; "-" when there is none (a single run, or no MLlib row). */
    private static String figure(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4f", x);
    }

    private static String signed(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%+.4f", x);
    }

    /** MLlib's seconds per iteration over this row's (above 1: faster than MLlib); "-" when MLlib was not run. */
    static String ratio(AlsBenchRow r, AlsBenchRow mllib) {
        return mllib == null
                ? "-"
                : String.format(Locale.ROOT, "%.2f", mllib.secondsPerIteration() / r.secondsPerIteration());
    }

    /**
     * One engine's row at one rank: the lambda of the best mean p@5 over the splits and seeds (the mean,
     * not each run's best, so a lucky draw does not pick the lambda), its runs' scores and mean loss; the
     * timing is the mean over all fits, the heap the max.
     */
    private static AlsBenchRow best(String data, String engine, int rank, double[] regs, Fit[][][] fits) {
        int best = -1;
        Runs bestPrecision = null;
        double seconds = 0;
        double iterationSeconds = 0;
        FitParts parts = new FitParts(0, 0, 0, 0);
        double shuffle = 0;
        long heap = 0;
        int n = 0;
        for (int r = 0; r < regs.length; r++) {
            Runs precision = runs(fits[r], Fit::precision);
            if (best < 0 || precision.mean() > bestPrecision.mean()) {
                best = r;
                bestPrecision = precision;
            }
            for (Fit[] split : fits[r]) {
                for (Fit fit : split) {
                    seconds += fit.seconds();
                    iterationSeconds += fit.iterationSeconds();
                    parts = parts.plus(fit.parts());
                    shuffle += fit.shuffle();
                    heap = Math.max(heap, fit.heap());
                    n++;
                }
            }
        }
        double loss = Arrays.stream(fits[best])
                .flatMap(Arrays::stream)
                .mapToDouble(Fit::loss)
                .average()
                .orElseThrow();
        return new AlsBenchRow(
                data,
                engine,
                rank,
                regs[best],
                seconds / n,
                iterationSeconds / n,
                parts.over(n),
                bestPrecision,
                runs(fits[best], Fit::ndcg),
                loss,
                heap,
                shuffle / n);
    }

    private static Runs runs(Fit[][] fits, ToDoubleFunction<Fit> metric) {
        return new Runs(Arrays.stream(fits)
                .map(split -> Arrays.stream(split).mapToDouble(metric).toArray())
                .toArray(double[][]::new));
    }

    private static Fit train(
            BenchSplit split,
            Variant variant,
            int rank,
            double reg,
            long seed,
            AlsBenchSettings settings,
            ShuffleMeter shuffle) {
        return variant.mllib()
                ? trainMllib(split, rank, reg, seed, settings, shuffle)
                : trainOurs(split, variant, rank, reg, seed, settings, shuffle);
    }

    private static AlsParams params(
            Variant variant, Solver solver, int rank, double reg, long seed, AlsBenchSettings settings) {
        Objective objective = new Objective(
                rank, reg, reg, variant.scaling(), variant.exponent(), new Confidence.Linear(settings.alpha()));
        return new AlsParams(
                objective, settings.solver().withMethod(solver).withSeed(seed).withCheckpointInterval(0));
    }

    private static Fit trainOurs(
            BenchSplit split,
            Variant variant,
            int rank,
            double reg,
            long seed,
            AlsBenchSettings settings,
            ShuffleMeter shuffle) {
        AlsParams params = params(variant, variant.solver(), rank, reg, seed, settings);
        int iterations = settings.iterations();
        HeapMeter meter = HeapMeter.start();
        shuffle.reset();
        long start = System.nanoTime();
        PreparedData data = split.data();
        long[] heap = new long[1];
        double[] shuffleBytes = new double[1];
        PartMarks timed = new PartMarks() {
            @Override
            public void iterationsDone() {
                super.iterationsDone();
                heap[0] = meter.peak(); // training's alone: scoring is the same shared code for every engine
                shuffleBytes[0] = (double) shuffle.bytes() / iterations;
            }
        };
        try (meter;
                TrainedFactors fit = Wrmf.fitIndexed(
                        split.train(),
                        data.numUsers(),
                        data.numItems(),
                        params,
                        settings.execution(),
                        iterations,
                        "bench als",
                        timed)) {
            long iterationsStart = timed.factorsSet();
            long end = timed.iterationsEnded();
            long solved = timed.usersSolved();
            double[] scores = split.score(fit.model());
            return new Fit(
                    (end - start) / 1e9 / iterations,
                    (end - iterationsStart) / 1e9 / iterations,
                    new FitParts(
                            (iterationsStart - start) / 1e9,
                            (end - iterationsStart) / 1e9,
                            (solved - end) / 1e9,
                            (solved - start) / 1e9),
                    scores[0],
                    scores[1],
                    fit.loss(),
                    heap[0],
                    shuffleBytes[0]);
        }
    }

    /** Spark MLlib's implicit ALS on the prepared likes' columns (user, item, weight), as every bench trains it. */
    static ALS mllib(int rank, int iterations, double regularization, double alpha, int blocks, long seed) {
        return new ALS()
                .setImplicitPrefs(true)
                .setRank(rank)
                .setMaxIter(iterations)
                .setRegParam(regularization)
                .setAlpha(alpha)
                .setNumUserBlocks(blocks)
                .setNumItemBlocks(blocks)
                .setSeed(seed)
                .setUserCol("user")
                .setItemCol("item")
                .setRatingCol("weight");
    }

    private static Fit trainMllib(
            BenchSplit split, int rank, double reg, long seed, AlsBenchSettings settings, ShuffleMeter shuffle) {
        int iterations = settings.iterations();
        ALS als = mllib(rank, iterations, reg, settings.alpha(), settings.blocks(), seed);
        HeapMeter meter = HeapMeter.start();
        shuffle.reset();
        long start = System.nanoTime();
        ALSModel model;
        long heap;
        try (meter) {
            model = als.fit(split.data().train());
            heap = meter.peak(); // training's alone, as for ours
        }
        long end = System.nanoTime();
        double shuffleBytes = (double) shuffle.bytes() / iterations;
        int numItems = split.data().numItems();
        FactorModel factors = new FactorModel(
                rank,
                FactorFrames.vectors(model.userFactors()),
                everyItem(FactorFrames.vectors(model.itemFactors()), numItems, rank));
        double[] scores = split.score(factors);
        return new Fit(
                (end - start) / 1e9 / iterations,
                Double.NaN,
                FitParts.whole((end - start) / 1e9),
                scores[0],
                scores[1],
                mllibLoss(split, factors, rank, reg, settings),
                heap,
                shuffleBytes);
    }

    /**
     * MLlib's objective at its factors, computed by our engine with MLlib's regularization (lambda x each
     * row's count, the same objective as our {@code -count} engines). Our loss solves the users once more,
     * exactly, against the items given; MLlib's last half-iteration already did (in floats), so this moves
     * the loss by rounding only.
     */
    private static double mllibLoss(
            BenchSplit split, FactorModel factors, int rank, double reg, AlsBenchSettings settings) {
        Variant objective = new Variant(MLLIB, null, RegularizationScaling.COUNT, 1);
        AlsParams params = params(objective, Solver.CHOLESKY, rank, reg, 0, settings);
        PreparedData data = split.data();
        FitHook fromMllib = new FitHook() {
            @Override
            public FactorModel warmStart() {
                return factors;
            }
        };
        try (TrainedFactors given = Wrmf.fitIndexed(
                split.train(),
                data.numUsers(),
                data.numItems(),
                params,
                settings.execution(),
                0,
                "bench als: mllib's loss",
                fromMllib)) {
            return given.loss();
        }
    }

    /**
     * MLlib has no factors for items without a training like (all their likes held out); they get zeros,
     * what our engine solves for them, so both are ranked over the same items.
     */
    private static JavaPairRDD<Integer, double[]> everyItem(
            JavaPairRDD<Integer, double[]> items, int numItems, int rank) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(items.context());
        List<Integer> ids = IntStream.range(0, numItems).boxed().toList();
        return jsc.parallelize(ids, items.getNumPartitions())
                .mapToPair(i -> new Tuple2<>(i, true))
                .leftOuterJoin(items)
                .mapValues(t -> t._2().orElse(new double[rank]));
    }
}
