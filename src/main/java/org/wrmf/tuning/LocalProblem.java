package org.wrmf.tuning;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wrmf.als.CompressedRows;
import org.wrmf.als.Rating;
import org.wrmf.als.Side;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.TrainTestLikes;
import org.wrmf.rank.BlockScorer;
import org.wrmf.rank.LikedItems;
import scala.Tuple2;

/**
 * A whole train/test split in arrays, shipped (broadcast) to the tasks that each train and score one
 * grid point alone: the likes in compressed rows by user and by item, and the evaluated users'
 * sorted likes.
 */
final class LocalProblem implements Serializable {
    final CompressedRows byUser;
    final CompressedRows byItem;
    final int numItems;
    final List<Tuple2<Integer, TrainTestLikes>> evaluated;
    /** The held-out users' likes they are folded in from at each checkpoint; null: users are trained on. */
    final List<Rating> foldIn;

    private LocalProblem(
            CompressedRows byUser,
            CompressedRows byItem,
            int numItems,
            List<Tuple2<Integer, TrainTestLikes>> evaluated,
            List<Rating> foldIn) {
        this.byUser = byUser;
        this.byItem = byItem;
        this.numItems = numItems;
        this.evaluated = evaluated;
        this.foldIn = foldIn;
    }

    /**
     * @param foldIn null for the notebook's protocol; else the held-out users' fold-in likes, which are then
     *               their known likes in the evaluation (excluded from their rankings)
     */
    static LocalProblem of(
            List<Rating> train,
            List<Rating> test,
            List<Rating> foldIn,
            int numUsers,
            int numItems,
            EvaluatedUsers evaluatedUsers) {
        Map<Integer, List<Integer>> trainOf = likesByUser(foldIn == null ? train : foldIn);
        Map<Integer, List<Integer>> testOf = likesByUser(test);
        TreeMap<Integer, TrainTestLikes> evaluated = new TreeMap<>();
        for (int user : testOf.keySet()) {
            // a held-out user with nothing to fold in from has no factors, as in the distributed path
            if ((foldIn == null || trainOf.containsKey(user)) && evaluatedUsers.keeps(user)) {
                evaluated.put(user, likes(trainOf.get(user), testOf.get(user)));
            }
        }
        if (evaluatedUsers.kind() == EvaluatedUsers.Kind.ALL) {
            for (int user : trainOf.keySet()) {
                evaluated.putIfAbsent(user, likes(trainOf.get(user), null));
            }
        }
        List<Tuple2<Integer, TrainTestLikes>> list = new ArrayList<>();
        evaluated.forEach((user, likes) -> list.add(new Tuple2<>(user, likes)));
        return new LocalProblem(
                CompressedRows.of(train, numUsers, Side.USERS),
                CompressedRows.of(train, numItems, Side.ITEMS),
                numItems,
                list,
                foldIn);
    }

    /**
     * Bytes a task needs to hold the problem and one model of the given rank: the two compressed
     * copies of the likes, the evaluated likes, the factors, and the scoring scratch.
     */
    static long estimateBytes(long likes, long numUsers, long numItems, int rank) {
        long ratings = 2 * likes * (Integer.BYTES + Float.BYTES) + likes * Integer.BYTES;
        long factors = 2 * (numUsers + numItems) * rank * Double.BYTES;
        long scratch = (long) BlockScorer.QUERY_CHUNK * BlockScorer.CANDIDATE_CHUNK * Double.BYTES;
        return ratings + factors + scratch;
    }

    private static Map<Integer, List<Integer>> likesByUser(List<Rating> ratings) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (Rating r : ratings) {
            out.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r.item());
        }
        return out;
    }

    private static TrainTestLikes likes(List<Integer> train, List<Integer> test) {
        return new TrainTestLikes(sorted(train), sorted(test));
    }

    private static int[] sorted(List<Integer> items) {
        return items == null ? new int[0] : LikedItems.sortedDistinct(items);
    }
}
