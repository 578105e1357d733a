package org.wrmf.data;

/** How many likes of how many users move to the test set, and the seed of that choice. */
public record HoldoutSettings(boolean enabled, int perUser, double userFraction, long seed) {
}
