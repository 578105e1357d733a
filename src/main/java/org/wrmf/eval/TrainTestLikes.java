package org.wrmf.eval;

import java.io.Serializable;

/** One evaluated user's training likes and held-out likes, each as sorted item indices. */
public record TrainTestLikes(int[] train, int[] test) implements Serializable {}
