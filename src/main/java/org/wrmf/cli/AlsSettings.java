package org.wrmf.cli;

import java.util.Locale;
import org.wrmf.als.AlsParams;
import org.wrmf.report.RunManifest;

/** The {@code wrmf.als.*} settings ({@link Settings#als}): the engine's parameters and the number of iterations. */
public record AlsSettings(AlsParams params, int iterations) {

    /** The parameters as the manifest records them under {@code als}. */
    public RunManifest.Als report() {
        return new RunManifest.Als(
                params.factors(),
                params.regUsers(),
                params.regItems(),
                params.alpha(),
                params.confidence().name().toLowerCase(Locale.ROOT),
                params.epsilon(),
                params.solver().name().toLowerCase(Locale.ROOT),
                params.cgSteps(),
                params.blockSize(),
                params.blockSweeps(),
                params.finalSolve().name().toLowerCase(Locale.ROOT),
                params.blocks(),
                params.seed(),
                params.checkpointInterval(),
                iterations);
    }
}
