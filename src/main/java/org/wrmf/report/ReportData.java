package org.wrmf.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.eval.Metrics;
import org.wrmf.eval.NotebookPrecisionAtK;
import org.wrmf.tuning.GridPoint;

/**
 * What the report shows, read back from a run's outputs (never from the running job, so the report
 * can be regenerated from any finished output folder):
 * <ul>
 *   <li>{@code manifest.json}, read back as the {@link RunManifest} the job wrote: data stats before and
 *   after thresholding, the holdout split and the best point (the job's {@code all} passes the record it
 *   is about to write: the manifest comes last, as it marks the run finished);</li>
 *   <li>{@code curves/} (Parquet, one row per grid point and epoch): {@code factors},
 *   {@code regularization}, {@code alpha}, {@code epoch}, optionally {@code k}, {@code users} and
 *   timings, and one column per metric ({@code p_at_k_train}, {@code p_at_k_test}, {@code mse_train},
 *   {@code mse_test}, then {@code precision}, {@code recall}, {@code ndcg}, {@code map}, {@code auc}:
 *   the evaluation package's {@link Metrics#NAMES}, which are the columns read);</li>
 *   <li>{@code similar-items/}: a few example items and their nearest neighbours.</li>
 * </ul>
 * All of it is small (grid points x epochs, a few dozen neighbours), so it is collected here.
 */
public record ReportData(
        RunManifest manifest,
        List<GridCurve> curves,
        GridCurve best,
        int bestEpoch,
        int k,
        List<SimilarExample> examples) {

    public static final String TEST_PRECISION = NotebookPrecisionAtK.TEST;
    private static final String SCALING = "regularization_scaling";
    private static final String EXPONENT = "regularization_exponent";

    /** One epoch of one grid point: metric column name to value, in the curves' column order. */
    public record CurvePoint(int epoch, Map<String, Double> metrics) {
        public double metric(String name) {
            return metrics.getOrDefault(name, Double.NaN);
        }
    }

    /** One grid point's learning curve, epochs ascending. */
    public record GridCurve(GridPoint point, List<CurvePoint> points) {
        public String label() {
            return "factors " + point.factors() + ", regularization " + number(point.regularization())
                    + (point.scaling() == RegularizationScaling.CONSTANT
                            ? ""
                            : " (" + point.scalingName() + " scaling, exponent " + number(point.exponent()) + ")")
                    + ", alpha " + number(point.alpha());
        }

        public double best(String metric) {
            return points.stream()
                    .mapToDouble(p -> p.metric(metric))
                    .filter(v -> !Double.isNaN(v))
                    .max()
                    .orElse(Double.NaN);
        }

        public int bestEpoch(String metric) {
            return points.stream()
                    .filter(p -> !Double.isNaN(p.metric(metric)))
                    .max(Comparator.comparingDouble((CurvePoint p) -> p.metric(metric))
                            .thenComparing(p -> -p.epoch()))
                    .map(CurvePoint::epoch)
                    .orElse(-1);
        }

        /** Whether this is the manifest's best point (the exponent does not matter under constant lambda). */
        boolean matches(RunManifest.Best best) {
            GridPoint other = best.point();
            return point.factors() == other.factors()
                    && close(point.regularization(), other.regularization())
                    && close(point.alpha(), other.alpha())
                    && point.scaling() == other.scaling()
                    && (point.scaling() == RegularizationScaling.CONSTANT || close(point.exponent(), other.exponent()));
        }

        private static boolean close(double a, double b) {
            return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
        }
    }

    /** 50 rather than 50.0, 0.00001 rather than 1.0E-5: the way the grid was written in the config. */
    public static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public record Neighbour(String id, String name, double score) {}

    public record SimilarExample(String id, String name, List<Neighbour> similar) {}

    /**
     * @param examples   how many items to show with their neighbours
     * @param neighbours how many neighbours per example
     */
    public static ReportData load(SparkSession spark, String output, int examples, int neighbours) {
        return load(
                spark,
                output,
                FinishedRun.open(spark, output, "wrmf.output.path").manifest(),
                examples,
                neighbours);
    }

    /** The same, with the run's manifest given rather than read from {@code manifest.json}. */
    public static ReportData load(
            SparkSession spark, String output, RunManifest manifest, int examples, int neighbours) {
        Path curvePath = new Path(output, "curves");
        List<GridCurve> curves = List.of();
        int k = -1;
        if (exists(spark, curvePath)) {
            Dataset<Row> curveFrame = spark.read().parquet(curvePath.toString());
            curves = readCurves(curveFrame);
            if (List.of(curveFrame.columns()).contains("k") && !curves.isEmpty()) {
                k = ((Number) curveFrame.select("k").first().get(0)).intValue();
            }
        }
        GridCurve best = pickBest(manifest, curves);
        int bestEpoch =
                manifest.best() != null ? manifest.best().epoch() : best == null ? -1 : best.bestEpoch(TEST_PRECISION);
        Path similarPath = new Path(output, "similar-items");
        List<SimilarExample> similar = exists(spark, similarPath)
                ? readExamples(spark.read().parquet(similarPath.toString()), examples, neighbours)
                : List.of();
        return new ReportData(manifest, curves, best, bestEpoch, k, similar);
    }

    static List<GridCurve> readCurves(Dataset<Row> frame) {
        List<String> columns = List.of(frame.columns());
        List<String> metrics = Metrics.NAMES.stream().filter(columns::contains).toList();
        List<Row> rows =
                frame.orderBy("factors", "regularization", "alpha", "epoch").collectAsList();
        Map<GridPoint, GridCurve> curves = new LinkedHashMap<>();
        for (Row row : rows) {
            int factors = ((Number) row.getAs("factors")).intValue();
            double regularization = ((Number) row.getAs("regularization")).doubleValue();
            double alpha = ((Number) row.getAs("alpha")).doubleValue();
            // curves written before lambda could be scaled have no scaling columns: the notebook's constant lambda
            RegularizationScaling scaling = columns.contains(SCALING)
                    ? RegularizationScaling.valueOf(row.<String>getAs(SCALING).toUpperCase(Locale.ROOT))
                    : RegularizationScaling.CONSTANT;
            double exponent = columns.contains(EXPONENT) ? ((Number) row.getAs(EXPONENT)).doubleValue() : 1;
            Map<String, Double> values = new LinkedHashMap<>();
            for (String metric : metrics) {
                Object value = row.getAs(metric);
                values.put(metric, value == null ? Double.NaN : ((Number) value).doubleValue());
            }
            curves.computeIfAbsent(
                            new GridPoint(factors, regularization, alpha, scaling, exponent),
                            point -> new GridCurve(point, new ArrayList<>()))
                    .points()
                    .add(new CurvePoint(((Number) row.getAs("epoch")).intValue(), values));
        }
        return List.copyOf(curves.values());
    }

    /** The manifest's best point when it names one, else the curve with the highest test p@k. */
    static GridCurve pickBest(RunManifest manifest, List<GridCurve> curves) {
        RunManifest.Best best = manifest.best();
        if (best != null) {
            for (GridCurve curve : curves) {
                if (curve.matches(best)) {
                    return curve;
                }
            }
        }
        return curves.stream()
                .max(Comparator.comparingDouble(c -> c.best(TEST_PRECISION)))
                .orElse(null);
    }

    /**
     * A deterministic, spread-out choice of example items (ordered by a hash of the id, not by the id,
     * so that the examples are not all from one end of the catalogue) and their top neighbours.
     */
    static List<SimilarExample> readExamples(Dataset<Row> similar, int examples, int neighbours) {
        boolean named = List.of(similar.columns()).contains("name");
        List<Row> chosen = similar.select("id")
                .distinct()
                .orderBy(hash(col("id")), col("id"))
                .limit(examples)
                .collectAsList();
        List<String> ids = chosen.stream().map(r -> r.getString(0)).toList();
        List<Row> rows = similar.filter(
                        col("id").isin(ids.toArray()).and(col("rank").leq(neighbours)))
                .orderBy("id", "rank")
                .collectAsList();
        Map<String, List<Row>> byId = rows.stream()
                .collect(Collectors.groupingBy(r -> r.getAs("id"), LinkedHashMap::new, Collectors.toList()));
        List<SimilarExample> out = new ArrayList<>();
        for (String id : ids) {
            List<Row> mine = byId.getOrDefault(id, List.of());
            String name = named && !mine.isEmpty() ? mine.get(0).getAs("name") : null;
            List<Neighbour> list = mine.stream()
                    .map(r -> new Neighbour(
                            r.getAs("similar_id"),
                            named ? r.getAs("similar_name") : null,
                            ((Number) r.getAs("score")).doubleValue()))
                    .toList();
            out.add(new SimilarExample(id, name, list));
        }
        return out;
    }

    private static boolean exists(SparkSession spark, Path path) {
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
