/**
 * Benchmarks that print figures (never timed assertions): the data half's stage timings, our ALS
 * against Spark MLlib's, the notebook's grid. They take typed settings from the command line.
 *
 * <p>May use: report, tuning, eval, io, data, als, rank, linalg, common.
 */
package org.wrmf.bench;
