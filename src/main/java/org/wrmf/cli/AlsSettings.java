package org.wrmf.cli;

import org.wrmf.als.AlsParams;
import org.wrmf.als.FitExecution;
import org.wrmf.report.RunManifest;

/** The {@code wrmf.als.*} settings ({@link SettingsReader#als}): the engine's parameters and the number of iterations. */
public record AlsSettings(AlsParams params, int iterations, FitExecution execution) {

    /** The parameters as the manifest records them under {@code als}. */
    public RunManifest.Als report() {
        return RunManifest.Als.of(params, iterations);
    }
}
