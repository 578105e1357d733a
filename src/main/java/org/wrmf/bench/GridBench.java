package org.wrmf.bench;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Rating;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.tuning.Execution;
import org.wrmf.tuning.GridResult;
import org.wrmf.tuning.GridSearch;
import org.wrmf.tuning.GridSettings;

/**
 * The {@code bench grid} benchmark: the notebook's full grid (factors 10, 20, 40, 80, 120 x regularization
 * 0, 1e-5, 1e-3, 0.1, 10, 100 x alpha 1, 10, 50, 100, 500, 1000 = 180 points, checkpoints 2, 4, ..., 38)
 * on the given split, printing the wall time and the share of the work spent evaluating. Target: at most
 * 20 minutes on 2 cores (what implicit in a notebook takes), with the seed's evaluation at every checkpoint.
 *
 * <p>A slice runs every rank with one regularization and one alpha (5 points) and extrapolates by 36:
 * with the exact solver a point's cost depends on its rank and the data, not on lambda or alpha, so the
 * slice has the full grid's mix of costs. The printout says which figures are measured and which are
 * extrapolated. Resume is off: every point is trained.
 */
public final class GridBench {
    public static final List<Integer> SEED_FACTORS = List.of(10, 20, 40, 80, 120);
    public static final List<Double> SEED_REGULARIZATION = List.of(0.0, 1e-5, 1e-3, 1e-1, 10.0, 100.0);
    public static final List<Double> SEED_ALPHA = List.of(1.0, 10.0, 50.0, 100.0, 500.0, 1000.0);

    private GridBench() {}

    /** The notebook's grid with the given training settings, resume off. */
    public static GridSettings notebookGrid(
            AlsParams base, int k, int parallelism, Execution execution, EvaluatedUsers evaluatedUsers) {
        return GridSettings.builder()
                .factors(SEED_FACTORS)
                .regularization(SEED_REGULARIZATION)
                .alpha(SEED_ALPHA)
                .epochs(GridSettings.notebookEpochs())
                .k(k)
                .metric("p_at_k_test")
                .parallelism(parallelism)
                .resume(false)
                .evaluatedUsers(evaluatedUsers)
                .execution(execution)
                .base(base)
                .build();
    }

    /**
     * Runs the grid (or its slice) and prints the figures.
     *
     * @param data  the prepared likes: the grid trains on their training part, scores on their test part
     * @param grid  the grid to measure (normally {@link #notebookGrid})
     * @param slice run every rank at the grid's middle regularization and alpha only, and extrapolate
     */
    public static GridResult run(
            SparkSession spark, PreparedData data, GridSettings grid, String output, boolean slice) {
        JavaRDD<Rating> train = IndexedLikes.ratings(data.train()).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Rating> test = IndexedLikes.ratings(data.test()).persist(StorageLevel.MEMORY_AND_DISK());
        int numUsers = data.numUsers();
        int numItems = data.numItems();
        GridSettings measured = slice ? sliceOf(grid) : grid;
        long likes = train.count();
        GridResult result = new GridSearch(train, test, numUsers, numItems, measured, output).run();
        int full = grid.points().size();
        double scale = (double) full / measured.points().size();
        System.out.println(String.format(
                Locale.ROOT,
                "bench grid: %d users x %d items, %d training likes; %d points x %d checkpoints, parallelism %d, "
                        + "%d cores",
                numUsers,
                numItems,
                likes,
                full,
                grid.epochs().length,
                grid.parallelism(),
                spark.sparkContext().defaultParallelism()));
        System.out.println(String.format(
                Locale.ROOT,
                "bench grid: MEASURED %d points (factors %s x regularization %s x alpha %s): wall %.1f s; training %.1f s"
                        + " and evaluating %.1f s summed over points: evaluation %.1f%% of the work",
                measured.points().size(),
                measured.factors(),
                measured.regularization(),
                measured.alpha(),
                result.wallSeconds(),
                result.trainSeconds(),
                result.evalSeconds(),
                100 * result.evaluationShare()));
        if (slice) {
            System.out.println(String.format(
                    Locale.ROOT,
                    "bench grid: EXTRAPOLATED to the full %d-point grid (x%.0f, cost depends on rank only): wall ~%s "
                            + "(target <= 20 min), evaluation ~%.1f%%",
                    full,
                    scale,
                    GridSearch.duration(result.wallSeconds() * scale),
                    100 * result.evaluationShare()));
        } else {
            System.out.println(String.format(
                    Locale.ROOT,
                    "bench grid: full grid wall %s (target <= 20 min), evaluation %.1f%%",
                    GridSearch.duration(result.wallSeconds()),
                    100 * result.evaluationShare()));
        }
        System.out.println(String.format(
                Locale.ROOT,
                "bench grid: best %s = %.5f at %s, epoch %d",
                result.metric(),
                result.best().metrics().value(result.metric()),
                result.best().point().describe(),
                result.best().epoch()));
        return result;
    }

    private static GridSettings sliceOf(GridSettings grid) {
        double regularization = grid.regularization().get(grid.regularization().size() / 2);
        double alpha = grid.alpha().get(grid.alpha().size() / 2);
        return grid.toBuilder()
                .regularization(List.of(regularization))
                .alpha(List.of(alpha))
                .resume(false)
                .build();
    }
}
