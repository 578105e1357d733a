package org.wrmf.eval;

/** Which users a model is scored on. */
public enum EvaluatedUsers {
    /** The users that have held-out likes, as the seed does (its {@code user_index}). */
    HOLDOUT,
    /** Every user with a training or a held-out like. */
    ALL
}
