package org.wrmf.io;

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
public record OutputSettings(
        String path,
        boolean overwrite,
        int topN,
        int similarItems,
        int blocks,
        String itemLink,
        int reportExamples,
        int reportNeighbours) {

    public OutputSettings {
        require(path != null && !path.isBlank(), "the output path must be set");
        require(topN >= 0, "topN must be >= 0, got " + topN);
        require(similarItems >= 0, "similarItems must be >= 0, got " + similarItems);
        require(blocks >= 1, "blocks must be >= 1, got " + blocks);
        require(reportExamples >= 0, "reportExamples must be >= 0, got " + reportExamples);
        require(reportNeighbours >= 1, "reportNeighbours must be >= 1, got " + reportNeighbours);
        itemLink = itemLink == null ? "" : itemLink;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
