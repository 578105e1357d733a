package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Likes read and deduplicated as a table with their string ids, for the commands that match them against
 * a trained model's ids (fold-in, its exclusion list) instead of preparing them. Every data row read is
 * accounted for: {@code rowsRead = likeCount + duplicates + rowsRejected}.
 *
 * @param likes    one row per distinct (user, item): columns user, item (strings), weight (double),
 *                 name (string, null when the input has no names)
 * @param rejected malformed rows: columns source, offset, line, reason
 */
public record LikesTable(
        Dataset<Row> likes, Dataset<Row> rejected, long rowsRead, long rowsRejected, long duplicates, long likeCount) {}
