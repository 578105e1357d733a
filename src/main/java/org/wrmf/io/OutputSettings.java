package org.wrmf.io;

import org.wrmf.cli.WrmfConfig;
import org.wrmf.report.Report;

/**
 * What the final model writes, and where.
 *
 * @param path             the run's output folder ({@code factors/}, {@code model/}, ... go under it)
 * @param overwrite        {@code wrmf.output.overwrite}: replace outputs that already exist
 * @param topN             {@code wrmf.output.top-n}: recommendations per user; 0 writes none
 * @param similarItems     {@code wrmf.output.similar-items}: similar items per item; 0 writes none
 * @param blocks           {@code wrmf.output.blocks}: query and candidate blocks of the top-k pass
 *                         (blocks x blocks scoring tasks)
 * @param itemLink         {@code wrmf.report.item-link}: the report's link per item, {@code {id}} for
 *                         the original id; empty for none
 * @param reportExamples   {@code wrmf.report.examples}: items shown with their neighbours
 * @param reportNeighbours {@code wrmf.report.neighbours}: neighbours shown per example
 */
public record OutputSettings(String path, boolean overwrite, int topN, int similarItems, int blocks,
                             String itemLink, int reportExamples, int reportNeighbours) {

    public OutputSettings {
        require(path != null && !path.isBlank(), "the output path must be set");
        require(topN >= 0, "wrmf.output.top-n must be >= 0, got " + topN);
        require(similarItems >= 0, "wrmf.output.similar-items must be >= 0, got " + similarItems);
        require(blocks >= 1, "wrmf.output.blocks must be >= 1, got " + blocks);
        require(reportExamples >= 0, "wrmf.report.examples must be >= 0, got " + reportExamples);
        require(reportNeighbours >= 1, "wrmf.report.neighbours must be >= 1, got " + reportNeighbours);
        itemLink = itemLink == null ? "" : itemLink;
    }

    /** The {@code wrmf.output.*} and {@code wrmf.report.*} settings, validated. */
    public static OutputSettings from(WrmfConfig config) {
        return new OutputSettings(config.string("wrmf.output.path"), config.bool("wrmf.output.overwrite"),
                config.intAtLeast("wrmf.output.top-n", 0), config.intAtLeast("wrmf.output.similar-items", 0),
                config.intAtLeast("wrmf.output.blocks", 1), config.string("wrmf.report.item-link").trim(),
                config.intAtLeast("wrmf.report.examples", 0), config.intAtLeast("wrmf.report.neighbours", 1));
    }

    /** Top 10 of each, 4 blocks, Sketchfab links, 6 examples of 5 neighbours, no overwrite. */
    public static OutputSettings defaults(String path) {
        return new OutputSettings(path, false, 10, 10, 4, Report.DEFAULT_ITEM_LINK, 6, 5);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
