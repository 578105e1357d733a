/**
 * Blocked top-k: queries against candidates as one matrix product per block pair, bounded heaps, exclusions
 * skipped rather than filtered, and the AUC pair counts of the same pass.
 *
 * <p>May use: linalg, common.
 */
package org.wrmf.rank;
