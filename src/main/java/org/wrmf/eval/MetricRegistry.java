package org.wrmf.eval;

import java.util.List;

/**
 * Every metric a model is scored on, in the order of the curves' columns. A new metric is a
 * {@link MetricAccumulator} listed here: the evaluators, the curves table, the grid's resume store, the
 * grid's {@code metric} setting and the report take their columns from this list.
 */
public final class MetricRegistry {
    private MetricRegistry() {}

    /** Makes an empty accumulator for a cut-off k over a catalogue of numItems items. */
    @FunctionalInterface
    public interface Factory {
        MetricAccumulator create(int k, int numItems);
    }

    /**
     * @param name           the curves' column and the value of the grid's {@code metric} setting
     * @param higherIsBetter false for the errors, which the grid minimises
     */
    public record Definition(String name, boolean higherIsBetter, Factory factory) {}

    public static final List<Definition> ALL = List.of(
            new Definition(NotebookPrecisionAtK.TRAIN, true, (k, items) -> NotebookPrecisionAtK.train(k)),
            new Definition(NotebookPrecisionAtK.TEST, true, (k, items) -> NotebookPrecisionAtK.test(k)),
            new Definition(FullRowMse.TRAIN, false, (k, items) -> FullRowMse.train(items)),
            new Definition(FullRowMse.TEST, false, (k, items) -> FullRowMse.test(items)),
            new Definition(PrecisionAtK.NAME, true, (k, items) -> new PrecisionAtK(k)),
            new Definition(RecallAtK.NAME, true, (k, items) -> new RecallAtK(k)),
            new Definition(Ndcg.NAME, true, (k, items) -> new Ndcg(k)),
            new Definition(AveragePrecision.NAME, true, (k, items) -> new AveragePrecision(k)),
            new Definition(Auc.NAME, true, (k, items) -> new Auc()));

    /** The definition of a metric by name; IllegalArgumentException naming the known ones otherwise. */
    public static Definition get(String name) {
        for (Definition definition : ALL) {
            if (definition.name().equals(name)) {
                return definition;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "', expected one of " + Metrics.NAMES);
    }
}
