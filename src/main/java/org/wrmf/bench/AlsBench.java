package org.wrmf.bench;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.Evaluator;
import org.wrmf.eval.PrecisionAtK;
import org.wrmf.io.FactorFrames;
import scala.Tuple2;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.wrmf.als.ImplicitAls;
import org.wrmf.linalg.Blas;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.FactorModel;
import org.wrmf.als.ImplicitAls;
import org.wrmf.als.Rating;
import org.wrmf.als.Solver;
import org.wrmf.eval.Ndcg;

/**
 * Benchmark, not a test: our engine against Spark MLlib's ALS (implicitPrefs) on the same likes, in the
 * same session, at the same rank and iterations. For each engine and rank it trains at every
 * regularization of the settings (MLlib scales its lambda by each row's count, ours is constant, so each
 * engine gets its own best; the {@code -count} engines are ours with MLlib's count-scaled lambda, for a
 * comparison at the same lambda), scores p@5 exactly as the grid's {@code precision} and NDCG@10 as its
 * {@code ndcg} at k = 10 (two shared
 * {@link Evaluator} per dataset: the prepared holdout's users, top 5 with training likes excluded), and
 * prints per engine the seconds per iteration (whole fit, block building included, over the iteration
 * count; ours also without building), the ratio to MLlib, the best p@5 and the peak heap of the runs.
 * At each rank the engines take turns, one lambda at a time, so that a machine whose speed drifts over
 * the minutes a rank takes (shared machines do) slows them alike.
 *
 * <p>Before the timed fits of a dataset, each engine runs {@code warmUpFits} untimed fits (first rank,
 * first regularization): a JVM's first fits run while the JIT is still compiling Spark's and the
 * engine's code (our first fit at rank 128 on the default synthetic likes ran 1.2 s per iteration, its
 * third 0.5 s), which would otherwise weigh on whichever fits come first. 0 measures cold JVMs.
 */
public final class AlsBench {
    /** Every engine, in the order they take turns and print: MLlib first, so each of ours prints with its ratio. */
    public static final List<String> ENGINES = List.of("mllib", "wrmf-cholesky", "wrmf-cg", "wrmf-cholesky-count",
            "wrmf-cg-count");
    /** Suffix of our engines trained with MLlib's regularization: lambda times each row's count (ALS-WR). */
    private static final String COUNT = "-count";
    private static final int TOP = 5;
    /** NDCG's cut-off, printed beside p@5. */
    private static final int NDCG_TOP = 10;

    private AlsBench() {
    }

    /** A prepared dataset (indexed likes split into train and test by the data package's holdout). */
    public record Likes(String name, PreparedData prepared) {
    }

    /** What to run: engines, ranks and lambdas, iterations, blocks, alpha, the seed and the untimed warm-up fits. */
    public record Settings(List<String> engines, int[] ranks, double[] regularizations, int iterations, int blocks,
                           double alpha, long seed, int warmUpFits) {
    }

    /** One printed row. */
    public record Result(String data, String engine, int rank, double bestRegularization, double secondsPerIteration,
                         double iterationSecondsPerIteration, double precisionAt5, long peakHeapBytes,
                         double ndcgAt10, double shuffleBytesPerIteration) {
        /** A row without NDCG@10 and shuffle figures. */
        public Result(String data, String engine, int rank, double bestRegularization, double secondsPerIteration,
                      double iterationSecondsPerIteration, double precisionAt5, long peakHeapBytes) {
            this(data, engine, rank, bestRegularization, secondsPerIteration, iterationSecondsPerIteration,
                    precisionAt5, peakHeapBytes, Double.NaN, Double.NaN);
        }
    }

    /**
     * How a fit is measured: the two evaluators of a dataset, p@5 and NDCG@10 (one evaluator scores at one
     * cut-off), and the bytes the fit's tasks write to shuffle files.
     */
    private record Scoring(Evaluator at5, Evaluator at10, ShuffleMeter shuffle) {
        double[] score(FactorModel model) {
            return new double[] {at5.evaluate(model).value(PrecisionAtK.NAME), at10.evaluate(model).value(Ndcg.NAME)};
        }
    }

    /** Runs every (data, rank) pair for the chosen engines and prints the table to out. */
    public static List<Result> run(SparkSession spark, List<Likes> datasets, Settings settings, PrintStream out) {
        List<Result> results = new ArrayList<>();
        out.printf(Locale.ROOT, "ALS bench: %d iterations, %d blocks, alpha %s, regularizations %s, %d untimed warm-up "
                        + "fit(s) per engine and dataset, master %s, %s%n",
                settings.iterations(), settings.blocks(), settings.alpha(), Arrays.toString(settings.regularizations()),
                settings.warmUpFits(), spark.sparkContext().master(), Blas.describe());
        out.printf(Locale.ROOT, "%-16s %-19s %5s %8s %10s %10s %8s %7s %8s %9s %13s%n", "data", "engine", "rank",
                "best-reg", "s/iter", "s/iter-it", "ratio", "p@5", "ndcg@10", "peak-MB", "shuffle-MB/it");
        ShuffleMeter shuffle = ShuffleMeter.attach(spark.sparkContext());
        try {
            runEach(spark, datasets, settings, out, shuffle, results);
        } finally {
            shuffle.detach();
        }
        return results;
    }

    private static void runEach(SparkSession spark, List<Likes> datasets, Settings settings, PrintStream out,
                                ShuffleMeter shuffle, List<Result> results) {
        for (Likes likes : datasets) {
            JavaRDD<Rating> train = IndexedLikes.ratings(likes.prepared().train())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try (Evaluator at5 = new Evaluator(train, IndexedLikes.ratings(likes.prepared().test()),
                    likes.prepared().numItems(), EvaluatedUsers.HOLDOUT, TOP, settings.blocks());
                 Evaluator at10 = new Evaluator(train, IndexedLikes.ratings(likes.prepared().test()),
                    likes.prepared().numItems(), EvaluatedUsers.HOLDOUT, NDCG_TOP, settings.blocks())) {
                Scoring evaluator = new Scoring(at5, at10, shuffle);
                for (String engine : settings.engines()) {
                    for (int fit = 0; fit < settings.warmUpFits(); fit++) {
                        train(likes, train, evaluator, engine, settings.ranks()[0], settings.regularizations()[0], settings);
                    }
                }
                for (int rank : settings.ranks()) {
                    // The engines take turns at each lambda, so a drift in the machine's speed during the
                    // rank's fits weighs on all of them alike instead of on whichever ran last.
                    Map<String, List<Result>> fits = new LinkedHashMap<>();
                    for (double reg : settings.regularizations()) {
                        for (String engine : settings.engines()) {
                            fits.computeIfAbsent(engine, e -> new ArrayList<>())
                                    .add(train(likes, train, evaluator, engine, rank, reg, settings));
                        }
                    }
                    Result mllib = null;
                    for (Map.Entry<String, List<Result>> engine : fits.entrySet()) {
                        Result result = best(engine.getValue());
                        mllib = engine.getKey().equals("mllib") ? result : mllib;
                        print(out, result, mllib);
                        results.add(result);
                    }
                }
            } finally {
                train.unpersist(false);
            }
        }
    }

    private static void print(PrintStream out, Result r, Result mllib) {
        out.printf(Locale.ROOT, "%-16s %-19s %5d %8s %10.3f %10.3f %8s %7.4f %8.4f %9d %13.2f%n", r.data(),
                r.engine(), r.rank(), r.bestRegularization(), r.secondsPerIteration(), r.iterationSecondsPerIteration(),
                ratio(r, mllib), r.precisionAt5(), r.ndcgAt10(), r.peakHeapBytes() >> 20,
                r.shuffleBytesPerIteration() / (1 << 20));
        out.flush();
    }

    /** MLlib's seconds per iteration over this row's (above 1: faster than MLlib); "-" when MLlib was not run. */
    static String ratio(Result r, Result mllib) {
        return mllib == null ? "-"
                : String.format(Locale.ROOT, "%.2f", mllib.secondsPerIteration() / r.secondsPerIteration());
    }

    /** Best p@5 over one engine's fits at one rank; its timing is the mean over all of them, its heap the max. */
    private static Result best(List<Result> fits) {
        Result best = null;
        double seconds = 0;
        double iterationSeconds = 0;
        double shuffle = 0;
        long heap = 0;
        for (Result r : fits) {
            seconds += r.secondsPerIteration() / fits.size();
            iterationSeconds += r.iterationSecondsPerIteration() / fits.size();
            shuffle += r.shuffleBytesPerIteration() / fits.size();
            heap = Math.max(heap, r.peakHeapBytes());
            if (best == null || r.precisionAt5() > best.precisionAt5()) {
                best = r;
            }
        }
        return new Result(best.data(), best.engine(), best.rank(), best.bestRegularization(), seconds, iterationSeconds,
                best.precisionAt5(), heap, best.ndcgAt10(), shuffle);
    }

    private static Result train(Likes likes, JavaRDD<Rating> train, Scoring evaluator, String engine, int rank,
                                double reg, Settings settings) {
        return engine.equals("mllib") ? trainMllib(likes, evaluator, rank, reg, settings)
                : trainOurs(likes, train, evaluator, engine, rank, reg, settings);
    }

    private static Result trainOurs(Likes likes, JavaRDD<Rating> train, Scoring evaluator, String engine, int rank,
                                    double reg, Settings settings) {
        boolean count = engine.endsWith(COUNT);
        String solverName = engine.substring("wrmf-".length(), engine.length() - (count ? COUNT.length() : 0));
        Solver solver = Solver.valueOf(solverName.toUpperCase(Locale.ROOT));
        AlsParams params = AlsParams.builder().factors(rank).regularization(reg).alpha(settings.alpha())
                .confidence(Confidence.LINEAR).epsilon(1e-8).bm25K1(100).bm25B(0.8)
                .regularizationScaling(count ? RegularizationScaling.COUNT : RegularizationScaling.CONSTANT)
                .regularizationExponent(1).solver(solver).cgSteps(3).blocks(settings.blocks())
                .seed(settings.seed()).checkpointInterval(0).build();
        int iterations = settings.iterations();
        resetPeakHeap();
        ShuffleMeter shuffle = evaluator.shuffle();
        shuffle.reset();
        long start = System.nanoTime();
        PreparedData data = likes.prepared();
        try (ImplicitAls als = new ImplicitAls(train, data.numUsers(), data.numItems(), params)) {
            als.initialize();
            long iterationsStart = System.nanoTime();
            als.iterate(iterations);
            long end = System.nanoTime();
            long heap = peakHeap();  // training's alone: scoring is the same shared code for every engine
            double shuffleBytes = (double) shuffle.bytes() / iterations;
            double[] scores = evaluator.score(als.model());
            return new Result(likes.name(), engine, rank, reg, (end - start) / 1e9 / iterations,
                    (end - iterationsStart) / 1e9 / iterations, scores[0], heap, scores[1], shuffleBytes);
        }
    }

    private static Result trainMllib(Likes likes, Scoring evaluator, int rank, double reg, Settings settings) {
        int iterations = settings.iterations();
        ALS als = new ALS().setImplicitPrefs(true).setRank(rank).setMaxIter(iterations).setRegParam(reg)
                .setAlpha(settings.alpha()).setNumUserBlocks(settings.blocks()).setNumItemBlocks(settings.blocks())
                .setSeed(settings.seed()).setUserCol("user").setItemCol("item").setRatingCol("weight");
        resetPeakHeap();
        ShuffleMeter shuffle = evaluator.shuffle();
        shuffle.reset();
        long start = System.nanoTime();
        ALSModel model = als.fit(likes.prepared().train());
        long end = System.nanoTime();
        long heap = peakHeap();  // training's alone, as for ours
        double shuffleBytes = (double) shuffle.bytes() / iterations;
        FactorModel factors = new FactorModel(rank, FactorFrames.vectors(model.userFactors()),
                everyItem(FactorFrames.vectors(model.itemFactors()), likes.prepared().numItems(), rank));
        double[] scores = evaluator.score(factors);
        return new Result(likes.name(), "mllib", rank, reg, (end - start) / 1e9 / iterations, Double.NaN, scores[0],
                heap, scores[1], shuffleBytes);
    }

    /**
     * MLlib has no factors for items without a training like (all their likes held out); they get zeros,
     * what our engine solves for them, so both are ranked over the same items.
     */
    private static JavaPairRDD<Integer, double[]> everyItem(JavaPairRDD<Integer, double[]> items, int numItems,
                                                           int rank) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(items.context());
        List<Integer> ids = IntStream.range(0, numItems).boxed().toList();
        return jsc.parallelize(ids, items.getNumPartitions()).mapToPair(i -> new Tuple2<>(i, true))
                .leftOuterJoin(items).mapValues(t -> t._2().orElse(new double[rank]));
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
