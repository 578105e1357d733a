/**
 * Outputs: a run's claim on its output folder (usable path, lock, one run per folder), the staged write
 * (a target appears complete or not at all), factors and id mappings as Parquet, the layout Spark ML's
 * ALSModel reads, similar items and recommendations.
 *
 * <p>May use: als, rank, linalg, common.
 */
package org.wrmf.io;
