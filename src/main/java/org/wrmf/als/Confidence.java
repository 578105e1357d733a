package org.wrmf.als;

/** How an observed weight d_ui becomes a confidence c_ui (Hu, Koren and Volinsky 2008, section 4). */
public enum Confidence {
    /** c = 1 + alpha * d: the original analysis' choice. */
    LINEAR,
    /** c = 1 + alpha * log(1 + d / epsilon): the paper's alternative, damping heavy users of an item. */
    LOG,
    /**
     * c = 1 + alpha * w with w the BM25 weight of the like ({@link Bm25}): the engines reweigh the likes
     * before training, so here the weight is already w.
     */
    BM25;

    /** The confidence of an observed weight ({@code >= 1} for {@code d >= 0}); LINEAR and BM25 ignore epsilon. */
    public double apply(double alpha, double epsilon, double weight) {
        return this == LOG ? 1 + alpha * Math.log1p(weight / epsilon) : 1 + alpha * weight;
    }
}
