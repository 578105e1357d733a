package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * One partition of the deduplicated likes, with string ids: a range of users, sorted, each with its
 * distinct items (sorted), their weights summed over duplicated rows and the smallest of their names.
 * Merged from chunks sorted by (user, item), so a pair's rows are neighbours.
 */
final class UserLikes implements Serializable {
    final String[] users;
    /** The likes of users[u] are start[u]..start[u + 1] - 1. */
    final int[] start;
    /** The distinct items of the block; a like's item is itemIds[itemOf[like]]. */
    final String[] itemIds;

    final int[] itemOf;
    final double[] weights;
    /** The smallest name among the pair's rows, null when none has one. */
    final String[] names;
    /** The pair's latest time among its rows (epoch seconds); null without a time column. */
    final long[] times;
    /** Valid rows of the kept likes, duplicates included. */
    final long rows;
    /** Rows rejected: malformed lines, and every row of a pair whose summed weight overflows a float. */
    final long rejected;
    /** Valid rows whose user or item id lost surrounding spaces. */
    final long trimmed;
    /** The (user, item) pairs whose summed weight overflows. */
    final ArrayList<String[]> overflowing;

    private UserLikes(
            String[] users,
            int[] start,
            String[] itemIds,
            int[] itemOf,
            double[] weights,
            String[] names,
            long[] times,
            long rows,
            long rejected,
            long trimmed,
            ArrayList<String[]> overflowing) {
        this.users = users;
        this.start = start;
        this.itemIds = itemIds;
        this.itemOf = itemOf;
        this.weights = weights;
        this.names = names;
        this.times = times;
        this.rows = rows;
        this.rejected = rejected;
        this.trimmed = trimmed;
        this.overflowing = overflowing;
    }

    /** The block's likes as rows: user, item, weight, name. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>(itemOf.length);
        for (int u = 0; u < users.length; u++) {
            for (int at = start[u]; at < start[u + 1]; at++) {
                rows.add(RowFactory.create(
                        users[u], itemIds[itemOf[at]], weights[at], names == null ? null : names[at]));
            }
        }
        return rows;
    }

    /**
     * The chunks of one range of users (each sorted by (user, item)), merged: duplicates meet across
     * chunks. Without weights in the input, each like weighs 1. Timed: a pair keeps its latest time.
     */
    static UserLikes of(Iterator<Tuple2<Integer, UserChunk>> chunks, boolean weighted, boolean timed) {
        PartitionBuilder builder = new PartitionBuilder(weighted, timed);
        PriorityQueue<Cursor> next = new PriorityQueue<>();
        chunks.forEachRemaining(chunk -> {
            builder.rejected += chunk._2().rejected;
            builder.trimmed += chunk._2().trimmed;
            if (chunk._2().size() > 0) {
                next.add(new Cursor(chunk._2()));
            }
        });
        while (!next.isEmpty()) {
            Cursor cursor = next.poll();
            UserChunk chunk = cursor.chunk;
            // a chunk's run of rows before the other chunks' next one goes without the queue
            do {
                int at = cursor.at++;
                builder.add(
                        chunk.users[at],
                        chunk.items[at],
                        chunk.weights[at],
                        chunk.names[at],
                        chunk.copies[at],
                        timed ? chunk.times[at] : 0);
            } while (cursor.at < chunk.size() && (next.isEmpty() || cursor.compareTo(next.peek()) <= 0));
            if (cursor.at < chunk.size()) {
                next.add(cursor);
            }
        }
        return builder.build();
    }

    /** A position in a sorted chunk, ordered by the (user, item) there. */
    private static final class Cursor implements Comparable<Cursor> {
        final UserChunk chunk;
        int at;

        Cursor(UserChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public int compareTo(Cursor other) {
            int byUser = chunk.users[at].compareTo(other.chunk.users[other.at]);
            return byUser != 0 ? byUser : chunk.items[at].compareTo(other.chunk.items[other.at]);
        }
    }

    /** Spark SQL's min on strings, which this replaces: UTF-8 byte order, that is code point order. */
    static String smaller(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return ca < cb ? a : b;
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return i < a.length() ? b : a;
    }

    private static final class PartitionBuilder {
        private final boolean weighted;
        private final boolean timed;
        private final List<String> users = new ArrayList<>();
        private int[] start = new int[16];
        private final Map<String, Integer> itemIds = new HashMap<>();
        private int[] itemOf = new int[16];
        private String[] lastNames = new String[16];
        private double[] weights = new double[16];
        private String[] names = new String[16];
        private long[] times;
        private int likes;
        private long rows;
        private long rejected;
        private long trimmed;
        private final ArrayList<String[]> overflowing = new ArrayList<>();
        // the pair being summed
        private String user;
        private String item;
        private double weight;
        private String name;
        private long copies;
        private long time;

        PartitionBuilder(boolean weighted, boolean timed) {
            this.weighted = weighted;
            this.timed = timed;
            this.times = timed ? new long[16] : null;
        }

        /** A pair's rows from one chunk. */
        void add(String rowUser, String rowItem, double rowWeight, String rowName, int rowCopies, long rowTime) {
            if (rowUser.equals(user) && rowItem.equals(item)) {
                weight += weighted ? rowWeight : 0;
                name = smaller(name, rowName);
                copies += rowCopies;
                time = Math.max(time, rowTime);
            } else {
                flush();
                user = rowUser;
                item = rowItem;
                weight = rowWeight;
                name = rowName;
                copies = rowCopies;
                time = rowTime;
            }
        }

        /**
         * Keeps the pair being summed, or rejects all its rows when its weight overflowed: every weight is
         * finite as a float, but their sum may not be, and a like of infinite weight would turn the factors
         * into NaN.
         * Rejecting its rows (rather than dropping the pair) keeps the accounting whole.
         */
        private void flush() {
            if (user == null) {
                return;
            }
            if (Float.isInfinite((float) weight)) {
                rejected += copies;
                overflowing.add(new String[] {user, item});
                return;
            }
            rows += copies;
            if (users.isEmpty() || !users.get(users.size() - 1).equals(user)) {
                if (users.size() + 1 == start.length) {
                    start = Arrays.copyOf(start, start.length * 2);
                }
                start[users.size()] = likes;
                users.add(user);
            }
            if (likes == itemOf.length) {
                itemOf = Arrays.copyOf(itemOf, likes * 2);
                weights = Arrays.copyOf(weights, likes * 2);
                names = Arrays.copyOf(names, likes * 2);
                times = timed ? Arrays.copyOf(times, likes * 2) : null;
            }
            Integer known = itemIds.putIfAbsent(item, itemIds.size());
            int ordinal = known == null ? itemIds.size() - 1 : known;
            if (ordinal == lastNames.length) {
                lastNames = Arrays.copyOf(lastNames, ordinal * 2);
            }
            // the likes of an item mostly share its name: keep one instance of it, not one per row read
            if (name != null && !name.equals(lastNames[ordinal])) {
                lastNames[ordinal] = name;
            }
            if (timed) {
                times[likes] = time;
            }
            itemOf[likes] = ordinal;
            weights[likes] = weight;
            names[likes++] = name == null ? null : lastNames[ordinal];
        }

        UserLikes build() {
            flush();
            start[users.size()] = likes;
            String[] ids = new String[itemIds.size()];
            itemIds.forEach((id, ordinal) -> ids[ordinal] = id);
            return new UserLikes(
                    users.toArray(String[]::new),
                    Arrays.copyOf(start, users.size() + 1),
                    ids,
                    Arrays.copyOf(itemOf, likes),
                    Arrays.copyOf(weights, likes),
                    Arrays.copyOf(names, likes),
                    timed ? Arrays.copyOf(times, likes) : null,
                    rows,
                    rejected,
                    trimmed,
                    overflowing);
        }
    }
}
