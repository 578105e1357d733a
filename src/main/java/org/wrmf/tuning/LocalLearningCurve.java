package org.wrmf.tuning;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.FoldIn;
import org.wrmf.als.LocalImplicitAls;
import org.wrmf.als.Loss;
import org.wrmf.eval.LocalEvaluation;
import org.wrmf.eval.Metrics;
import org.wrmf.eval.TrainTestLikes;
import org.wrmf.linalg.Gram;
import org.wrmf.rank.CandidateBlock;
import scala.Tuple2;

/**
 * One grid point's learning curve inside a single task: {@link LocalImplicitAls} trained from checkpoint
 * to checkpoint (held-out users, if any, folded in against its items), each checkpoint scored by
 * {@link LocalEvaluation} against all items, with the same metric definitions as the distributed path: the
 * evaluated users' consistent factors scored, the objective taken at the training state.
 */
final class LocalLearningCurve {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLearningCurve.class);

    private LocalLearningCurve() {}

    static List<CurveRow> run(LocalProblem problem, AlsParams params, GridPoint point, int[] epochs, int k) {
        LocalImplicitAls als = new LocalImplicitAls(problem.byUser, problem.byItem, params);
        int rank = params.factors();
        List<CurveRow> rows = new ArrayList<>(epochs.length);
        int done = 0;
        for (int epoch : epochs) {
            long start = System.nanoTime();
            als.iterate(epoch - done);
            done = epoch;
            long trained = System.nanoTime();
            double[] users = consistentScoredUsers(problem, als, rank); // as the distributed path scores
            long finished = System.nanoTime();
            Metrics metrics = evaluate(
                    problem, usersToScore(problem, users, als.items(), params, als.bm25()), als.items(), rank, k);
            long scored = System.nanoTime();
            Loss loss = als.loss(als.users()); // the training state's, as the distributed path's
            long evaluated = System.nanoTime();
            rows.add(new CurveRow(point, epoch, metrics, (trained - start) / 1e9, (evaluated - trained) / 1e9, loss));
            // a large point runs for minutes inside its task: its executor's log shows it moving, and
            // where a checkpoint's evaluation goes (the final user solve, the rankings, the loss)
            LOG.info(
                    "{} epoch {}: trained {} s, evaluated {} s (users solved against the items {} s, scored {} s,"
                            + " loss {} s)",
                    point.describe(),
                    epoch,
                    seconds(trained - start),
                    seconds(evaluated - trained),
                    seconds(finished - trained),
                    seconds(scored - finished),
                    seconds(evaluated - scored));
        }
        return rows;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    /**
     * The users' factors to score: the training state's, with the evaluated users' replaced by the
     * consistent model's (solved once more against the checkpoint's items, as {@code finishedUsers()}
     * solves every user); the others are not scored, so not solved. With held-out users, whose factors
     * come from their fold-in instead, nothing is solved.
     */
    private static double[] consistentScoredUsers(LocalProblem problem, LocalImplicitAls als, int rank) {
        double[] users = als.users().clone();
        if (problem.foldIn != null) {
            return users;
        }
        int[] rows = new int[problem.evaluated.size()];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = problem.evaluated.get(j)._1();
        }
        double[] solved = als.finishedUsers(rows);
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(solved, j * rank, users, rows[j] * rank, rank);
        }
        return users;
    }

    /**
     * The trained users' factors; with held-out users, those users' factors folded in against the
     * checkpoint's items from their fold-in likes (packed by user index like the trained ones); under BM25
     * weighted with the training's statistics.
     */
    private static double[] usersToScore(
            LocalProblem problem, double[] trained, double[] items, AlsParams params, Bm25.Statistics bm25) {
        if (problem.foldIn == null) {
            return trained;
        }
        int rank = params.factors();
        double[] users = trained.clone();
        for (Tuple2<Integer, double[]> user : FoldIn.solveLocal(
                problem.foldIn, FoldIn.FixedFactors.of(items, problem.numItems, rank), params, bm25)) {
            System.arraycopy(user._2(), 0, users, user._1() * rank, rank);
        }
        return users;
    }

    private static Metrics evaluate(LocalProblem problem, double[] users, double[] items, int rank, int k) {
        CandidateBlock candidates = CandidateBlock.ofDense(items, problem.numItems, rank);
        double[] gram = Gram.ofPacked(items, problem.numItems, rank);
        List<Tuple2<Integer, Tuple2<double[], TrainTestLikes>>> evaluated = new ArrayList<>(problem.evaluated.size());
        for (Tuple2<Integer, TrainTestLikes> user : problem.evaluated) {
            double[] x = java.util.Arrays.copyOfRange(users, user._1() * rank, (user._1() + 1) * rank);
            evaluated.add(new Tuple2<>(user._1(), new Tuple2<>(x, user._2())));
        }
        return LocalEvaluation.score(evaluated, candidates, gram, k, problem.numItems)
                .toMetrics();
    }
}
