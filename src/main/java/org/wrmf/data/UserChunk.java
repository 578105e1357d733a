package org.wrmf.data;

import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The valid rows of one input split bound for one range of users, in arrays: sorted by (user, item),
 * duplicates already merged (weights summed, smallest name, copies counted). The shuffle that
 * deduplicates moves these, not an object per row; a user's id is one instance for each run of its rows,
 * so Kryo writes it once per run.
 */
final class UserChunk implements Serializable {
    final String[] users;
    final String[] items;
    final double[] weights;
    final String[] names;
    final int[] copies;
    /** The split's rejected lines, counted in one of its chunks. */
    final long rejected;

    private UserChunk(String[] users, String[] items, double[] weights, String[] names, int[] copies,
                      long rejected) {
        this.users = users;
        this.items = items;
        this.weights = weights;
        this.names = names;
        this.copies = copies;
        this.rejected = rejected;
    }

    int size() {
        return users.length;
    }

    /**
     * A split's rows (the parsed layout: valid, user, item, weight, name, ...) as chunks keyed by range;
     * without weights in the input, each like weighs 1.
     */
    static Iterator<Tuple2<Integer, UserChunk>> of(Iterator<Row> rows, IdRanges ranges, boolean weighted) {
        List<List<Pending>> byRange = new ArrayList<>();
        for (int p = 0; p < ranges.count(); p++) {
            byRange.add(new ArrayList<>());
        }
        String user = null;
        int range = 0;
        long rejected = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (!row.getBoolean(0)) {
                rejected++;
                continue;
            }
            if (!row.getString(1).equals(user)) {  // a user's rows mostly come together: one instance
                user = row.getString(1);
                range = ranges.of(user);
            }
            byRange.get(range).add(new Pending(user, row.getString(2), weighted ? row.getDouble(3) : 1.0,
                    row.getString(4)));
        }
        List<Tuple2<Integer, UserChunk>> chunks = new ArrayList<>();
        for (int p = 0; p < byRange.size(); p++) {
            if (!byRange.get(p).isEmpty()) {
                chunks.add(new Tuple2<>(p, merged(byRange.get(p), weighted, chunks.isEmpty() ? rejected : 0)));
            }
        }
        if (chunks.isEmpty() && rejected > 0) {
            chunks.add(new Tuple2<>(0, merged(new ArrayList<>(), weighted, rejected)));
        }
        return chunks.iterator();
    }

    /** Sorted in String order (the order the indices have always followed), duplicates merged. */
    private static UserChunk merged(List<Pending> rows, boolean weighted, long rejected) {
        rows.sort(null);
        int size = 0;
        for (int r = 0; r < rows.size(); r++) {
            size += r > 0 && rows.get(r).samePair(rows.get(r - 1)) ? 0 : 1;
        }
        String[] users = new String[size];
        String[] items = new String[size];
        double[] weights = new double[size];
        String[] names = new String[size];
        int[] copies = new int[size];
        int at = -1;
        for (int r = 0; r < rows.size(); r++) {
            Pending row = rows.get(r);
            if (r > 0 && row.samePair(rows.get(r - 1))) {
                weights[at] += weighted ? row.weight : 0;
                names[at] = UserLikes.smaller(names[at], row.name);
                copies[at]++;
            } else {
                at++;
                users[at] = row.user;
                items[at] = row.item;
                weights[at] = row.weight;
                names[at] = row.name;
                copies[at] = 1;
            }
        }
        return new UserChunk(users, items, weights, names, copies, rejected);
    }

    private record Pending(String user, String item, double weight, String name) implements Comparable<Pending> {
        boolean samePair(Pending other) {
            return user.equals(other.user) && item.equals(other.item);
        }

        @Override
        public int compareTo(Pending other) {
            int byUser = user == other.user ? 0 : user.compareTo(other.user);  // a run's rows share the instance
            return byUser != 0 ? byUser : item.compareTo(other.item);
        }
    }
}
