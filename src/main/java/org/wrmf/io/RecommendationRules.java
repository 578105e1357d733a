package org.wrmf.io;

import org.apache.spark.api.java.JavaRDD;
import org.wrmf.als.Rating;
import org.wrmf.rank.ItemRules;

/**
 * The business rules on what is written, in the model's dense indices (null: rule off):
 * {@code items}, the items never offered (excluded, or outside the candidate list) both as
 * recommendations and as similar items; {@code users}, the only users recommendations are written for;
 * {@code excludedPairs}, (user, item) pairs never recommended, on top of the user's own likes (their
 * weights are not used).
 */
public record RecommendationRules(ItemRules items, JavaRDD<Integer> users, JavaRDD<Rating> excludedPairs) {
    /** No rule: every user gets recommendations among every item it has not liked. */
    public static final RecommendationRules NONE = new RecommendationRules(ItemRules.NONE, null, null);

    public RecommendationRules {
        items = items == null ? ItemRules.NONE : items;
    }
}
