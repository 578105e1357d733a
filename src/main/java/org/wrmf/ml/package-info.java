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
 * <p>It is also the job's one path from likes to a model: {@link org.wrmf.ml.Wrmf#fit} checks, merges and
 * numbers the likes, then calls {@link org.wrmf.ml.Wrmf#fitIndexed}, which the training commands (and the
 * benchmarks) call on likes they prepared themselves, with a {@link org.wrmf.ml.FitHook} for their timings,
 * warm starts and objective per iteration; the engine is made in that one place. Those two types and
 * {@link org.wrmf.ml.TrainedFactors} are internal to the job, not the library's API. (The grid's learning
 * curves train their own engines: they score the model between iterations.)
 *
 * <p>May use: als, io, rank, eval, data, linalg, common. Only the command line (and the benchmarks) may
 * use it.
 */
package org.wrmf.ml;
