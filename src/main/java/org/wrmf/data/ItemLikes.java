package org.wrmf.data;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * One partition of the likes by item, once users are numbered: a range of items, sorted (the item at
 * position i has the rank first + i), each with its users' ranks and the weights. The threshold counts
 * items' users here; the index reads the item ids and names.
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

    private ItemLikes(String[] items, int[] start, int[] users, float[] weights, String[] names, String[] likeNames,
                      boolean[] nameVaries) {
        this.items = items;
        this.start = start;
        this.users = users;
        this.weights = weights;
        this.names = names;
        this.likeNames = likeNames;
        this.nameVaries = nameVaries;
    }

    /** The chunks of one range of items (each sorted by item), merged. */
    static ItemLikes of(Iterator<Tuple2<Integer, ItemChunk>> chunks) {
        PriorityQueue<Cursor> next = new PriorityQueue<>();
        int total = 0;
        while (chunks.hasNext()) {
            ItemChunk chunk = chunks.next()._2();
            total += chunk.size();
            next.add(new Cursor(chunk));
        }
        List<String> items = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Boolean> varies = new ArrayList<>();
        int[] start = new int[16];
        int[] users = new int[total];
        float[] weights = new float[total];
        String[] likeNames = new String[total];
        int likes = 0;
        boolean anyVaries = false;
        while (!next.isEmpty()) {
            Cursor cursor = next.poll();
            ItemChunk chunk = cursor.chunk;
            int at = cursor.at;
            String name = chunk.names[at];
            if (items.isEmpty() || !items.get(items.size() - 1).equals(chunk.items[at])) {
                if (items.size() + 1 == start.length) {
                    start = Arrays.copyOf(start, start.length * 2);
                }
                start[items.size()] = likes;
                items.add(chunk.items[at]);
                names.add(name);
                varies.add(false);
            } else if (!Objects.equals(names.get(names.size() - 1), name)) {
                int last = names.size() - 1;
                names.set(last, UserLikes.smaller(names.get(last), name));
                varies.set(last, true);
                anyVaries = true;
            }
            users[likes] = chunk.users[at];
            weights[likes] = chunk.weights[at];
            likeNames[likes++] = name;
            if (++cursor.at < chunk.size()) {
                next.add(cursor);
            }
        }
        start[items.size()] = likes;
        boolean[] nameVaries = new boolean[items.size()];
        for (int i = 0; i < nameVaries.length; i++) {
            nameVaries[i] = varies.get(i);
        }
        return new ItemLikes(items.toArray(String[]::new), Arrays.copyOf(start, items.size() + 1), users, weights,
                names.toArray(String[]::new), anyVaries ? likeNames : null, nameVaries);
    }

    /** A position in a chunk, ordered by the item there. */
    private static final class Cursor implements Comparable<Cursor> {
        final ItemChunk chunk;
        int at;

        Cursor(ItemChunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public int compareTo(Cursor other) {
            return chunk.items[at].compareTo(other.chunk.items[other.at]);
        }
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
