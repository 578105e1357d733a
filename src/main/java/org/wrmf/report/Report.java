package org.wrmf.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.SafeOutput;

/**
 * Regenerates {@code <output>/report/} (index.html and index.md) from a finished run's outputs; see
 * {@link ReportData} for what it reads and {@link ReportRenderer} for what it shows. The page embeds
 * Chart.js (MIT licence, its header kept in the embedded copy; the licence text is shipped beside it
 * as a resource), so it needs no network.
 */
public final class Report {
    public static final String DEFAULT_ITEM_LINK = "https://sketchfab.com/3d-models/{id}";
    static final String CHART_LIBRARY = "/org/wrmf/report/chart.umd.min.js";

    private Report() {}

    /** The report of the finished run under {@code settings.path()}, from its manifest.json. */
    public static void write(SparkSession spark, OutputSettings settings) {
        write(
                spark,
                settings,
                ReportData.load(spark, settings.path(), settings.reportExamples(), settings.reportNeighbours()));
    }

    /** The report of the run under {@code settings.path()} whose manifest is {@code manifest}, not yet written. */
    public static void write(SparkSession spark, OutputSettings settings, RunManifest manifest) {
        write(
                spark,
                settings,
                ReportData.load(
                        spark, settings.path(), manifest, settings.reportExamples(), settings.reportNeighbours()));
    }

    private static void write(SparkSession spark, OutputSettings settings, ReportData data) {
        write(
                new SafeOutput(spark.sparkContext().hadoopConfiguration(), settings.overwrite()),
                settings.path(),
                data,
                settings.itemLink());
    }

    /**
     * @param itemLink   a link per item with {@code {id}} for the original id, or empty for no links
     * @param examples   how many similar-item examples to show
     * @param neighbours how many neighbours per example
     */
    public static void write(
            SparkSession spark, String output, SafeOutput safeOutput, String itemLink, int examples, int neighbours) {
        write(safeOutput, output, ReportData.load(spark, output, examples, neighbours), itemLink);
    }

    private static void write(SafeOutput safeOutput, String output, ReportData data, String itemLink) {
        ReportRenderer renderer = new ReportRenderer(data, itemLink);
        byte[] html = renderer.html(chartLibrary()).getBytes(StandardCharsets.UTF_8);
        byte[] markdown = renderer.markdown().getBytes(StandardCharsets.UTF_8);
        safeOutput.writeFolder(new Path(output, "report").toString(), (fs, staging) -> {
            try (FSDataOutputStream out = fs.create(new Path(staging, "index.html"), false)) {
                out.write(html);
            }
            try (FSDataOutputStream out = fs.create(new Path(staging, "index.md"), false)) {
                out.write(markdown);
            }
        });
    }

    static String chartLibrary() {
        try (InputStream in = Report.class.getResourceAsStream(CHART_LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + CHART_LIBRARY);
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // the page is self-contained: a source-map reference would point at a file that is not there
            return script.replaceAll("\n//# sourceMappingURL=\\S+\\s*$", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
