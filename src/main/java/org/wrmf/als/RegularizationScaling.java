package org.wrmf.als;

/**
 * How a row's lambda grows with the row (DESIGN, "The model family"): only the {@code lambda I} term of
 * the row's normal equations changes, {@code A_u = G + sum (c - 1) y y^T + lambda_u I}. nu is
 * {@link Objective#regularizationExponent()}.
 */
public enum RegularizationScaling {
    /** lambda_u = lambda: the notebook's. */
    CONSTANT,
    /**
     * lambda_u = lambda * n_u^nu, n_u = the row's number of likes; nu = 1 is Spark MLlib's ALS-WR. MLlib's
     * implicit ALS counts only ratings &gt; 0 (a rating &lt;= 0 is no preference there); the data stage
     * passes only positive weights, so on the job's data both count the same likes.
     */
    COUNT,
    /**
     * lambda_u = lambda * (sum over all columns of c_ui)^nu = lambda * (n_columns - n_u + sum over liked
     * c_ui)^nu: Rendle et al. (2022)'s frequency scaling, written for c = 1 + alpha w (every unobserved
     * cell has c = 1).
     */
    FREQUENCY;

    /** The word the settings and the manifest use: {@code constant}, {@code count}, {@code frequency}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The row's lambda.
     *
     * @param lambda        the base lambda of the side
     * @param exponent      nu
     * @param likes         n_u, the row's number of (distinct) likes
     * @param confidenceSum sum of c over the row's likes
     * @param columns       the other side's size (all items for a user row)
     */
    public double scale(double lambda, double exponent, int likes, double confidenceSum, int columns) {
        return switch (this) {
            case CONSTANT -> lambda;
            case COUNT -> lambda * Math.pow(likes, exponent);
            case FREQUENCY -> lambda * Math.pow((double) columns - likes + confidenceSum, exponent);
        };
    }
}
