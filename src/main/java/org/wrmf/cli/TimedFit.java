package org.wrmf.cli;

import java.util.ArrayList;
import java.util.List;
import org.wrmf.als.AlsTrainer;
import org.wrmf.als.FactorModel;
import org.wrmf.report.Manifest;

/**
 * One fit of the engine with its parts timed for the manifest, so that the fit alone can be compared with
 * other engines' fits: under {@code timings}, {@code <stage>_blocks} (the rating blocks built and the
 * initial factors drawn, from {@code start}), {@code <stage>_iterations}, {@code <stage>_final_solve} (the
 * users solved exactly against the last items), {@code <stage>_fit} (those three) and
 * {@code <stage>_loss} (the objective at the written factors).
 */
final class TimedFit {
    private TimedFit() {}

    /**
     * The model and its objective; {@code iterationLosses} the objective after each iteration when they were
     * asked for (else empty).
     */
    record Fitted(FactorModel model, double loss, List<Double> iterationLosses) {}

    /** Where a fit's factors start: drawn at random ({@link #RANDOM}) or given (a refit's warm start). */
    @FunctionalInterface
    interface Start {
        void apply(AlsTrainer als);
    }

    /** The seeded random factors of {@link AlsTrainer#initialize()}. */
    static final Start RANDOM = AlsTrainer::initialize;

    /**
     * Initialises {@code als} (constructed since {@code start}) at random, runs {@code iterations} and solves
     * the final users, recording each part under {@code stage}.
     */
    static Fitted run(AlsTrainer als, long start, int iterations, Manifest manifest, String stage) {
        return run(als, start, RANDOM, iterations, false, manifest, stage);
    }

    /**
     * Starts {@code als} (constructed since {@code start}) with {@code from}, runs {@code iterations} and solves
     * the final users, recording each part under {@code stage}. With {@code lossPerIteration} the objective
     * at the model is computed after each iteration (each costs a user solve and a pass over the likes,
     * timed with the iterations).
     */
    static Fitted run(
            AlsTrainer als,
            long start,
            Start from,
            int iterations,
            boolean lossPerIteration,
            Manifest manifest,
            String stage) {
        from.apply(als);
        manifest.timing(stage + "_blocks", start);
        long part = System.nanoTime();
        List<Double> losses = new ArrayList<>();
        if (lossPerIteration) {
            for (int i = 0; i < iterations; i++) {
                als.iterate(1);
                losses.add(als.loss());
            }
        } else {
            als.iterate(iterations);
        }
        manifest.timing(stage + "_iterations", part);
        part = System.nanoTime();
        FactorModel model = als.model();
        manifest.timing(stage + "_final_solve", part);
        manifest.timingSum(stage + "_fit", stage + "_blocks", stage + "_iterations", stage + "_final_solve");
        part = System.nanoTime();
        double loss = als.loss();
        manifest.timing(stage + "_loss", part);
        return new Fitted(model, loss, losses);
    }
}
