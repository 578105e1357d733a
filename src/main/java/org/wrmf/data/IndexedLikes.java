package org.wrmf.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wrmf.als.Rating;

/**
 * Likes with dense integer ids, and the mappings back to the real ids.
 *
 * @param likes columns user (int), item (int), weight (float)
 * @param users columns id (string), idx (int); idx runs 0..numUsers-1 in the order of the ids
 * @param items columns id (string), idx (int), name (string, may be null)
 */
public record IndexedLikes(Dataset<Row> likes, Dataset<Row> users, Dataset<Row> items, int numUsers, int numItems) {

    /** The likes as the engine's ratings. */
    public static JavaRDD<Rating> ratings(Dataset<Row> likes) {
        return likes.select("user", "item", "weight")
                .javaRDD()
                .map(row -> new Rating(row.getInt(0), row.getInt(1), row.getFloat(2)));
    }
}
