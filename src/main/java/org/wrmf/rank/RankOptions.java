package org.wrmf.rank;

import java.io.Serializable;

/**
 * How a ranking pass scores and what it keeps.
 *
 * @param cosine            rank by cosine (vectors scaled to unit length when packed), else by dot product
 * @param excludeSelf       never offer a query itself (similar items: queries and candidates are the same items)
 * @param keepUnexcludedTop also keep each query's top k ignoring its exclusions (the notebook's precision, where
 *                          training likes compete), from the same matrix products
 */
public record RankOptions(boolean cosine, boolean excludeSelf, boolean keepUnexcludedTop) implements Serializable {
    /** Recommendations: dot product, one top k without the exclusions. */
    public static final RankOptions RECOMMEND = new RankOptions(false, false, false);
    /** Similar items: cosine, an item is never its own neighbour. */
    public static final RankOptions SIMILAR_ITEMS = new RankOptions(true, true, false);
    /** Evaluation: dot product, the top k both without and with the exclusions. */
    public static final RankOptions EVALUATE = new RankOptions(false, false, true);
}
