/**
 * The engine: block-partitioned implicit ALS on RDDs (in-blocks, out-blocks, factor messages), the per-row
 * kernel, the single-task trainer for small problems, and {@code explain}; the model description the
 * engine trains by ({@link org.wrmf.als.AlsParams}: an {@link org.wrmf.als.Objective} and its
 * {@link org.wrmf.als.SolverSettings}). RDDs only: no configuration, no
 * Spark SQL, no outputs (it deletes only its own checkpoints).
 *
 * <p>May use: linalg, common.
 */
package org.wrmf.als;
