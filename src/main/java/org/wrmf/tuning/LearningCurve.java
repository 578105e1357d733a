package org.wrmf.tuning;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FoldIn;
import org.wrmf.als.ImplicitAls;
import org.wrmf.als.Loss;
import org.wrmf.als.Rating;
import org.wrmf.eval.Evaluator;
import org.wrmf.eval.Metrics;

/**
 * One grid point's learning curve, as the notebook's {@code learning_curve}: a single training that goes on
 * from checkpoint to checkpoint (iterate(epoch - previous epoch)), the model scored at each (the
 * consistent model of {@link ImplicitAls#model()}, as the final model is written) with the objective at the
 * training state ({@link ImplicitAls#trainingStateLossParts()}, as a fit's iteration losses), and the
 * notebook's table logged at the end. With held-out users (strong generalization) they are folded in against
 * each checkpoint's item factors before it is scored. Spark jobs are labelled "grid 17/180 epoch 12" for the UI.
 */
final class LearningCurve {
    private static final Logger LOG = LoggerFactory.getLogger(LearningCurve.class);

    private LearningCurve() {}

    /**
     * What every curve of a grid trains on and is scored with: the training likes and the matrix's
     * dimensions, the evaluator, and the held-out users' fold-in likes (null for the notebook's protocol).
     */
    record CurveData(JavaRDD<Rating> train, int numUsers, int numItems, Evaluator evaluator, JavaRDD<Rating> foldIn) {}

    static List<CurveRow> run(CurveData data, AlsParams params, GridPoint point, int[] epochs, String label) {
        JavaRDD<Rating> train = data.train();
        Evaluator evaluator = data.evaluator();
        JavaRDD<Rating> foldIn = data.foldIn();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.context());
        List<CurveRow> rows = new ArrayList<>(epochs.length);
        try (JobGroup jobs = JobGroup.open(jsc, label, "blocks");
                ImplicitAls als = new ImplicitAls(train, data.numUsers(), data.numItems(), params)) {
            jobs.describe("initialise");
            als.initialize();
            int done = 0;
            for (int epoch : epochs) {
                jobs.describe("epoch " + epoch);
                long start = System.nanoTime();
                als.iterate(epoch - done);
                done = epoch;
                long trained = System.nanoTime();
                jobs.describe("epoch " + epoch + " evaluate");
                Metrics metrics = evaluator.evaluate(
                        foldIn == null ? als.model() : foldedIn(als.model(), foldIn, params, als.bm25()));
                Loss loss = als.trainingStateLossParts();
                long evaluated = System.nanoTime();
                rows.add(new CurveRow(
                        point, epoch, metrics, (trained - start) / 1e9, (evaluated - trained) / 1e9, loss));
            }
        }
        log(label, point, rows);
        return rows;
    }

    /**
     * The model's items with, as users, the held-out users folded in against them from their fold-in likes
     * (under BM25 weighted with the training's statistics, as a trained user's are).
     */
    private static FactorModel foldedIn(
            FactorModel model, JavaRDD<Rating> foldIn, AlsParams params, Bm25.Statistics bm25) {
        JavaPairRDD<Integer, double[]> users = FoldIn.solve(
                foldIn,
                FoldIn.FixedFactors.of(model.items(), model.rank()),
                params,
                bm25,
                params.solver().blocks());
        return new FactorModel(model.rank(), users, model.items());
    }

    /** The notebook's grid-search log: the point's parameters, then its table. */
    static void log(String label, GridPoint point, List<CurveRow> rows) {
        LOG.info("{}: {}\n{}", label, point.describe(), NotebookTable.of(rows));
    }
}
