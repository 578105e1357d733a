package org.wrmf.eval;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.Rating;

/**
 * The seed's grid search with learning curves, as a routine job.
 *
 * <p>Every point of factors x regularization x alpha gets one warm-started training, scored at each
 * epoch checkpoint ({@link LearningCurve}); the epoch is thus searched for free. Points run
 * concurrently: a driver thread pool of {@code parallelism} threads, each submitting its point's Spark
 * jobs into its own FAIR scheduler pool ("grid-0", "grid-1", ...), so that the many small jobs of one
 * point (one per half-iteration, three per evaluation) interleave with the others' and keep every core
 * busy where a single point's jobs would leave gaps (driver round trips, stragglers, the serial Gram).
 * Without {@code spark.scheduler.mode=FAIR} the jobs still run concurrently, first come first served.
 *
 * <p>One {@link Evaluator} is shared by all points: the evaluated users' likes are grouped once.
 * Each finished point is persisted at once ({@link GridStore}); a rerun with the same output, data
 * and settings reads the finished points back instead of training them, so a killed run resumes where
 * it stopped and ends with the same curves and best point. The best row is the maximum of the chosen
 * metric (minimum for an error), ties going to the earlier point in grid order, then the earlier epoch.
 */
public final class GridSearch {
    private static final Logger LOG = LoggerFactory.getLogger(GridSearch.class);

    private final JavaRDD<Rating> train;
    private final JavaRDD<Rating> test;
    private final int numUsers;
    private final int numItems;
    private final GridSettings settings;
    private final String output;
    private int stopAfterPoints = Integer.MAX_VALUE;

    /**
     * @param train  training likes (cache them: every point reads them)
     * @param test   held-out likes
     * @param output the job's output path; finished points go under {@code <output>/grid/points}
     */
    public GridSearch(JavaRDD<Rating> train, JavaRDD<Rating> test, int numUsers, int numItems, GridSettings settings,
            String output) {
        this.train = train;
        this.test = test;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.settings = settings;
        this.output = output;
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
        GridStore store = GridStore.open(output, jsc.hadoopConfiguration(),
                GridStore.key(train, test, numUsers, numItems, settings));
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
        LOG.info("grid: {} points x {} checkpoints, {} already finished under {}, parallelism {}", total,
                settings.epochs().length, reused, store.directory(), settings.parallelism());

        if (!toTrain.isEmpty()) {
            trainAll(points, toTrain, curves, store, start);
        }
        return summarise(curves, total, reused, (System.nanoTime() - start) / 1e9);
    }

    private void trainAll(List<GridPoint> points, List<Integer> toTrain, List<List<CurveRow>> curves, GridStore store,
            long start) {
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
        try (Evaluator evaluator = new Evaluator(train, test, numItems, settings.evaluatedUsers(), settings.k(),
                settings.base().blocks())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int index : toTrain) {
                futures.add(threads.submit(() -> {
                    if (started.getAndIncrement() >= stopAfterPoints) {
                        throw new IllegalStateException("grid stopped after " + stopAfterPoints + " points (test hook)");
                    }
                    jsc.setLocalProperty("spark.scheduler.pool", pool.get());
                    GridPoint point = points.get(index);
                    String label = "grid " + (index + 1) + "/" + points.size();
                    long pointStart = System.nanoTime();
                    List<CurveRow> curve = LearningCurve.run(train, numUsers, numItems, settings.paramsOf(point), point,
                            settings.epochs(), evaluator, label);
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

    private void logProgress(String label, GridPoint point, List<CurveRow> curve, int done, int toDo, long pointStart,
            long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = elapsed / done * (toDo - done);
        CurveRow best = best(curve, settings.metric());
        LOG.info(String.format(Locale.ROOT, "%s done (%s) in %.1f s: best %s %.5f at epoch %d; %d/%d trained, "
                        + "elapsed %s, ETA %s", label, point.describe(), (System.nanoTime() - pointStart) / 1e9,
                settings.metric(), best.metrics().value(settings.metric()), best.epoch(), done, toDo,
                duration(elapsed), duration(eta)));
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
        LOG.info(String.format(Locale.ROOT, "grid finished in %s: best %s = %.5f at %s, epoch %d", duration(wallSeconds),
                settings.metric(), best.metrics().value(settings.metric()), best.point().describe(), best.epoch()));
        return new GridResult(List.copyOf(rows), best, settings.metric(), total, reused, wallSeconds, trainSeconds,
                evalSeconds);
    }

    /** The first row with the best value of the metric (NaN never wins). */
    static CurveRow best(List<CurveRow> rows, String metric) {
        boolean higher = Metrics.higherIsBetter(metric);
        CurveRow best = null;
        for (CurveRow row : rows) {
            double v = row.metrics().value(metric);
            if (Double.isNaN(v)) {
                continue;
            }
            if (best == null || (higher ? v > best.metrics().value(metric) : v < best.metrics().value(metric))) {
                best = row;
            }
        }
        return best != null ? best : rows.get(0);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
