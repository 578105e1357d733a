package org.wrmf.data;

/**
 * The k-core rule: keep users with at least {@code minUserLikes} distinct liked items and items liked by at
 * least {@code minItemLikes} distinct users, repeated until nothing changes.
 */
public record ThresholdSettings(int minUserLikes, int minItemLikes) {
    public ThresholdSettings {
        if (minUserLikes < 1 || minItemLikes < 1) {
            throw new IllegalArgumentException("thresholds must be >= 1, got " + minUserLikes + " and " + minItemLikes);
        }
    }
}
