/**
 * The grid search: grid points, learning curves (training continued from checkpoint to checkpoint), the
 * curves table, and the resume store of finished points. Points run as distributed jobs or each
 * inside one task.
 *
 * <p>May use: eval, io, als, rank, linalg, common.
 */
package org.wrmf.tuning;
