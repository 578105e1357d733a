package org.wrmf.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.NonFiniteFactorsException;
import org.wrmf.als.Rating;
import org.wrmf.eval.Evaluator;
import org.wrmf.eval.MetricRegistry;

/**
 * The notebook's grid search with learning curves, as a routine job.
 *
 * <p>Every point of factors x regularization x alpha gets one warm-started training, scored at each
 * epoch checkpoint ({@link LearningCurve}); the epoch is thus searched for free. Points run
 * concurrently: a driver thread pool of {@code parallelism} threads, each submitting its point's Spark
 * jobs into its own FAIR scheduler pool ("grid-0", "grid-1", ...), so that the many small jobs of one
 * point (one per half-iteration, three per evaluation) interleave with the others' and keep every core
 * busy where a single point's jobs would leave gaps (driver round trips, stragglers, the serial Gram).
 * Without {@code spark.scheduler.mode=FAIR} the jobs still run concurrently, first come first served.
 *
 * <p>Two ways to run a point ({@link Execution}). JOBS: the point's distributed training
 * ({@link org.wrmf.als.ImplicitAls}) and evaluation ({@link Evaluator}, shared by all points, so the
 * evaluated users' likes are grouped once) run as ordinary Spark jobs. TASKS: the split is collected
 * once into arrays ({@link LocalProblem}), broadcast, and each point is ONE single-task job training
 * and scoring the whole problem in memory ({@link LocalLearningCurve}); the parallelism threads then keep
 * that many tasks, hence cores, busy. On small data a Spark stage costs far more than its arithmetic
 * (a MovieLens-100K half-iteration is milliseconds of BLAS but tens of milliseconds of scheduling and
 * shuffle), so TASKS wins by a large factor as long as the problem fits; JOBS is what scales past one
 * executor. AUTO's rule: TASKS when the problem, with the grid's largest rank, needs at most
 * {@link #TASK_SHARE} of one task's share of executor memory (executor memory / cores per executor;
 * in local mode the driver's heap / Spark's default parallelism, which a local run sets to twice the
 * cores) and at most {@link #TASK_PROBLEM_LIMIT} bytes (it is collected and broadcast), else JOBS.
 *
 * Each finished point is persisted at once ({@link GridStore}); a rerun with the same output, data
 * and settings reads the finished points back instead of training them, so a killed run resumes where
 * it stopped and ends with the same curves and best point. The best row is the maximum of the chosen
 * metric (minimum for an error), ties going to the earlier point in grid order, then the earlier epoch.
 */
public final class GridSearch {
    private static final Logger LOG = LoggerFactory.getLogger(GridSearch.class);
    /** Share of a task's memory a whole in-task problem may take under AUTO. */
    static final double TASK_SHARE = 0.25;
    /** Largest problem (bytes) AUTO collects and broadcasts to run points inside tasks. */
    static final long TASK_PROBLEM_LIMIT = 512L << 20;

    /** Trains and scores one grid point. */
    private interface PointRunner {
        List<CurveRow> run(GridPoint point, String label);
    }

    private final JavaRDD<Rating> train;
    private final JavaRDD<Rating> test;
    private final int numUsers;
    private final int numItems;
    private final GridSettings settings;
    private final String output;
    private int stopAfterPoints = Integer.MAX_VALUE;
    private JavaRDD<Rating> foldIn;

    /**
     * @param train  training likes (cache them: every point reads them)
     * @param test   held-out likes
     * @param output the job's output path; finished points go under {@code <output>/grid/points}
     */
    public GridSearch(
            JavaRDD<Rating> train,
            JavaRDD<Rating> test,
            int numUsers,
            int numItems,
            GridSettings settings,
            String output) {
        this.train = train;
        this.test = test;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.settings = settings;
        this.output = output;
    }

    /**
     * Strong generalization (holdout protocol {@code users}): the test users are not in {@code train};
     * at each checkpoint each is folded in from these likes against the current item factors
     * ({@link org.wrmf.als.FoldIn}), then scored on its test likes with these excluded from its ranking.
     */
    public GridSearch foldingIn(JavaRDD<Rating> foldInLikes) {
        this.foldIn = foldInLikes;
        return this;
    }

    /** Test hook standing in for a kill: after this many newly trained points, fail before training more. */
    GridSearch stopAfterPoints(int points) {
        this.stopAfterPoints = points;
        return this;
    }

    public GridResult run() {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.context());
        if (!"FAIR".equalsIgnoreCase(jsc.getConf().get("spark.scheduler.mode", "FIFO")) && settings.parallelism() > 1) {
            LOG.warn("spark.scheduler.mode is not FAIR: concurrent grid points will queue first come first served");
        }
        GridStore store = GridStore.open(
                output, jsc.hadoopConfiguration(), GridStore.key(train, test, foldIn, numUsers, numItems, settings));
        if (!settings.resume()) {
            store.clear();
        }
        List<GridPoint> points = settings.points();
        int total = points.size();
        List<List<CurveRow>> curves = new ArrayList<>(total);
        List<Integer> toTrain = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Optional<List<CurveRow>> finished = store.read(points.get(i));
            curves.add(finished.orElse(null));
            if (finished.isEmpty()) {
                toTrain.add(i);
            }
        }
        int reused = total - toTrain.size();
        LOG.info(
                "grid: {} points x {} checkpoints, {} already finished under {}, parallelism {}, users scored: {}",
                total,
                settings.epochs().length,
                reused,
                store.directory(),
                settings.parallelism(),
                settings.evaluatedUsers().describe());

        if (!toTrain.isEmpty()) {
            Execution execution = chooseExecution(jsc);
            LOG.info(
                    "grid: running points as {}",
                    execution == Execution.TASKS
                            ? "whole problems inside single tasks"
                            : "distributed Spark jobs in FAIR pools");
            if (execution == Execution.TASKS) {
                LocalProblem problem = LocalProblem.of(
                        train.collect(),
                        test.collect(),
                        foldIn == null ? null : foldIn.collect(),
                        numUsers,
                        numItems,
                        settings.evaluatedUsers());
                Broadcast<LocalProblem> shared = jsc.broadcast(problem);
                try {
                    trainAll(points, toTrain, curves, store, start, inTasks(jsc, shared));
                } finally {
                    shared.destroy();
                }
            } else {
                // folded-in users are scored with their fold-in likes as their known (excluded) likes
                try (Evaluator evaluator = new Evaluator(
                        foldIn == null ? train : foldIn,
                        test,
                        numItems,
                        settings.evaluatedUsers(),
                        settings.k(),
                        settings.base().solver().blocks())) {
                    LearningCurve.CurveData data =
                            new LearningCurve.CurveData(train, numUsers, numItems, evaluator, foldIn);
                    trainAll(
                            points,
                            toTrain,
                            curves,
                            store,
                            start,
                            (point, label) ->
                                    LearningCurve.run(data, settings.paramsOf(point), point, settings.epochs(), label));
                }
            }
        }
        return summarise(curves, total, reused, (System.nanoTime() - start) / 1e9);
    }

    /** Each point a single-task Spark job over the broadcast problem; the table is logged on the driver. */
    private PointRunner inTasks(JavaSparkContext jsc, Broadcast<LocalProblem> problem) {
        GridSettings grid = settings;
        return (point, label) -> {
            try (JobGroup jobs = JobGroup.open(jsc, label, "in one task")) {
                List<CurveRow> rows = jsc.parallelize(List.of(point), 1)
                        .map(p -> LocalLearningCurve.run(problem.value(), grid.paramsOf(p), p, grid.epochs(), grid.k()))
                        .collect()
                        .get(0);
                LearningCurve.log(label, point, rows);
                return rows;
            }
        };
    }

    /** Applies AUTO's rule (see the class comment); JOBS and TASKS are taken as given. */
    private Execution chooseExecution(JavaSparkContext jsc) {
        if (settings.execution() != Execution.AUTO) {
            return settings.execution();
        }
        long likes = train.count() + test.count() + (foldIn == null ? 0 : foldIn.count());
        long problem = LocalProblem.estimateBytes(likes, numUsers, numItems, settings.maxFactors());
        long taskMemory = taskMemory(jsc);
        boolean fits = problem <= TASK_SHARE * taskMemory && problem <= TASK_PROBLEM_LIMIT;
        LOG.info(
                "grid: a whole problem needs ~{} MB, a task's memory share is ~{} MB: {}",
                problem >> 20,
                taskMemory >> 20,
                fits ? "points run inside tasks" : "points run as distributed jobs");
        return fits ? Execution.TASKS : Execution.JOBS;
    }

    private static long taskMemory(JavaSparkContext jsc) {
        org.apache.spark.SparkConf conf = jsc.getConf();
        if (jsc.isLocal()) {
            return Runtime.getRuntime().maxMemory() / Math.max(1, jsc.defaultParallelism());
        }
        long executorMemory = conf.getSizeAsBytes("spark.executor.memory", "1g");
        int cores = conf.getInt("spark.executor.cores", 1);
        return executorMemory / Math.max(1, cores);
    }

    private void trainAll(
            List<GridPoint> points,
            List<Integer> toTrain,
            List<List<CurveRow>> curves,
            GridStore store,
            long start,
            PointRunner runner) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.context());
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger poolIds = new AtomicInteger();
        ThreadLocal<String> pool = ThreadLocal.withInitial(() -> "grid-" + poolIds.getAndIncrement());
        ExecutorService threads = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "wrmf-grid");
            t.setDaemon(true);
            return t;
        });
        // largest rank first: the slowest points start early, so the last ones to finish are short
        List<Integer> order = new ArrayList<>(toTrain);
        order.sort(
                (a, b) -> Integer.compare(points.get(b).factors(), points.get(a).factors()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int index : order) {
                futures.add(threads.submit(() -> {
                    if (started.getAndIncrement() >= stopAfterPoints) {
                        throw new IllegalStateException(
                                "grid stopped after " + stopAfterPoints + " points (test hook)");
                    }
                    jsc.setLocalProperty("spark.scheduler.pool", pool.get());
                    GridPoint point = points.get(index);
                    String label = "grid " + (index + 1) + "/" + points.size();
                    long pointStart = System.nanoTime();
                    List<CurveRow> curve;
                    try {
                        curve = runner.run(point, label);
                    } catch (Exception e) { // Spark's SparkException is checked, though Java does not see it thrown
                        String nonFinite = NonFiniteFactorsException.messageOf(e);
                        if (nonFinite == null) {
                            throw e;
                        }
                        NonFiniteFactorsException named =
                                new NonFiniteFactorsException(label + " (" + point.describe() + "): " + nonFinite);
                        named.addSuppressed(e);
                        throw named;
                    }
                    store.write(point, curve);
                    curves.set(index, curve);
                    logProgress(label, point, curve, finished.incrementAndGet(), toTrain.size(), pointStart, start);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grid search interrupted", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private void logProgress(
            String label, GridPoint point, List<CurveRow> curve, int done, int toDo, long pointStart, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = elapsed / done * (toDo - done);
        CurveRow best = best(curve, settings.metric());
        LOG.info(String.format(
                Locale.ROOT,
                "%s done (%s) in %.1f s: best %s %.5f at epoch %d; %d/%d trained, " + "elapsed %s, ETA %s",
                label,
                point.describe(),
                (System.nanoTime() - pointStart) / 1e9,
                settings.metric(),
                best.metrics().value(settings.metric()),
                best.epoch(),
                done,
                toDo,
                duration(elapsed),
                duration(eta)));
    }

    private GridResult summarise(List<List<CurveRow>> curves, int total, int reused, double wallSeconds) {
        List<CurveRow> rows = new ArrayList<>();
        double trainSeconds = 0;
        double evalSeconds = 0;
        for (List<CurveRow> curve : curves) {
            rows.addAll(curve);
        }
        for (int i = 0; i < curves.size(); i++) {
            for (CurveRow row : curves.get(i)) {
                trainSeconds += row.trainSeconds();
                evalSeconds += row.evalSeconds();
            }
        }
        CurveRow best = best(rows, settings.metric());
        LOG.info(String.format(
                Locale.ROOT,
                "grid finished in %s: best %s = %.5f at %s, epoch %d",
                duration(wallSeconds),
                settings.metric(),
                best.metrics().value(settings.metric()),
                best.point().describe(),
                best.epoch()));
        return new GridResult(
                List.copyOf(rows), best, settings.metric(), total, reused, wallSeconds, trainSeconds, evalSeconds);
    }

    /** The first row with the best value of the metric (NaN never wins). */
    static CurveRow best(List<CurveRow> rows, String metric) {
        boolean higher = MetricRegistry.get(metric).higherIsBetter();
        CurveRow best = null;
        for (CurveRow row : rows) {
            double v = row.metrics().value(metric);
            if (Double.isNaN(v)) {
                continue;
            }
            if (best == null
                    || (higher
                            ? v > best.metrics().value(metric)
                            : v < best.metrics().value(metric))) {
                best = row;
            }
        }
        return best != null ? best : rows.get(0);
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
