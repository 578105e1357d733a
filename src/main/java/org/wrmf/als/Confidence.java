package org.wrmf.als;

/** How an observed weight d_ui becomes a confidence c_ui (Hu, Koren and Volinsky 2008, section 4). */
public enum Confidence {
    /** c = 1 + alpha * d: the seed analysis' choice. */
    LINEAR,
    /** c = 1 + alpha * log(1 + d / epsilon): the paper's alternative, damping heavy users of an item. */
    LOG;

    /** The confidence of an observed weight ({@code >= 1} for {@code d >= 0}); LINEAR ignores epsilon. */
    public double apply(double alpha, double epsilon, double weight) {
        return this == LINEAR
                ? 1 + alpha * weight
                : 1 + alpha * Math.log1p(weight / epsilon);
    }
}
