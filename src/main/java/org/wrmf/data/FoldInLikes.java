package org.wrmf.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The likes of users to fold into a finished model, matched with the model's items: likes of items the
 * model knows get the model's dense item index; likes of other items are set aside and counted; users
 * left with no known like are listed, since fold-in has nothing to solve them from.
 *
 * @param users        the folded-in users with at least one known like: {@code id} (string), {@code idx} (int)
 * @param known        likes of known items: {@code user}, {@code item} (dense ints), {@code weight} (float)
 * @param knownLikes   rows of {@code known}
 * @param unknownLikes likes of items the model does not know, set aside
 * @param withoutKnown users with no known like: {@code id}, {@code likes} (their likes, all of unknown items)
 * @param withoutKnownCount rows of {@code withoutKnown}
 */
public record FoldInLikes(
        Dataset<Row> users,
        Dataset<Row> known,
        long knownLikes,
        long unknownLikes,
        Dataset<Row> withoutKnown,
        long withoutKnownCount) {

    /**
     * @param likes   columns {@code user}, {@code item} (original ids), {@code weight} (as {@link LikesReader} reads them)
     * @param itemIds the model's item mapping: {@code id} (string), {@code idx} (int)
     */
    public static FoldInLikes match(SparkSession spark, Dataset<Row> likes, Dataset<Row> itemIds) {
        Dataset<Row> items = itemIds.select(col("id").as("item"), col("idx").as("i"));
        Dataset<Row> matched = likes.join(items, Columns.seq("item"), "left").persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> knownByOriginalUser = matched.filter(col("i").isNotNull());
        Dataset<Row> users = Indexer.numberIds(
                spark, knownByOriginalUser.select(col("user").as("id")).distinct());
        Dataset<Row> known = knownByOriginalUser
                .join(users.select(col("id").as("user"), col("idx").as("u")), "user")
                .select(
                        col("u").as("user"),
                        col("i").as("item"),
                        col("weight").cast("float").as("weight"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> withoutKnown = matched.groupBy(col("user").as("id"))
                .agg(count(col("i")).as("known"), count(lit(1)).as("likes"))
                .filter(col("known").equalTo(0L))
                .select("id", "likes")
                .orderBy("id")
                .persist(StorageLevel.MEMORY_AND_DISK());
        long knownLikes = known.count();
        long unknownLikes = matched.filter(col("i").isNull()).count();
        return new FoldInLikes(users, known, knownLikes, unknownLikes, withoutKnown, withoutKnown.count());
    }
}
