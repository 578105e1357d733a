package org.wrmf.als;

import java.io.Serializable;

/**
 * The training objective (DESIGN, "The math") split into three parts that sum to it:
 * <ul>
 *   <li>{@code observed}: sum over the liked cells of c_ui (1 - x_u.y_i)^2, the weighted error on the likes;</li>
 *   <li>{@code unobserved}: sum over the not-liked cells of (x_u.y_i)^2 (c = 1, p = 0), computed as
 *   x_u^T G x_u - sum over the liked cells of (x_u.y_i)^2, without the dense matrix;</li>
 *   <li>{@code regularization}: sum_u lambda_u ||x_u||^2 + sum_i lambda_i ||y_i||^2 (row lambdas as trained).</li>
 * </ul>
 * A run whose unobserved part collapses while the observed one stays large is over-regularized; one
 * whose observed part tends to 0 with a growing unobserved part has too large an alpha.
 */
public record Loss(double observed, double unobserved, double regularization) implements Serializable {

    public static final Loss ZERO = new Loss(0, 0, 0);

    public double total() {
        return observed + unobserved + regularization;
    }

    public Loss plus(Loss other) {
        return new Loss(
                observed + other.observed, unobserved + other.unobserved, regularization + other.regularization);
    }

    public boolean isFinite() {
        return Double.isFinite(observed) && Double.isFinite(unobserved) && Double.isFinite(regularization);
    }
}
