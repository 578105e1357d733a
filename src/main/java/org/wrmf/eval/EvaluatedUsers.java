package org.wrmf.eval;

import java.io.Serializable;

/**
 * Which users a model is scored on: the holdout's users (the notebook's), every user, or a seeded sample of
 * the holdout's users. A sample keeps a user when a hash of (seed, user id) falls below the fraction, so
 * it is the same users at every checkpoint, in every grid point and however the data is partitioned.
 *
 * @param fraction the share of the holdout's users a sample keeps (1 otherwise)
 * @param seed     the sample's seed (0 otherwise)
 */
public record EvaluatedUsers(Kind kind, double fraction, long seed) implements Serializable {
    public enum Kind {
        HOLDOUT,
        ALL,
        SAMPLE
    }

    /** The users that have held-out likes, as the notebook does (its {@code user_index}). */
    public static final EvaluatedUsers HOLDOUT = new EvaluatedUsers(Kind.HOLDOUT, 1, 0);
    /** Every user with a training or a held-out like. */
    public static final EvaluatedUsers ALL = new EvaluatedUsers(Kind.ALL, 1, 0);

    public EvaluatedUsers {
        if (kind == null || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                    "a kind and a fraction in (0, 1] are required, got " + kind + " " + fraction);
        }
    }

    /** A seeded share of the holdout's users: at scale, the notebook's metric ranks every item for each of them. */
    public static EvaluatedUsers sample(double fraction, long seed) {
        return new EvaluatedUsers(Kind.SAMPLE, fraction, seed);
    }

    /** Whether this user, one with held-out likes, is scored. */
    public boolean keeps(int user) {
        if (kind != Kind.SAMPLE) {
            return true;
        }
        long h = seed * 0x9E3779B97F4A7C15L + user;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /** For logs, the manifest and the report: "holdout", "all", or "sample of 10% of the holdout (seed 42)". */
    public String describe() {
        return switch (kind) {
            case HOLDOUT -> "holdout";
            case ALL -> "all";
            case SAMPLE ->
                String.format(
                        java.util.Locale.ROOT,
                        "sample of %s%% of the holdout (seed %d)",
                        new java.math.BigDecimal(fraction * 100)
                                .round(new java.math.MathContext(4))
                                .stripTrailingZeros()
                                .toPlainString(),
                        seed);
        };
    }
}
