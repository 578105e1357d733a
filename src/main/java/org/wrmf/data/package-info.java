/**
 * The data half: load (PSV, CSV, TSV, Parquet; malformed rows set aside with their reason), deduplicate,
 * threshold (k-core), index and the per-user holdout, as distributed transformations; synthetic likes.
 * {@link org.wrmf.data.Preparation} runs them and returns a {@link org.wrmf.data.PrepareReport}.
 *
 * <p>May use: io, als, linalg, common.
 */
package org.wrmf.data;
