package org.wrmf.data;

import java.util.ArrayList;
import java.util.List;

/** The loaded likes as a list, for assertions. */
final class Loaded {
    /** One deduplicated like as loaded: weight summed over its rows, the smallest name. */
    record Like(String user, String item, double weight, String name) {}

    private Loaded() {}

    static List<Like> likes(LoadedLikes loaded) {
        List<Like> likes = new ArrayList<>();
        for (UserLikes block : loaded.byUser().collect()) {
            for (int u = 0; u < block.users.length; u++) {
                for (int at = block.start[u]; at < block.start[u + 1]; at++) {
                    likes.add(new Like(
                            block.users[u], block.itemIds[block.itemOf[at]], block.weights[at], block.names[at]));
                }
            }
        }
        return likes;
    }
}
