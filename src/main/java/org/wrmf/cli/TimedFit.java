package org.wrmf.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.wrmf.als.AlsParams;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.PackedFactors;
import org.wrmf.als.Rating;
import org.wrmf.ml.FitHook;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.ml.Wrmf;
import org.wrmf.report.Manifest;

/**
 * One fit through the library's training path ({@link Wrmf#fitIndexed}) with its parts timed for the
 * manifest, so that the fit alone can be compared with other engines' fits: under {@code timings},
 * {@code <stage>_blocks} (the rating blocks built and the initial factors set, from {@code start}),
 * {@code <stage>_iterations}, {@code <stage>_final_solve} (the users solved exactly against the last items),
 * {@code <stage>_fit} (those three) and, when {@link #loss} is asked, {@code <stage>_loss} (the objective at
 * the written factors).
 */
final class TimedFit implements FitHook {
    private final Manifest manifest;
    private final String stage;
    private final long start;
    private final FitHook from;
    private final boolean objectivePerIteration;
    private final List<Double> iterationLosses = new ArrayList<>();
    private long part;

    /**
     * @param start                 when the fit began (before the likes were read for it)
     * @param from                  where the factors start (a refit's previous ones: its {@link FitHook#warmStart}
     *                              or {@link FitHook#packedWarmStart}), {@link FitHook#NONE} for the seeded
     *                              random factors
     * @param objectivePerIteration whether to compute the objective after each iteration (a pass over the likes
     *                              each, timed with the iterations; see {@link FitHook#iterated})
     */
    TimedFit(Manifest manifest, String stage, long start, FitHook from, boolean objectivePerIteration) {
        this.manifest = manifest;
        this.stage = stage;
        this.start = start;
        this.from = from;
        this.objectivePerIteration = objectivePerIteration;
    }

    /** From the seeded random factors, no objective per iteration. */
    TimedFit(Manifest manifest, String stage, long start) {
        this(manifest, stage, start, FitHook.NONE, false);
    }

    /** Trains {@code iterations} on {@code likes}, {@code label} naming it in the log and the Spark UI. */
    TrainedFactors fit(
            JavaRDD<Rating> likes,
            int numUsers,
            int numItems,
            AlsParams params,
            FitExecution execution,
            int iterations,
            String label) {
        return Wrmf.fitIndexed(likes, numUsers, numItems, params, execution, iterations, label, this);
    }

    /** The objective at the fit's model, timed as {@code <stage>_loss}. */
    double loss(TrainedFactors fit) {
        long begin = System.nanoTime();
        double loss = fit.loss();
        manifest.timing(stage + "_loss", begin);
        return loss;
    }

    /** The objective after each iteration when it was asked for (else empty). */
    List<Double> iterationLosses() {
        return List.copyOf(iterationLosses);
    }

    @Override
    public FactorModel warmStart() {
        return from.warmStart();
    }

    @Override
    public PackedFactors packedWarmStart() {
        return from.packedWarmStart();
    }

    @Override
    public boolean objectivePerIteration() {
        return objectivePerIteration;
    }

    @Override
    public void started() {
        manifest.timing(stage + "_blocks", start);
        part = System.nanoTime();
    }

    @Override
    public void iterated(int iteration, double objective) {
        if (objectivePerIteration) {
            iterationLosses.add(objective);
        }
    }

    @Override
    public void iterationsDone() {
        manifest.timing(stage + "_iterations", part);
        part = System.nanoTime();
    }

    @Override
    public void finalSolved() {
        manifest.timing(stage + "_final_solve", part);
        manifest.timingSum(stage + "_fit", stage + "_blocks", stage + "_iterations", stage + "_final_solve");
    }
}
