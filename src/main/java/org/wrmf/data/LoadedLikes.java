package org.wrmf.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The input after reading and deduplication. Every data row read is accounted for:
 * {@code rowsRead = likes + duplicates + rowsRejected}.
 *
 * @param byUser     one block per range of users (cached): the users sorted, each with its distinct items,
 *                   weights (double) and names (null when the input has none)
 * @param userIds    each block's user ids and counts (cached)
 * @param userFirst  the sorted rank of each block's first user, then the number of users: the users of
 *                   block p are numbered userFirst[p], userFirst[p] + 1, ... in their order
 * @param itemRanges where to split items into ranges for the shuffle by item
 * @param rejected   malformed rows: columns source, offset, line, reason
 * @param trimmedIds valid rows with spaces around an unquoted user or item id, dropped: those ids merge
 *                   with the same ids written without the spaces
 */
record LoadedLikes(
        JavaRDD<UserLikes> byUser,
        JavaRDD<UserIds> userIds,
        int[] userFirst,
        IdRanges itemRanges,
        Dataset<Row> rejected,
        long rowsRead,
        long rowsRejected,
        long duplicates,
        long likeCount,
        long trimmedIds) {}
