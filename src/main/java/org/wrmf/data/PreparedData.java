package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data half of the pipeline, ready for training: indexed likes, the id mappings and the split.
 *
 * @param all       every kept like (columns user, item int; weight float)
 * @param train     likes to train on (all of them when the holdout is off)
 * @param test      held-out likes (empty when the holdout is off)
 * @param testUsers users with held-out likes (column user)
 * @param foldIn    holdout protocol {@code users}: the held-out users' likes they are folded in from
 *                  before they are scored (empty for the notebook's protocol)
 * @param trainLikes the number of rows of {@code train} as the preparation counted them, or -1 when not
 *                  known (then whoever needs it counts)
 */
public record PreparedData(
        IndexedLikes indexed,
        Dataset<Row> all,
        Dataset<Row> train,
        Dataset<Row> test,
        Dataset<Row> testUsers,
        Dataset<Row> foldIn,
        long trainLikes) {

    /** The notebook's protocol: no likes to fold in; the training likes not counted. */
    public PreparedData(
            IndexedLikes indexed, Dataset<Row> all, Dataset<Row> train, Dataset<Row> test, Dataset<Row> testUsers) {
        this(indexed, all, train, test, testUsers, test.limit(0), -1);
    }

    public int numUsers() {
        return indexed.numUsers();
    }

    public int numItems() {
        return indexed.numItems();
    }

    /** Whether held-out users are folded in before they are scored (holdout protocol {@code users}). */
    public boolean foldsIn() {
        return !foldIn.isEmpty();
    }
}
