package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * One partition's likes in primitive arrays (user, item, weight by position): what the driver collects
 * when it takes likes into its own memory. A few arrays per partition serialize far faster than a
 * {@link Rating} object per like.
 */
public final class LikeTriples implements Serializable {
    private int size;
    private int[] users = new int[16];
    private int[] items = new int[16];
    private float[] weights = new float[16];

    /** Every partition of {@code ratings} as one triple set, in partition order. */
    public static List<LikeTriples> collect(JavaRDD<Rating> ratings) {
        return ratings.mapPartitions(LikeTriples::of).collect();
    }

    private static Iterator<LikeTriples> of(Iterator<Rating> ratings) {
        LikeTriples out = new LikeTriples();
        while (ratings.hasNext()) {
            out.add(ratings.next());
        }
        return List.of(out.trimmed()).iterator();
    }

    private void add(Rating like) {
        if (size == users.length) {
            users = Arrays.copyOf(users, size * 2);
            items = Arrays.copyOf(items, size * 2);
            weights = Arrays.copyOf(weights, size * 2);
        }
        users[size] = like.user();
        items[size] = like.item();
        weights[size++] = like.weight();
    }

    private LikeTriples trimmed() {
        users = Arrays.copyOf(users, size);
        items = Arrays.copyOf(items, size);
        weights = Arrays.copyOf(weights, size);
        return this;
    }

    /** The number of likes. */
    public int size() {
        return size;
    }

    public int user(int j) {
        return users[j];
    }

    public int item(int j) {
        return items[j];
    }

    public float weight(int j) {
        return weights[j];
    }

    /** IllegalArgumentException naming the first like outside 0..numUsers-1 x 0..numItems-1. */
    void check(int numUsers, int numItems) {
        for (int j = 0; j < size; j++) {
            if (users[j] < 0 || users[j] >= numUsers || items[j] < 0 || items[j] >= numItems) {
                throw new IllegalArgumentException("like (" + users[j] + ", " + items[j] + ") outside 0.."
                        + (numUsers - 1) + " x 0.." + (numItems - 1));
            }
        }
    }

    /** The likes as (row, column, weight) of the side: by user (row = user) or by item (row = item). */
    RatingChunk chunk(boolean byUser) {
        RatingChunk chunk = new RatingChunk(size);
        for (int j = 0; j < size; j++) {
            chunk.add(byUser ? users[j] : items[j], byUser ? items[j] : users[j], weights[j]);
        }
        return chunk;
    }
}
