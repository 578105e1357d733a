/**
 * The run's record and its rendering: the manifest as typed records ({@link org.wrmf.report.RunManifest})
 * written and read by one Jackson mapper, a finished run opened as an object
 * ({@link org.wrmf.report.FinishedRun}: its manifest, model, objective and BM25 statistics), and the HTML
 * and Markdown report rendered from a finished run's outputs.
 *
 * <p>May use: tuning, eval, io, data, als, rank, linalg, common.
 */
package org.wrmf.report;
