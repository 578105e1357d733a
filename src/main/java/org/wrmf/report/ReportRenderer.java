package org.wrmf.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.wrmf.data.LikeStats;
import org.wrmf.data.PrepareReport;
import org.wrmf.eval.FullRowMse;
import org.wrmf.eval.NotebookPrecisionAtK;
import org.wrmf.report.ReportData.CurvePoint;
import org.wrmf.report.ReportData.GridCurve;
import org.wrmf.report.ReportData.Neighbour;
import org.wrmf.report.ReportData.SimilarExample;

/**
 * Renders {@link ReportData} as the notebook's analysis: a self-contained HTML page (styles,
 * data and the charting library inline, so it opens offline and can be mailed as one file) and the
 * same tables in Markdown (for a repository or a wiki, where the charts are replaced by the grid
 * summary table).
 *
 * <p>Sections, in the notebook's order: data before and after thresholding, the best grid point's
 * training log (epochs | p@k train | p@k test | mse train | mse test, plus any other metric the curves
 * carry), the best learning curve, all grid curves in one plot (the best drawn strongest, the others
 * fading with their rank, as the notebook does), and similar-item examples with names and links.
 * Charts are drawn by Chart.js, which the page embeds; animation is off so that a headless browser's
 * screenshot shows them drawn.
 */
public final class ReportRenderer {
    /** The training-log columns of the notebook, in its order, with its headings. */
    static final Map<String, String> LOG_COLUMNS = orderedMap(
            NotebookPrecisionAtK.TRAIN,
            "p@k train",
            NotebookPrecisionAtK.TEST,
            "p@k test",
            FullRowMse.TRAIN,
            "mse train",
            FullRowMse.TEST,
            "mse test");

    static final String TRAIN_PRECISION = NotebookPrecisionAtK.TRAIN;

    private final ReportData data;
    private final String itemLink;

    /**
     * @param itemLink a link per item with {@code {id}} where the original id goes (e.g.
     *                 {@code https://sketchfab.com/3d-models/{id}}), or empty for no links
     */
    public ReportRenderer(ReportData data, String itemLink) {
        this.data = data;
        this.itemLink = itemLink == null ? "" : itemLink;
    }

    public String html(String chartLibrary) {
        StringBuilder page = new StringBuilder(chartLibrary.length() + 64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>WRMF run report</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>WRMF run report</h1>\n");
        page.append("<p class=\"summary\">").append(escape(summary())).append("</p>\n");

        page.append("<section id=\"data\">\n<h2>Data before and after thresholding</h2>\n");
        table(page, "stats", List.of("", "users", "items", "likes", "sparsity"), statsRows());
        List<List<String>> holdout = holdoutRows();
        if (!holdout.isEmpty()) {
            page.append("<h3>Holdout split</h3>\n");
            table(page, "holdout", List.of("key", "value"), holdout);
        }
        page.append("</section>\n");

        page.append("<section id=\"training-log\">\n<h2>Training log of the best grid point</h2>\n");
        if (data.best() != null) {
            page.append("<p>").append(escape(data.best().label())).append("</p>\n");
            List<List<String>> log = logRows();
            int chosen = -1;
            for (int n = 0; n < log.size(); n++) {
                if (log.get(n).get(0).equals(Integer.toString(data.bestEpoch()))) {
                    chosen = n;
                }
            }
            table(page, "log", logHeader(), log, chosen);
            page.append("<p class=\"note\">Epoch ")
                    .append(data.bestEpoch())
                    .append(" is the chosen one (highlighted).</p>\n");
        } else {
            page.append("<p>No learning curves in this output.</p>\n");
        }
        page.append("</section>\n");

        page.append("<section id=\"best-curve\">\n<h2>Best learning curve</h2>\n")
                .append("<div class=\"chart\"><canvas id=\"chart-best-curve\"></canvas></div>\n</section>\n");
        page.append("<section id=\"grid-curves\">\n<h2>Grid-search p@k curves</h2>\n")
                .append("<div class=\"chart tall\"><canvas id=\"chart-grid-curves\"></canvas></div>\n");
        table(
                page,
                "grid",
                List.of("rank", "factors", "regularization", "alpha", "best p@k test", "at epoch"),
                gridRows(10));
        page.append("</section>\n");

        List<List<String>> refit = refitRows();
        if (!refit.isEmpty()) {
            page.append("<section id=\"refit\">\n<h2>Refit from the previous run</h2>\n");
            table(page, "refit", List.of("figure", "value"), refit);
            page.append("</section>\n");
        }

        List<List<String>> popularity = popularityRows();
        if (!popularity.isEmpty()) {
            page.append("<section id=\"popularity\">\n<h2>Popularity bias of the recommendations</h2>\n");
            table(page, "popularity", List.of("figure", "value"), popularity);
            page.append("<p class=\"note\">").append(escape(POPULARITY_NOTE)).append("</p>\n</section>\n");
        }

        page.append("<section id=\"similar-items\">\n<h2>Similar items</h2>\n");
        if (data.examples().isEmpty()) {
            page.append("<p>No similar items in this output.</p>\n");
        }
        page.append("<div class=\"examples\">\n");
        for (SimilarExample example : data.examples()) {
            page.append("<div class=\"example\">\n<h3>")
                    .append(itemHtml(example.id(), example.name()))
                    .append("</h3>\n")
                    .append(
                            "<table class=\"similar\">\n<thead><tr><th>rank</th><th>similar item</th><th>cosine</th></tr></thead>\n<tbody>\n");
            int rank = 1;
            for (Neighbour neighbour : example.similar()) {
                page.append("<tr><td>")
                        .append(rank++)
                        .append("</td><td>")
                        .append(itemHtml(neighbour.id(), neighbour.name()))
                        .append("</td><td>")
                        .append(format(neighbour.score()))
                        .append("</td></tr>\n");
            }
            page.append("</tbody>\n</table>\n</div>\n");
        }
        page.append("</div>\n</section>\n</main>\n");

        page.append("<script>\n")
                .append(chartLibrary.replace("</script", "<\\/script"))
                .append("\n</script>\n");
        page.append("<script type=\"application/json\" id=\"report-data\">")
                .append(chartData().replace("<", "\\u003c"))
                .append("</script>\n");
        page.append("<script>\n").append(CHART_SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# WRMF run report\n\n").append(summary()).append("\n\n");
        md.append("## Data before and after thresholding\n\n");
        markdownTable(md, List.of("", "users", "items", "likes", "sparsity"), statsRows());
        List<List<String>> holdout = holdoutRows();
        if (!holdout.isEmpty()) {
            md.append("### Holdout split\n\n");
            markdownTable(md, List.of("key", "value"), holdout);
        }
        md.append("## Training log of the best grid point\n\n");
        if (data.best() != null) {
            md.append(data.best().label()).append("\n\n");
            markdownTable(md, logHeader(), logRows());
        }
        md.append("## Grid search\n\nThe learning-curve plots are in index.html. Grid points by best test p@k:\n\n");
        markdownTable(
                md,
                List.of("rank", "factors", "regularization", "alpha", "best p@k test", "at epoch"),
                gridRows(Integer.MAX_VALUE));
        List<List<String>> refit = refitRows();
        if (!refit.isEmpty()) {
            md.append("## Refit from the previous run\n\n");
            markdownTable(md, List.of("figure", "value"), refit);
        }
        List<List<String>> popularity = popularityRows();
        if (!popularity.isEmpty()) {
            md.append("## Popularity bias of the recommendations\n\n");
            markdownTable(md, List.of("figure", "value"), popularity);
            md.append(POPULARITY_NOTE).append("\n\n");
        }
        md.append("## Similar items\n\n");
        for (SimilarExample example : data.examples()) {
            md.append("### ").append(itemMarkdown(example.id(), example.name())).append("\n\n");
            List<List<String>> rows = new ArrayList<>();
            int rank = 1;
            for (Neighbour neighbour : example.similar()) {
                rows.add(List.of(
                        Integer.toString(rank++),
                        itemMarkdown(neighbour.id(), neighbour.name()),
                        format(neighbour.score())));
            }
            markdownTable(md, List.of("rank", "similar item", "cosine"), rows);
        }
        return md.toString();
    }

    private String summary() {
        RunManifest.Best chosen = data.manifest().best();
        if (data.best() == null) {
            return "No grid search in this output.";
        }
        String metric = chosen != null ? chosen.metric() : ReportData.TEST_PRECISION;
        double value = chosen != null ? chosen.value() : data.best().best(ReportData.TEST_PRECISION);
        RunManifest.Grid grid = data.manifest().grid();
        return "Best grid point: " + data.best().label() + ", epoch " + data.bestEpoch() + " (" + metric + " "
                + format(value) + "), chosen among " + data.curves().size() + " grid points"
                + (data.k() > 0 ? "; p@k with k = " + data.k() : "")
                + (grid != null && grid.evaluatedUsers() != null ? "; users scored: " + grid.evaluatedUsers() : "")
                + protocol()
                + ".";
    }

    /**
     * The holdout protocol when it is not the notebook's (whose name the holdout table gives): by time with
     * its cutoff, the latest likes per user, a given test set or held-out users.
     */
    private String protocol() {
        PrepareReport.HoldoutReport holdout = data.manifest().holdout();
        if (holdout == null || holdout.protocol() == null || holdout.protocol().equals("likes")) {
            return "";
        }
        return switch (holdout.protocol()) {
            case "time" -> "; holdout protocol: time, test likes after " + holdout.cutoffTime();
            case "per-user-last" ->
                "; holdout protocol: per-user-last, each test user's " + holdout.perUser() + " latest likes";
            case "given" -> "; holdout protocol: given, test likes from " + holdout.testPath();
            default -> "; holdout protocol: " + holdout.protocol();
        };
    }

    private List<List<String>> statsRows() {
        List<List<String>> rows = new ArrayList<>();
        PrepareReport.ThresholdReport threshold = data.manifest().threshold();
        if (threshold == null) {
            return rows;
        }
        for (String stage : List.of("before", "after")) {
            LikeStats stats = stage.equals("before") ? threshold.before() : threshold.after();
            rows.add(List.of(
                    stage + " thresholding",
                    Long.toString(stats.users()),
                    Long.toString(stats.items()),
                    Long.toString(stats.likes()),
                    String.format(Locale.ROOT, "%.3f%%", stats.sparsityPercent())));
        }
        return rows;
    }

    private static final String POPULARITY_NOTE = "Coverage: share of the catalogue recommended to at least one"
            + " user. Gini: inequality of how often each catalogue item is recommended (0: all equally often;"
            + " near 1: a few items take every slot).";

    /** The manifest's {@code recommendations} figures; none when no recommendations were written. */
    private List<List<String>> popularityRows() {
        org.wrmf.rank.Popularity figures = data.manifest().recommendations();
        if (figures == null) {
            return List.of();
        }
        return List.of(
                List.of("users", Long.toString(figures.users())),
                List.of("recommendations", Long.toString(figures.recommendations())),
                List.of("catalogue items", Long.toString(figures.catalogueItems())),
                List.of("items recommended", Long.toString(figures.recommendedItems())),
                List.of("catalogue coverage", String.format(Locale.ROOT, "%.1f%%", 100 * figures.coverage())),
                List.of("Gini index", String.format(Locale.ROOT, "%.3f", figures.gini())));
    }

    /** The manifest's {@code refit} figures: what changed since the previous run; none for other commands. */
    private List<List<String>> refitRows() {
        RunManifest.Refit refit = data.manifest().refit();
        if (refit == null) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("previous run", refit.previousRun()));
        rows.add(List.of("mode", refit.mode()));
        rows.add(List.of(
                "objective overridden by",
                refit.overriddenKeys().isEmpty() ? "nothing" : String.join(", ", refit.overriddenKeys())));
        for (String side : List.of("users", "items")) {
            RunManifest.Change change = side.equals("users") ? refit.users() : refit.items();
            long folded = side.equals("users") ? refit.usersFoldedIn() : refit.itemsFoldedIn();
            rows.add(List.of(
                    side,
                    change.kept() + " kept, " + change.added() + " new (" + folded + " folded in), " + change.dropped()
                            + " dropped"));
        }
        RunManifest.LikeChanges likes = refit.likes();
        rows.add(List.of(
                "likes",
                likes.current()
                        + (likes.previous() == null
                                ? " (the previous run's prepared likes are not there to compare)"
                                : " (previous " + likes.previous() + ", added " + likes.added() + ", removed "
                                        + likes.removed() + ")")));
        List<String> losses = new ArrayList<>();
        refit.iterationLosses().forEach(loss -> losses.add(format(loss)));
        rows.add(List.of(
                "objective after each of " + refit.iterations() + " iterations",
                losses.isEmpty() ? "-" : String.join(", ", losses)));
        driftRows(rows, "", refit.drift());
        RunManifest.Comparison full = refit.full();
        if (full != null) {
            rows.add(List.of(
                    "refit / from scratch (" + full.iterations() + " iterations): seconds",
                    format(full.refitSeconds()) + " / " + format(full.fullSeconds())));
            rows.add(List.of(
                    "refit / from scratch: objective", format(full.refitLoss()) + " / " + format(full.fullLoss())));
            if (full.refitQuality() != null) {
                new TreeMap<>(full.refitQuality())
                        .forEach((metric, value) -> rows.add(List.of(
                                "refit / from scratch: " + metric,
                                format(value) + " / "
                                        + format(full.fullQuality().get(metric)))));
            }
            driftRows(rows, "from scratch: ", full.drift());
        }
        return rows;
    }

    private static void driftRows(List<List<String>> rows, String prefix, RunManifest.Drift drift) {
        if (drift == null) {
            return;
        }
        rows.add(List.of(
                prefix + "top-" + drift.k() + " overlap with the previous run",
                (drift.overlap() == null ? "-" : format(drift.overlap())) + " (mean over " + drift.users()
                        + " users in both runs)"));
        RunManifest.Distribution change = drift.scoreChange();
        if (change != null) {
            rows.add(List.of(
                    prefix + "score change of the previous recommendations",
                    "min " + format(change.min()) + ", p10 " + format(change.p10()) + ", median "
                            + format(change.median()) + ", p90 " + format(change.p90()) + ", max "
                            + format(change.max()) + ", mean " + format(change.mean()) + " (" + change.count()
                            + " pairs)"));
        }
    }

    /** The holdout section's fields, by name, as the manifest writes them. */
    private List<List<String>> holdoutRows() {
        if (data.manifest().holdout() == null) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        new TreeMap<>(Manifest.fields(data.manifest().holdout()))
                .forEach((key, value) -> rows.add(List.of(key, String.valueOf(value))));
        return rows;
    }

    /** The notebook's four columns first, then whatever other metrics the curves carry. */
    private List<String> logMetrics() {
        List<String> metrics = new ArrayList<>(LOG_COLUMNS.keySet());
        for (CurvePoint point : data.best().points()) {
            for (String metric : point.metrics().keySet()) {
                if (!metrics.contains(metric)) {
                    metrics.add(metric);
                }
            }
        }
        return metrics;
    }

    private List<String> logHeader() {
        List<String> header = new ArrayList<>(List.of("epochs"));
        for (String metric : logMetrics()) {
            header.add(LOG_COLUMNS.getOrDefault(metric, metric.replace('_', ' ')));
        }
        return header;
    }

    private List<List<String>> logRows() {
        List<List<String>> rows = new ArrayList<>();
        for (CurvePoint point : data.best().points()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(point.epoch())));
            for (String metric : logMetrics()) {
                row.add(format(point.metric(metric)));
            }
            rows.add(row);
        }
        return rows;
    }

    private List<GridCurve> rankedCurves() {
        List<GridCurve> ranked = new ArrayList<>(data.curves());
        ranked.sort(Comparator.comparingDouble((GridCurve c) -> c.best(ReportData.TEST_PRECISION))
                .reversed());
        if (data.best() != null && ranked.remove(data.best())) {
            ranked.add(0, data.best());
        }
        return ranked;
    }

    private List<List<String>> gridRows(int limit) {
        List<List<String>> rows = new ArrayList<>();
        List<GridCurve> ranked = rankedCurves();
        for (int n = 0; n < Math.min(limit, ranked.size()); n++) {
            GridCurve curve = ranked.get(n);
            rows.add(List.of(
                    Integer.toString(n + 1),
                    Integer.toString(curve.point().factors()),
                    ReportData.number(curve.point().regularization()),
                    ReportData.number(curve.point().alpha()),
                    format(curve.best(ReportData.TEST_PRECISION)),
                    Integer.toString(curve.bestEpoch(ReportData.TEST_PRECISION))));
        }
        return rows;
    }

    /** The plots' data: the best curve (test and train p@k) and every grid point's test p@k, best first. */
    private String chartData() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        if (data.best() != null) {
            ObjectNode best = root.putObject("best");
            best.put("label", data.best().label());
            best.set("test", series(json, data.best(), ReportData.TEST_PRECISION));
            best.set("train", series(json, data.best(), TRAIN_PRECISION));
        }
        ArrayNode grid = root.putArray("grid");
        for (GridCurve curve : rankedCurves()) {
            ObjectNode node = grid.addObject();
            node.put("label", curve.label());
            node.set("test", series(json, curve, ReportData.TEST_PRECISION));
        }
        return root.toString();
    }

    private static ArrayNode series(ObjectMapper json, GridCurve curve, String metric) {
        ArrayNode points = json.createArrayNode();
        for (CurvePoint point : curve.points()) {
            double value = point.metric(metric);
            if (!Double.isNaN(value)) {
                points.addObject().put("x", point.epoch()).put("y", value);
            }
        }
        return points;
    }

    private String link(String id) {
        return itemLink.isEmpty()
                ? null
                : itemLink.replace("{id}", java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
    }

    private String itemHtml(String id, String name) {
        String text = escape(name == null ? id : name);
        String href = link(id);
        return href == null ? text : "<a href=\"" + escape(href) + "\">" + text + "</a>";
    }

    private String itemMarkdown(String id, String name) {
        String text = markdownText(name == null ? id : name);
        String href = link(id);
        return href == null ? text : "[" + text + "](<" + escape(href) + ">)";
    }

    /**
     * A name as Markdown text that renders as itself: HTML is entity-escaped (renderers pass raw HTML
     * through, so a name must never become a tag), and every Markdown punctuation is backslash-escaped.
     */
    static String markdownText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : escape(text).toCharArray()) {
            if ("\\`*_{}[]()#+-.!|~>".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString();
    }

    private static void table(StringBuilder page, String cssClass, List<String> header, List<List<String>> rows) {
        table(page, cssClass, header, rows, -1);
    }

    /** An HTML table; the row at {@code highlighted} (or none when -1) gets class "best". */
    private static void table(
            StringBuilder page, String cssClass, List<String> header, List<List<String>> rows, int highlighted) {
        page.append("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
        for (String cell : header) {
            page.append("<th>").append(escape(cell)).append("</th>");
        }
        page.append("</tr></thead>\n<tbody>\n");
        for (int n = 0; n < rows.size(); n++) {
            List<String> row = rows.get(n);
            page.append(n == highlighted ? "<tr class=\"best\">" : "<tr>");
            for (String cell : row) {
                page.append("<td>").append(escape(cell)).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private static void markdownTable(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        md.append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** Five decimals, as the notebook's training log prints them. */
    static String format(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.5f", value);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int n = 0; n < keysAndValues.length; n += 2) {
            map.put(keysAndValues[n], keysAndValues[n + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static final String STYLE = """
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
            main { max-width: 1100px; margin: 0 auto; padding: 24px; }
            h1 { margin-top: 0; }
            section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 20px 16px; margin: 16px 0; }
            table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
            th { background: #f0f0f0; text-align: center; }
            td:first-child { text-align: left; }
            table.similar td:nth-child(2) { text-align: left; }
            .chart { position: relative; height: 360px; }
            .chart.tall { height: 520px; }
            .summary { font-size: 1.1em; }
            tr.best td { background: #fff3c4; font-weight: bold; }
            .note { color: #555; }
            .examples { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 0 24px; }
            """;

    private static final String CHART_SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('report-data').textContent);
              Chart.defaults.animation = false;
              Chart.defaults.font.size = 13;
              var epochs = { type: 'linear', title: { display: true, text: 'epochs' }, ticks: { stepSize: 2 } };
              if (data.best) {
                new Chart(document.getElementById('chart-best-curve'), {
                  type: 'line',
                  data: { datasets: [
                    { label: 'test p@k', data: data.best.test, borderColor: '#1f77b4', backgroundColor: '#1f77b4', yAxisID: 'y' },
                    { label: 'train p@k', data: data.best.train, borderColor: '#ff7f0e', backgroundColor: '#ff7f0e', borderDash: [6, 4], yAxisID: 'y1' }
                  ] },
                  options: { responsive: true, maintainAspectRatio: false,
                    scales: { x: epochs,
                      y: { title: { display: true, text: 'test p@k' } },
                      y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'train p@k' } } },
                    plugins: { title: { display: true, text: 'Best learning curve: ' + data.best.label } } }
                });
              }
              var lines = data.grid.map(function (curve, rank) {
                var opacity = 1 / (0.1 * rank + 1);
                return { label: curve.label, data: curve.test, pointRadius: 0, borderWidth: rank === 0 ? 3 : 1.5,
                         borderColor: 'rgba(31, 119, 180, ' + opacity.toFixed(3) + ')' };
              });
              new Chart(document.getElementById('chart-grid-curves'), {
                type: 'line',
                data: { datasets: lines },
                options: { responsive: true, maintainAspectRatio: false,
                  scales: { x: epochs, y: { title: { display: true, text: 'test p@k' } } },
                  plugins: { legend: { display: lines.length <= 12 },
                    title: { display: true, text: 'Grid-search test p@k curves (' + lines.length + ' grid points, best darkest)' } } }
              });
            })();
            """;
}
