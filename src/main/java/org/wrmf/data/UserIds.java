package org.wrmf.data;

import java.io.Serializable;

/**
 * A block of users' ids (sorted) and what loading the block counted: what stays of the loaded likes once
 * the items are numbered. Cached apart from the block, in the same pass, so that the ids are not read
 * back from a block the cache had to spill.
 */
final class UserIds implements Serializable {
    final String[] ids;
    final int likes;
    final long rows;
    final long rejected;
    final long trimmed;

    UserIds(UserLikes block) {
        this.ids = block.users;
        this.likes = block.itemOf.length;
        this.rows = block.rows;
        this.rejected = block.rejected;
        this.trimmed = block.trimmed;
    }
}
