package org.wrmf.data;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The likes of one block of users bound for one range of items, in arrays sorted by item: users by rank,
 * weights narrowed to the float the prepared tables hold. Item ids and names are the block's interned
 * strings, so Kryo writes a repeated one once.
 */
final class ItemChunk implements Serializable {
    final String[] items;
    final int[] users;
    final float[] weights;
    final String[] names;

    private ItemChunk(String[] items, int[] users, float[] weights, String[] names) {
        this.items = items;
        this.users = users;
        this.weights = weights;
        this.names = names;
    }

    int size() {
        return items.length;
    }

    /** A block of users (the first ranked userFirst) as chunks keyed by range of items. */
    static Iterator<Tuple2<Integer, ItemChunk>> of(UserLikes block, int userFirst, IdRanges ranges) {
        // sort the likes by item: the distinct items sorted once, then (item's position, like) as longs
        String[] distinct = new HashSet<>(Arrays.asList(block.items)).toArray(String[]::new);
        Arrays.sort(distinct);
        Map<String, Integer> position = new HashMap<>();
        int[] rangeOf = new int[distinct.length];
        for (int i = 0; i < distinct.length; i++) {
            position.put(distinct[i], i);
            rangeOf[i] = ranges.of(distinct[i]);
        }
        long[] order = new long[block.items.length];
        int[] userOf = new int[block.items.length];
        for (int u = 0; u < block.users.length; u++) {
            for (int at = block.start[u]; at < block.start[u + 1]; at++) {
                order[at] = (long) position.get(block.items[at]) << 32 | at;
                userOf[at] = userFirst + u;
            }
        }
        Arrays.sort(order);
        List<Tuple2<Integer, ItemChunk>> chunks = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int range = rangeOf[(int) (order[from] >>> 32)];
            int to = from;
            while (to < order.length && rangeOf[(int) (order[to] >>> 32)] == range) {
                to++;
            }
            String[] items = new String[to - from];
            int[] users = new int[to - from];
            float[] weights = new float[to - from];
            String[] names = new String[to - from];
            for (int i = from; i < to; i++) {
                int at = (int) order[i];
                items[i - from] = block.items[at];
                users[i - from] = userOf[at];
                weights[i - from] = (float) block.weights[at];
                names[i - from] = block.names[at];
            }
            chunks.add(new Tuple2<>(range, new ItemChunk(items, users, weights, names)));
            from = to;
        }
        return chunks.iterator();
    }
}
