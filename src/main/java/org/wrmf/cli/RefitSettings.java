package org.wrmf.cli;

import java.util.List;
import org.wrmf.als.AlsParams;

/**
 * The {@code wrmf.refit.*} settings ({@link SettingsReader#refit}).
 *
 * @param from        the previous finished run's folder ({@code wrmf.refit.from})
 * @param mode        what the input holds: every current like, or only new ones
 * @param iterations  iterations from the previous factors ({@code wrmf.refit.iterations})
 * @param compareFull also train from scratch and report both ({@code wrmf.refit.compare-full})
 */
public record RefitSettings(String from, Mode mode, int iterations, boolean compareFull) {

    /** {@code wrmf.refit.mode}. */
    public enum Mode {
        /** The input is the whole current set of likes. */
        SNAPSHOT,
        /** The input holds only new likes, added to the previous run's prepared likes. */
        DELTA;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The objective a refit trains with: the previous run's, each part replaced where its {@code als.*}
     * keys were set ({@code overridden}, the keys as given), with the solver settings of {@code als.*}.
     */
    public record RefitObjective(AlsParams params, List<String> overridden) {}
}
