/**
 * Evaluation: the notebook's p@k and MSE and the ranking metrics, as small accumulators merged per partition,
 * computed in one pass over each evaluated user's blocked ranking.
 *
 * <p>May use: als, rank, linalg, common.
 */
package org.wrmf.eval;
