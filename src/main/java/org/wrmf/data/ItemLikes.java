package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import scala.Tuple2;

/**
 * One partition of the likes by item, once users are numbered: a range of items, sorted (ranked from
 * the number of items in the partitions before, in this order), each with its users' ranks and the
 * weights. The threshold counts items' users here; the index reads the item ids and names.
 *
 * <p>An item's name is the smallest name of its kept likes. Names almost always agree across an item's
 * likes, so one name per item is kept; only when they differ are the likes' names kept as well, to take
 * the smallest over the likes the threshold keeps.
 */
final class ItemLikes implements Serializable {
    final String[] items;
    /** The likes of items[i] are start[i]..start[i + 1] - 1. */
    final int[] start;

    final int[] users;
    final float[] weights;
    /** The smallest name among each item's likes. */
    final String[] names;
    /** Each like's name when some item's likes disagree on it (nameVaries), else null. */
    final String[] likeNames;

    final boolean[] nameVaries;
    /** Each like's time (epoch seconds); null without a time column. */
    final long[] times;

    private ItemLikes(
            String[] items,
            int[] start,
            int[] users,
            float[] weights,
            String[] names,
            String[] likeNames,
            boolean[] nameVaries,
            long[] times) {
        this.items = items;
        this.start = start;
        this.users = users;
        this.weights = weights;
        this.names = names;
        this.likeNames = likeNames;
        this.nameVaries = nameVaries;
        this.times = times;
    }

    /** The chunks of one range of items: their items numbered together, sorted, and the likes grouped by item. */
    static ItemLikes of(Iterator<Tuple2<Integer, ItemChunk>> chunks) {
        Map<String, Integer> ordinals = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<ItemChunk> all = new ArrayList<>();
        List<int[]> ordinalsOf = new ArrayList<>();
        int likes = 0;
        boolean timed = false;
        while (chunks.hasNext()) {
            ItemChunk chunk = chunks.next()._2();
            timed |= chunk.times != null;
            int[] ordinal = new int[chunk.items.length];
            for (int i = 0; i < ordinal.length; i++) {
                ordinal[i] = ordinals.computeIfAbsent(chunk.items[i], id -> {
                    ids.add(id);
                    return ids.size() - 1;
                });
            }
            all.add(chunk);
            ordinalsOf.add(ordinal);
            likes += chunk.size();
        }
        Integer[] sorted = new Integer[ids.size()];
        Arrays.setAll(sorted, i -> i);
        Arrays.sort(sorted, Comparator.comparing(ids::get));
        int[] rank = new int[sorted.length];
        String[] items = new String[sorted.length];
        for (int r = 0; r < sorted.length; r++) {
            rank[sorted[r]] = r;
            items[r] = ids.get(sorted[r]);
        }
        // the likes grouped by item (counting sort on the items' ranks)
        int[] start = new int[items.length + 1];
        for (int c = 0; c < all.size(); c++) {
            for (int item : all.get(c).itemOf) {
                start[rank[ordinalsOf.get(c)[item]] + 1]++;
            }
        }
        for (int i = 0; i < items.length; i++) {
            start[i + 1] += start[i];
        }
        int[] filled = Arrays.copyOf(start, items.length);
        int[] users = new int[likes];
        float[] weights = new float[likes];
        String[] likeNames = new String[likes];
        long[] times = timed ? new long[likes] : null;
        for (int c = 0; c < all.size(); c++) {
            ItemChunk chunk = all.get(c);
            for (int at = 0; at < chunk.size(); at++) {
                int like = filled[rank[ordinalsOf.get(c)[chunk.itemOf[at]]]]++;
                users[like] = chunk.users[at];
                weights[like] = chunk.weights[at];
                likeNames[like] = chunk.names[at];
                if (timed) {
                    times[like] = chunk.times[at];
                }
            }
        }
        String[] names = new String[items.length];
        boolean[] nameVaries = new boolean[items.length];
        boolean anyVaries = false;
        for (int i = 0; i < items.length; i++) {
            names[i] = likeNames[start[i]];
            for (int at = start[i] + 1; at < start[i + 1]; at++) {
                if (!Objects.equals(likeNames[at], likeNames[start[i]])) {
                    names[i] = UserLikes.smaller(names[i], likeNames[at]);
                    nameVaries[i] = true;
                }
            }
            anyVaries |= nameVaries[i];
        }
        return new ItemLikes(items, start, users, weights, names, anyVaries ? likeNames : null, nameVaries, times);
    }

    /** The smallest name of item i's likes by the kept users. */
    String name(int i, IdSet keptUsers) {
        if (likeNames == null || !nameVaries[i]) {
            return names[i];
        }
        String name = null;
        for (int at = start[i]; at < start[i + 1]; at++) {
            if (keptUsers.contains(users[at])) {
                name = UserLikes.smaller(name, likeNames[at]);
            }
        }
        return name;
    }
}
