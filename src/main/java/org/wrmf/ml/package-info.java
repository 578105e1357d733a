/**
 * The public Spark ML API: {@link org.wrmf.ml.Wrmf}, an {@code Estimator} that trains the engine on a
 * DataFrame of likes with ids of any type (int, long or string), its {@link org.wrmf.ml.WrmfModel}
 * (predictions, top-k recommendations, similar items, fold-in of new users, explanations; saved in the
 * layout Spark's {@code ALSModel.load} reads), and {@link org.wrmf.ml.RankingMetricsEvaluator}, which
 * scores recommendations with the project's ranking metrics inside a {@code TrainValidationSplit}.
 *
 * <p>The defaults of these params follow Spark MLlib's ALS where MLlib has the param (rank 10, maxIter 10,
 * regParam 0.1, alpha 1.0); the job's settings ({@code conf/application.conf}) follow the original
 * analysis instead. Regularization is the engine's constant lambda, not MLlib's lambda times each row's
 * number of ratings, unless {@code regularizationScaling} is {@code count}.
 *
 * <p>May use: als, io, rank, eval, data, linalg, common. Only the command line (and the benchmarks) may
 * use it.
 */
package org.wrmf.ml;
