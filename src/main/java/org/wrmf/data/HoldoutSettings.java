package org.wrmf.data;

import org.wrmf.cli.WrmfConfig;

/** How many likes of how many users move to the test set, and the seed of that choice. */
public record HoldoutSettings(boolean enabled, int perUser, double userFraction, long seed) {
    public static HoldoutSettings from(WrmfConfig config) {
        return new HoldoutSettings(config.bool("wrmf.holdout.enabled"),
                config.intAtLeast("wrmf.holdout.per-user", 1),
                config.doubleIn("wrmf.holdout.user-fraction", 0.0, 1.0),
                config.longValue("wrmf.holdout.seed"));
    }
}
