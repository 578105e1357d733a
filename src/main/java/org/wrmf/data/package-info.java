/**
 * The data half: load (PSV, CSV, TSV, Parquet; malformed rows set aside with their reason), deduplicate,
 * threshold (k-core), index and the holdout (per user at random, by time, the latest per user, or a given
 * test set), as distributed transformations, with each like's time when the input has one; synthetic likes,
 * over days when asked.
 * {@link org.wrmf.data.Preparation} runs them and returns a {@link org.wrmf.data.PrepareReport}.
 *
 * <p>May use: io, als, linalg, common.
 */
package org.wrmf.data;
