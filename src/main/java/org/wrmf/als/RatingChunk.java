package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Ratings of one input partition bound for one destination block, in primitive arrays: the shuffle
 * that builds the in-blocks moves these, not one object per rating. {@link CompressedRows#build} reads
 * them as (row, column, weight) triples.
 */
final class RatingChunk implements Serializable {
    int size;
    int[] destinationLocal;
    int[] sourceId;
    float[] weight;

    RatingChunk() {
        this(0);
    }

    RatingChunk(int capacity) {
        destinationLocal = new int[capacity];
        sourceId = new int[capacity];
        weight = new float[capacity];
    }

    void add(int local, int source, float w) {
        if (size == weight.length) {
            int capacity = Math.max(16, size * 2);
            destinationLocal = Arrays.copyOf(destinationLocal, capacity);
            sourceId = Arrays.copyOf(sourceId, capacity);
            weight = Arrays.copyOf(weight, capacity);
        }
        destinationLocal[size] = local;
        sourceId[size] = source;
        weight[size++] = w;
    }

    /** Drops the unused capacity before the chunk is shuffled. */
    RatingChunk trimmed() {
        destinationLocal = Arrays.copyOf(destinationLocal, size);
        sourceId = Arrays.copyOf(sourceId, size);
        weight = Arrays.copyOf(weight, size);
        return this;
    }
}
