package org.wrmf.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.data.LikeStats;
import org.wrmf.data.PrepareReport;
import org.wrmf.io.SafeOutput;

public class ReportTest {
    @TempDir
    Path temp;

    static final int[] FACTORS = {20, 40};
    static final double[] REGULARIZATION = {0.001, 0.1, 10};
    static final double[] ALPHA = {10, 50};

    /**
     * A run's outputs shaped like the notebook's: its data stats, a 2x3x2 grid whose curves rise to a
     * peak, the best at factors 40, regularization 0.1, alpha 50 (the notebook's best point), and a few
     * similar items with names.
     */
    /** The notebook's figures as the job records them, built from the manifest's own records. */
    static RunManifest notebookLikeManifest() {
        return new RunManifest(
                "all",
                "2024-01-31T00:00:00Z",
                null,
                Map.of(),
                new PrepareReport.Input("likes.psv", "psv", 632_987, 0, 155, 632_832),
                new PrepareReport.ThresholdReport(
                        5, 5, 4, new LikeStats(62_583, 28_806, 632_832), new LikeStats(15_274, 25_655, 548_847)),
                new PrepareReport.HoldoutReport(true, 5, 0.2, 42L, 15_274L, 533_577, 15_270, 3_054),
                null,
                new RunManifest.Best(40, 0.1, 50, 22, "p_at_k_test", 0.0476),
                null,
                null,
                null,
                Map.of(),
                new org.wrmf.rank.Popularity(15_274, 152_740, 25_655, 6_131, 6_131.0 / 25_655, 0.9123),
                null);
    }

    public static Path fakeRun(Path dir) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), Manifest.toJson(notebookLikeManifest()));
        List<Row> curves = new ArrayList<>();
        for (int factors : FACTORS) {
            for (double regularization : REGULARIZATION) {
                for (double alpha : ALPHA) {
                    boolean best = factors == 40 && regularization == 0.1 && alpha == 50;
                    double height = best
                            ? 0.0476
                            : 0.02
                                    + 0.0002 * factors * Math.log10(alpha)
                                    - 0.0005 * Math.abs(Math.log10(regularization));
                    for (int epoch = 2; epoch <= 38; epoch += 2) {
                        double shape = 1 - Math.pow((epoch - 22) / 22.0, 2);
                        curves.add(RowFactory.create(
                                factors,
                                regularization,
                                alpha,
                                epoch,
                                5,
                                0.28 + 0.06 / epoch,
                                height * shape,
                                0.0128 + 0.0005 / epoch,
                                0.0137 + 0.0003 / epoch,
                                0.5 + 0.3 * shape));
                    }
                }
            }
        }
        StructType curveSchema = new StructType()
                .add("factors", DataTypes.IntegerType)
                .add("regularization", DataTypes.DoubleType)
                .add("alpha", DataTypes.DoubleType)
                .add("epoch", DataTypes.IntegerType)
                .add("k", DataTypes.IntegerType)
                .add("p_at_k_train", DataTypes.DoubleType)
                .add("p_at_k_test", DataTypes.DoubleType)
                .add("mse_train", DataTypes.DoubleType)
                .add("mse_test", DataTypes.DoubleType)
                .add("auc", DataTypes.DoubleType);
        spark.createDataFrame(curves, curveSchema)
                .write()
                .parquet(dir.resolve("curves").toString());

        List<Row> similar = new ArrayList<>();
        for (int item = 0; item < 8; item++) {
            for (int rank = 1; rank <= 6; rank++) {
                int other = (item + rank) % 8;
                similar.add(RowFactory.create(
                        "mid" + item, "mid" + other, 0.9 - 0.1 * rank, rank, "Model <" + item + ">", "Model " + other));
            }
        }
        StructType similarSchema = new StructType()
                .add("id", DataTypes.StringType)
                .add("similar_id", DataTypes.StringType)
                .add("score", DataTypes.DoubleType)
                .add("rank", DataTypes.IntegerType)
                .add("name", DataTypes.StringType)
                .add("similar_name", DataTypes.StringType);
        spark.createDataFrame(similar, similarSchema)
                .write()
                .parquet(dir.resolve("similar-items").toString());
        return dir;
    }

    @Test
    @Slow
    void pageHasTheNotebooksSectionsChartsAndEmbeddedLibrary() throws Exception {
        String keep = System.getProperty("wrmf.test.report-dir");
        Path run = fakeRun(keep == null ? temp.resolve("run") : Path.of(keep));
        SparkSession spark = SparkTestSession.get();
        Report.write(
                spark,
                run.toString(),
                new SafeOutput(spark.sparkContext().hadoopConfiguration(), true),
                Report.DEFAULT_ITEM_LINK,
                3,
                5);
        assertTrue(Files.exists(run.resolve("report/_SUCCESS")));
        String html = Files.readString(run.resolve("report/index.html"));

        for (String section : List.of("data", "training-log", "best-curve", "grid-curves", "similar-items")) {
            assertTrue(html.contains("<section id=\"" + section + "\">"), section);
        }
        assertTrue(html.contains("<canvas id=\"chart-best-curve\">"));
        assertTrue(html.contains("<canvas id=\"chart-grid-curves\">"));
        assertTrue(
                html.contains("Chart.js v4.6.1") && html.contains("Released under the MIT License"),
                "the charting library is embedded with its licence header");
        assertFalse(
                Pattern.compile("<script[^>]*\\ssrc=|<link[^>]*href=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find(),
                "nothing is loaded from elsewhere");
        assertFalse(html.contains("sourceMappingURL"));

        assertTrue(html.contains("p@k with k = 5"), "k is read from the curves, not shown as a metric");
        String stats = table(html, "stats");
        assertTrue(stats.contains("<td>62583</td><td>28806</td><td>632832</td><td>0.035%</td>"), stats);
        assertTrue(stats.contains("<td>15274</td><td>25655</td><td>548847</td><td>0.140%</td>"), stats);

        String log = table(html, "log");
        assertTrue(
                log.contains(
                        "<thead><tr><th>epochs</th><th>p@k train</th><th>p@k test</th><th>mse train</th><th>mse test</th><th>auc</th></tr>"),
                log);
        assertEquals(19, count(log, "<tr") - 1, "one row per evaluated epoch, plus the header");
        assertTrue(log.contains("<tr class=\"best\"><td>22</td><td>0.28273</td><td>0.04760</td>"), log);

        JsonNode data = new ObjectMapper()
                .readTree(between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>"));
        assertEquals(12, data.get("grid").size());
        assertEquals(
                "factors 40, regularization 0.1, alpha 50",
                data.get("best").get("label").asText());
        assertEquals(
                data.get("best").get("label").asText(),
                data.get("grid").get(0).get("label").asText(),
                "best drawn first");
        assertEquals(19, data.get("best").get("test").size());

        String popularity = table(html, "popularity");
        assertTrue(
                popularity.contains("<td>catalogue coverage</td><td>23.9%</td>")
                        && popularity.contains("<td>Gini index</td><td>0.912</td>"),
                popularity);
        assertTrue(Files.readString(run.resolve("report/index.md")).contains("| Gini index | 0.912 |"));

        String similar = between(html, "<section id=\"similar-items\">", "</section>");
        assertEquals(3, count(similar, "<table class=\"similar\">"));
        assertTrue(similar.contains("<a href=\"https://sketchfab.com/3d-models/mid"), similar);
        assertTrue(similar.contains("Model &lt;"), "names are escaped");

        String markdown = Files.readString(run.resolve("report/index.md"));
        assertTrue(
                markdown.contains("| epochs | p@k train | p@k test | mse train | mse test | auc |\n| --- |"), markdown);
        assertTrue(markdown.contains("](<https://sketchfab.com/3d-models/mid"), markdown);
        assertFalse(markdown.contains("Model <"), "no name reaches the Markdown as raw HTML");
        assertTrue(markdown.contains("Model &lt;"), markdown);
    }

    /** Points that differ only in lambda's scaling are separate curves, labelled by it. */
    @Test
    void curvesOfDifferentScalingsStayApart() {
        StructType schema = new StructType()
                .add("factors", DataTypes.IntegerType)
                .add("regularization", DataTypes.DoubleType)
                .add("alpha", DataTypes.DoubleType)
                .add("epoch", DataTypes.IntegerType)
                .add("p_at_k_test", DataTypes.DoubleType)
                .add("regularization_scaling", DataTypes.StringType)
                .add("regularization_exponent", DataTypes.DoubleType);
        List<Row> rows = List.of(
                RowFactory.create(10, 0.1, 1.0, 2, 0.01, "constant", 1.0),
                RowFactory.create(10, 0.1, 1.0, 2, 0.03, "count", 0.5),
                RowFactory.create(10, 0.1, 1.0, 4, 0.04, "count", 0.5));
        List<ReportData.GridCurve> curves =
                ReportData.readCurves(SparkTestSession.get().createDataFrame(rows, schema));
        assertEquals(2, curves.size());
        ReportData.GridCurve count = curves.stream()
                .filter(c -> c.point().scaling() == RegularizationScaling.COUNT)
                .findFirst()
                .orElseThrow();
        assertEquals(2, count.points().size());
        assertEquals(0.04, count.best("p_at_k_test"));
        assertEquals("factors 10, regularization 0.1 (count scaling, exponent 0.5), alpha 1", count.label());
        assertEquals(
                count,
                ReportData.pickBest(
                        new RunManifest(
                                "grid",
                                "t",
                                null,
                                Map.of(),
                                null,
                                null,
                                null,
                                null,
                                new RunManifest.Best(10, 0.1, 1, 4, "p_at_k_test", 0.04, "count", 0.5),
                                null,
                                null,
                                null,
                                Map.of(),
                                null,
                                null),
                        curves));
    }

    /** A hostile name renders as itself in any Markdown renderer: no tag, no link, no emphasis. */
    @Test
    void markdownEscapesNamesAsText() {
        assertEquals(
                "&lt;script&gt;alert\\(1\\)&lt;/script&gt;", ReportRenderer.markdownText("<script>alert(1)</script>"));
        assertEquals("\\[x\\]\\(javascript:y\\)", ReportRenderer.markdownText("[x](javascript:y)"));
        assertEquals("a\\|b \\*c\\* \\_d\\_ e", ReportRenderer.markdownText("a|b *c* _d_\ne"));
    }

    private static String table(String html, String cssClass) {
        return between(html, "<table class=\"" + cssClass + "\">", "</table>");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "missing " + start);
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
