package org.wrmf.als;

import java.io.Serializable;

/**
 * One observed interaction after indexing: dense user index, dense item index and its weight d_ui
 * (1 for a plain like, a summed count or rating when the input has a weight column).
 */
public record Rating(int user, int item, float weight) implements Serializable {}
