package org.wrmf.ml;

import org.wrmf.als.AlsTrainer;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;

/**
 * Internal to the job (not the library's API): a finished fit of {@link Wrmf#fitIndexed}, its engine still
 * open. The model is a view over the engine's cached blocks: use it (write, evaluate, collect or persist
 * it) before {@link #close()}, which releases them.
 */
public final class TrainedFactors implements AutoCloseable {
    private final AlsTrainer engine;
    private final FactorModel model;

    TrainedFactors(AlsTrainer engine, FactorModel model) {
        this.engine = engine;
        this.model = model;
    }

    /** The factors, by dense index; the users solved once more against the final items. */
    public FactorModel model() {
        return model;
    }

    /** The statistics the likes were weighted with under the bm25 confidence, else null. */
    public Bm25.Statistics bm25() {
        return engine.bm25();
    }

    /** The objective at the model's factors (a pass over the likes). */
    public double loss() {
        return engine.loss();
    }

    /** Where the fit ran: local (in one JVM) or distributed. */
    public FitExecution execution() {
        return engine.execution();
    }

    @Override
    public void close() {
        engine.close();
    }
}
