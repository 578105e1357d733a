package org.wrmf.rank;

import java.io.Serializable;

/**
 * One query (a user, or an item when looking for similar items) as the blocked scoring pass needs it:
 * its factors, the candidate ids it must never be offered (sorted; training likes), and optionally
 * its held-out positives (sorted ids) with their scores by {@link BlockScorer#pairScore}, against
 * which AUC counts the negatives. Arrays that are not needed are null.
 */
public record QueryRow(double[] factors, int[] excluded, int[] positives, double[] positiveScores)
        implements Serializable {}
