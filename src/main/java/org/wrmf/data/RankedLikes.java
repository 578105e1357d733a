package org.wrmf.data;

import org.apache.spark.api.java.JavaRDD;

/**
 * The deduplicated likes with ints for ids: every user and item numbered by its rank among all the
 * sorted ids, the likes in blocks both by user and by item (all cached). The threshold works on these;
 * the index then renumbers the ids it keeps, in the same order.
 *
 * @param userIds   block p: the ids of users userFirst[p].. (sorted)
 * @param userFirst the first user of each block, then the number of users
 * @param byUser    block p: the likes of users userFirst[p]..userFirst[p + 1] - 1, columns item ranks
 * @param byItem    block p: the ids, names and likes of items itemFirst[p].., likes by user rank
 * @param itemFirst the first item of each block, then the number of items
 */
record RankedLikes(
        JavaRDD<UserIds> userIds,
        int[] userFirst,
        JavaRDD<SparseRows> byUser,
        JavaRDD<ItemLikes> byItem,
        int[] itemFirst,
        long likes) {
    int numUsers() {
        return userFirst[userFirst.length - 1];
    }

    int numItems() {
        return itemFirst[itemFirst.length - 1];
    }

    void unpersist() {
        userIds.unpersist(false);
        byUser.unpersist(false);
        byItem.unpersist(false);
    }
}
