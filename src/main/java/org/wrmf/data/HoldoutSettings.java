package org.wrmf.data;

/**
 * How the likes are split for evaluation, and the seed of that choice.
 *
 * @param protocol       which likes go to test (see {@link Protocol})
 * @param foldInFraction USERS: the share of a held-out user's likes it is folded in from
 * @param cutoff         TIME: the time (epoch seconds) after which likes go to test; null: chosen so that
 *                       the latest timeFraction of the likes fall after it
 * @param timeFraction   TIME with no cutoff given: the share of the likes after the chosen cutoff
 * @param testInput      GIVEN: where the test likes are and how to read them (the input's format and columns)
 */
public record HoldoutSettings(
        boolean enabled,
        int perUser,
        double userFraction,
        long seed,
        Protocol protocol,
        double foldInFraction,
        Long cutoff,
        double timeFraction,
        InputSettings testInput)
        implements java.io.Serializable {

    /** The evaluation protocols. */
    public enum Protocol {
        /** perUser random likes of a fraction of users move to test; they stay in training (the notebook's). */
        LIKES,
        /** Held-out users, not trained on, folded in then scored (strong generalization). */
        USERS,
        /** The likes after a cutoff time go to test, for the users and items known before it. */
        TIME,
        /** The perUser latest likes of a fraction of the eligible users (as LIKES chooses them) go to test. */
        PER_USER_LAST,
        /** The test likes are read from a file; the same (user, item) pairs leave training. */
        GIVEN;

        /** The protocol's name in the settings and the manifest: likes, users, time, per-user-last, given. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether the protocol orders likes by time (needs a time column). */
        public boolean needsTime() {
            return this == TIME || this == PER_USER_LAST;
        }
    }

    /** A protocol that needs no time and no test file. */
    public HoldoutSettings(
            boolean enabled, int perUser, double userFraction, long seed, Protocol protocol, double foldInFraction) {
        this(enabled, perUser, userFraction, seed, protocol, foldInFraction, null, 0.2, null);
    }

    /** The notebook's protocol. */
    public HoldoutSettings(boolean enabled, int perUser, double userFraction, long seed) {
        this(enabled, perUser, userFraction, seed, Protocol.LIKES, 0.8);
    }
}
