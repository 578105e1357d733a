/**
 * The numeric core, without Spark: the Gram matrix, Cholesky with the vanishing ridge for lambda = 0, the
 * SIMD products, double-to-float narrowing, and which BLAS runs.
 *
 * <p>May use: nothing else of this project.
 */
package org.wrmf.linalg;
