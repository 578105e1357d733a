package org.wrmf.als;

import java.io.Serializable;

/**
 * What training minimises, apart from how it is solved ({@link SolverSettings}): the rank, the two
 * sides' lambdas with the way a row's lambda scales, and the confidence form with its parameters. Grid
 * points, the final model, fold-in and explain all carry one; the manifest records it under
 * {@code best}, {@code final} and {@code als}. The job's defaults are in {@code conf/application.conf};
 * this record has none.
 *
 * <p>Regularization: with {@link RegularizationScaling#CONSTANT} (the original analysis') the objective
 * adds {@code regularizationUsers * ||X||^2 + regularizationItems * ||Y||^2}, so every row's normal
 * equations get {@code + lambda I}. That is NOT Spark MLlib's convention, which multiplies lambda by the
 * number of ratings of each row ("weighted-lambda", {@link RegularizationScaling#COUNT} with exponent 1);
 * in general row u's term is {@code lambda_u ||x_u||^2} with lambda_u from {@link #rowLambda}.
 *
 * @param factors rank k of the factorisation, {@code >= 1}
 * @param regularizationUsers lambda of the user factors, finite and {@code >= 0}
 * @param regularizationItems lambda of the item factors, likewise
 * @param regularizationScaling how a row's lambda grows with the row
 * @param regularizationExponent nu of COUNT and FREQUENCY scaling, finite (ignored by CONSTANT)
 * @param confidence the confidence form and its parameters (alpha among them)
 */
public record Objective(
        int factors,
        double regularizationUsers,
        double regularizationItems,
        RegularizationScaling regularizationScaling,
        double regularizationExponent,
        Confidence confidence)
        implements Serializable {

    public Objective {
        require(factors >= 1, "factors must be >= 1, got " + factors);
        require(
                regularizationUsers >= 0 && Double.isFinite(regularizationUsers),
                "regularizationUsers must be finite and >= 0, got " + regularizationUsers);
        require(
                regularizationItems >= 0 && Double.isFinite(regularizationItems),
                "regularizationItems must be finite and >= 0, got " + regularizationItems);
        require(regularizationScaling != null, "regularizationScaling must be set (CONSTANT, COUNT or FREQUENCY)");
        require(
                Double.isFinite(regularizationExponent),
                "regularizationExponent must be finite, got " + regularizationExponent);
        require(confidence != null, "confidence must be set");
    }

    /** The confidence's alpha. */
    public double alpha() {
        return confidence.alpha();
    }

    /** The confidence c_ui of an observed weight d_ui. */
    public double confidence(double weight) {
        return confidence.apply(weight);
    }

    /** Whether the likes are BM25-weighted before training (and so fold-in and explain need the statistics). */
    public boolean bm25() {
        return confidence instanceof Confidence.Bm25Weighted;
    }

    /**
     * Row lambda_u of a row with {@code likes} likes whose confidences sum to {@code confidenceSum}, the
     * other side having {@code columns} indices: the side's lambda scaled by {@link #regularizationScaling()}.
     */
    public double rowLambda(double sideLambda, int likes, double confidenceSum, int columns) {
        return regularizationScaling.scale(sideLambda, regularizationExponent, likes, confidenceSum, columns);
    }

    public Objective withFactors(int value) {
        return new Objective(
                value,
                regularizationUsers,
                regularizationItems,
                regularizationScaling,
                regularizationExponent,
                confidence);
    }

    /** The same lambda for users and items. */
    public Objective withRegularization(double lambda) {
        return new Objective(factors, lambda, lambda, regularizationScaling, regularizationExponent, confidence);
    }

    public Objective withRegularizationScaling(RegularizationScaling scaling, double exponent) {
        return new Objective(factors, regularizationUsers, regularizationItems, scaling, exponent, confidence);
    }

    public Objective withAlpha(double alpha) {
        return new Objective(
                factors,
                regularizationUsers,
                regularizationItems,
                regularizationScaling,
                regularizationExponent,
                confidence.withAlpha(alpha));
    }

    public Objective withConfidence(Confidence value) {
        return new Objective(
                factors,
                regularizationUsers,
                regularizationItems,
                regularizationScaling,
                regularizationExponent,
                value);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
