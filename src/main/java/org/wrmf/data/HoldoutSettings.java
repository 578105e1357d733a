package org.wrmf.data;

/**
 * How the likes are split for evaluation, and the seed of that choice.
 *
 * @param protocol       LIKES: perUser likes of a fraction of users move to test (the notebook's); USERS: a
 *                       fraction of users leave training entirely, each folded in from a share of its likes
 *                       and scored on the rest (strong generalization)
 * @param foldInFraction USERS: the share of a held-out user's likes it is folded in from
 */
public record HoldoutSettings(
        boolean enabled, int perUser, double userFraction, long seed, Protocol protocol, double foldInFraction)
        implements java.io.Serializable {

    /** The two evaluation protocols. */
    public enum Protocol {
        /** Held-out likes of users who are also trained on (weak generalization; the notebook's). */
        LIKES,
        /** Held-out users, not trained on, folded in then scored (strong generalization). */
        USERS
    }

    /** The notebook's protocol. */
    public HoldoutSettings(boolean enabled, int perUser, double userFraction, long seed) {
        this(enabled, perUser, userFraction, seed, Protocol.LIKES, 0.8);
    }
}
