package org.wrmf.cli;

import org.wrmf.als.FactorModel;
import org.wrmf.als.ImplicitAls;
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

    /** The model and its objective. */
    record Fitted(FactorModel model, double loss) {}

    /**
     * Initialises {@code als} (constructed since {@code start}), runs {@code iterations} and solves the
     * final users, recording each part under {@code stage}.
     */
    static Fitted run(ImplicitAls als, long start, int iterations, Manifest manifest, String stage) {
        als.initialize();
        manifest.timing(stage + "_blocks", start);
        long part = System.nanoTime();
        als.iterate(iterations);
        manifest.timing(stage + "_iterations", part);
        part = System.nanoTime();
        FactorModel model = als.model();
        manifest.timing(stage + "_final_solve", part);
        manifest.timingSum(stage + "_fit", stage + "_blocks", stage + "_iterations", stage + "_final_solve");
        part = System.nanoTime();
        double loss = als.loss();
        manifest.timing(stage + "_loss", part);
        return new Fitted(model, loss);
    }
}
