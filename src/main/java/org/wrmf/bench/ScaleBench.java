package org.wrmf.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.AlsParams;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Rating;
import org.wrmf.common.Seconds;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.Preparation;
import org.wrmf.data.PrepareReport;
import org.wrmf.data.PrepareSettings;
import org.wrmf.data.PreparedData;
import org.wrmf.linalg.Blas;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.ml.Wrmf;

/**
 * Benchmark, not a test: the whole job's work at a multiple of the notebook's size. For each dataset (the
 * synthetic likes at a scale), prepares them as {@code train} does (generate, load, threshold, index,
 * holdout, write the prepared tables), trains our engine on the training likes, then Spark MLlib's ALS
 * on the same likes at the same rank, lambda, alpha, iterations and blocks, and prints a row per stage:
 * seconds, seconds per iteration, the driver's peak heap during the stage and what the stage produced.
 * MLlib's row gives the ratio of its whole fit to ours (blocks built and iterations, as each fit does).
 *
 * <p>In local mode the driver runs every task, so the heap figures are the job's ({@link HeapMeter}: the
 * most the heap held, and the most the old generation kept after a collection); a stage's figures
 * include what earlier stages left cached (the prepared likes).
 */
public final class ScaleBench {
    private ScaleBench() {}

    /** A dataset: its label (the scale) and how to prepare it. */
    public record Dataset(String label, PrepareSettings prepare) {}

    /**
     * @param params     our engine's parameters (rank, lambda, alpha, solver, blocks, ...)
     * @param iterations full iterations of each engine
     * @param mllib      whether to train MLlib too
     */
    public record ScaleBenchSettings(AlsParams params, int iterations, boolean mllib, FitExecution execution) {}

    /**
     * A printed row: one stage of one dataset. NaN where a figure does not apply, -1 where the heap was
     * not measured on its own (the prepare stages: their row "prepare" has it).
     *
     * @param peakHeapBytes the most the driver's heap held during the stage
     * @param liveHeapBytes the most the old generation held after a collection: what the stage kept alive
     */
    public record Row(
            String data,
            String stage,
            double seconds,
            double secondsPerIteration,
            long peakHeapBytes,
            long liveHeapBytes,
            String detail) {}

    private static final String[] PREPARE_STAGES = {
        "generate", "load", "threshold", "index", "holdout", "write_prepared"
    };

    public static List<Row> run(
            SparkSession spark, List<Dataset> datasets, ScaleBenchSettings settings, PrintStream out) {
        AlsParams params = settings.params();
        out.printf(
                Locale.ROOT,
                "scale bench: rank %d, %d iterations, solver %s, lambda %s (%s), alpha %s, %d blocks, "
                        + "master %s, driver max heap %d MB, %s%n",
                params.factors(),
                settings.iterations(),
                params.solver().method().word(),
                params.objective().regularizationUsers(),
                params.objective().regularizationScaling().word(),
                params.objective().alpha(),
                params.solver().blocks(),
                spark.sparkContext().master(),
                HeapMeter.max() >> 20,
                Blas.describe());
        out.printf(
                Locale.ROOT,
                "%-6s %-16s %9s %8s %9s %9s  %s%n",
                "scale",
                "stage",
                "seconds",
                "s/iter",
                "peak-MB",
                "live-MB",
                "detail");
        List<Row> rows = new ArrayList<>();
        for (Dataset dataset : datasets) {
            try {
                runOne(spark, dataset, settings, out, rows);
            } finally {
                spark.catalog().clearCache();
                spark.sparkContext().getPersistentRDDs().values().foreach(rdd -> rdd.unpersist(false));
            }
        }
        return rows;
    }

    private static void runOne(
            SparkSession spark, Dataset dataset, ScaleBenchSettings settings, PrintStream out, List<Row> rows) {
        String label = dataset.label();
        HeapMeter heap = HeapMeter.start(); // its collection before the clock starts
        long total = System.nanoTime();
        Preparation.PreparationResult prepared = Preparation.run(spark, dataset.prepare());
        heap.close();
        double prepareSeconds = Seconds.since(total);
        PrepareReport report = prepared.report();
        Map<String, Double> timings = prepared.timings();
        for (String stage : PREPARE_STAGES) {
            if (timings.containsKey(stage)) {
                emit(out, rows, new Row(label, stage, timings.get(stage), Double.NaN, -1, -1, detail(stage, report)));
            }
        }
        PreparedData data = prepared.data();
        emit(
                out,
                rows,
                new Row(
                        label,
                        "prepare",
                        prepareSeconds,
                        Double.NaN,
                        heap.peak(),
                        heap.live(),
                        String.format(
                                Locale.ROOT,
                                "%d users x %d items, %d training likes",
                                data.numUsers(),
                                data.numItems(),
                                report.holdout().trainLikes())));

        int iterations = settings.iterations();
        JavaRDD<Rating> train = IndexedLikes.ratings(data.train()).persist(StorageLevel.MEMORY_AND_DISK());
        double ours;
        try (HeapMeter oursHeap = HeapMeter.start()) {
            long start = System.nanoTime();
            PartMarks timed = new PartMarks();
            try (TrainedFactors fit = Wrmf.fitIndexed(
                    train,
                    data.numUsers(),
                    data.numItems(),
                    settings.params(),
                    settings.execution(),
                    iterations,
                    "bench scale " + label + ": wrmf",
                    timed)) {
                double iterating = (timed.iterationsEnded() - timed.factorsSet()) / 1e9;
                double finalSolve = (timed.usersSolved() - timed.iterationsEnded()) / 1e9;
                ours = Seconds.since(start);
                emit(
                        out,
                        rows,
                        new Row(
                                label,
                                "wrmf-" + settings.params().solver().method().word(),
                                ours,
                                ours / iterations,
                                oursHeap.peak(),
                                oursHeap.live(),
                                String.format(
                                        Locale.ROOT,
                                        "the fit: blocks %.1f s, iterations %.3f s each, final solve %.1f s; loss %.6g",
                                        ours - iterating - finalSolve,
                                        iterating / iterations,
                                        finalSolve,
                                        fit.loss())));
            }
        } finally {
            train.unpersist(false);
        }

        if (settings.mllib()) {
            AlsParams params = settings.params();
            ALS als = AlsBench.mllib(
                    params.factors(),
                    iterations,
                    params.objective().regularizationUsers(),
                    params.objective().alpha(),
                    params.solver().blocks(),
                    params.solver().seed());
            try (HeapMeter mllibHeap = HeapMeter.start()) {
                long start = System.nanoTime();
                spark.sparkContext().setJobDescription("bench scale " + label + ": mllib");
                als.fit(data.train());
                double mllib = Seconds.since(start);
                emit(
                        out,
                        rows,
                        new Row(
                                label,
                                "mllib",
                                mllib,
                                mllib / iterations,
                                mllibHeap.peak(),
                                mllibHeap.live(),
                                String.format(
                                        Locale.ROOT,
                                        "ratio to ours %.2f (MLlib's seconds over ours, whole fits)",
                                        mllib / ours)));
            }
        }
        emit(out, rows, new Row(label, "total", Seconds.since(total), Double.NaN, -1, -1, ""));
    }

    private static String detail(String stage, PrepareReport report) {
        return switch (stage) {
            case "load" ->
                String.format(
                        Locale.ROOT,
                        "%d rows read, %d distinct likes, %d rejected",
                        report.input().rowsRead(),
                        report.input().likes(),
                        report.input().rowsRejected());
            case "threshold" ->
                String.format(
                        Locale.ROOT,
                        "%d rounds: %s -> %s",
                        report.threshold().rounds(),
                        report.threshold().before(),
                        report.threshold().after());
            case "holdout" ->
                String.format(
                        Locale.ROOT,
                        "%d test users, %d test likes",
                        report.holdout().testUsers(),
                        report.holdout().testLikes());
            default -> "";
        };
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "-" : String.valueOf(bytes >> 20);
    }

    private static void emit(PrintStream out, List<Row> rows, Row row) {
        rows.add(row);
        out.printf(
                Locale.ROOT,
                "%-6s %-16s %9.1f %8s %9s %9s  %s%n",
                row.data(),
                row.stage(),
                row.seconds(),
                Double.isNaN(row.secondsPerIteration())
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", row.secondsPerIteration()),
                megabytes(row.peakHeapBytes()),
                megabytes(row.liveHeapBytes()),
                row.detail());
        out.flush();
    }
}
