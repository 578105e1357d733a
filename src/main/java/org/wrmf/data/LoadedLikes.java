package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The input after reading and deduplication. Every data row read is accounted for:
 * {@code rowsRead = likes + duplicates + rowsRejected}.
 *
 * @param likes    one row per distinct (user, item): columns user, item (strings), weight (double),
 *                 name (string, null when the input has no names)
 * @param rejected malformed rows: columns source, offset, line, reason
 */
public record LoadedLikes(Dataset<Row> likes, Dataset<Row> rejected, long rowsRead, long rowsRejected,
                          long duplicates, long likeCount) {
}
