/**
 * Blocked top-k: queries against candidates as one matrix product per block pair, bounded heaps, exclusions
 * skipped rather than filtered (a user's likes, and the business rules' excluded pairs and items:
 * {@link org.wrmf.rank.ItemRules}), and the AUC pair counts of the same pass; the popularity bias of a set of
 * top-k lists ({@link org.wrmf.rank.Popularity}: coverage and Gini, the one class here on Spark SQL, as the
 * lists are written as tables).
 *
 * <p>May use: linalg, common.
 */
package org.wrmf.rank;
