package org.wrmf.data;

import java.io.Serializable;
import java.util.BitSet;

/**
 * A set of ids among 0..n-1 (the users or items the k-core keeps) as bits, with each member's rank
 * among the members: ids sorted before, ranks are the dense indices of the kept ids, in the same order.
 */
final class IdSet implements Serializable {
    private final long[] words;
    /** Members in the words before each word. */
    private final int[] before;

    private final int size;

    private IdSet(long[] words, int capacity) {
        this.words = java.util.Arrays.copyOf(words, (capacity + 63) / 64);
        this.before = new int[this.words.length];
        int members = 0;
        for (int w = 0; w < this.words.length; w++) {
            before[w] = members;
            members += Long.bitCount(this.words[w]);
        }
        this.size = members;
    }

    static IdSet of(BitSet members, int capacity) {
        return new IdSet(members.toLongArray(), capacity);
    }

    static IdSet all(int capacity) {
        BitSet members = new BitSet(capacity);
        members.set(0, capacity);
        return of(members, capacity);
    }

    int size() {
        return size;
    }

    boolean contains(int id) {
        return (words[id >>> 6] & (1L << id)) != 0;
    }

    /** The number of members below id: a member's dense index. */
    int rank(int id) {
        int w = id >>> 6;
        return w == words.length ? size : before[w] + Long.bitCount(words[w] & ((1L << id) - 1));
    }
}
