package org.wrmf.ml;

import java.io.Serializable;
import java.util.List;

/**
 * A score split into the contributions of the user's liked items ({@link WrmfModel#explain}).
 *
 * @param user       the explained user (original id)
 * @param item       the explained item (original id)
 * @param total      the sum of the contributions: the score of the user's exact factor given the items
 * @param modelScore the stored factors' dot product x_u.y_i
 * @param shares     one per liked item, largest first
 */
public record ScoreExplanation(Object user, Object item, double total, double modelScore, List<LikedItemShare> shares)
        implements Serializable {

    /**
     * One liked item's share of the score: s_ij c_uj with s_ij = y_i^T W_u y_j.
     *
     * @param likedItem    the liked item (original id)
     * @param contribution its share of the score
     */
    public record LikedItemShare(Object likedItem, double contribution) implements Serializable {}
}
