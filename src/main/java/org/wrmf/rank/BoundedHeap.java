package org.wrmf.rank;

import java.util.Arrays;

/**
 * The k best (score, id) pairs offered so far, in two primitive arrays arranged as a min-heap whose
 * root is the worst kept pair. "Better" means a higher score, and on equal scores a lower id, so the
 * result never depends on the order in which candidates were offered.
 */
final class BoundedHeap {
    private final int capacity;
    private final double[] scores;
    private final int[] ids;
    private int size;

    BoundedHeap(int capacity) {
        this.capacity = capacity;
        this.scores = new double[capacity];
        this.ids = new int[capacity];
    }

    static boolean better(double scoreA, int idA, double scoreB, int idB) {
        return scoreA > scoreB || (scoreA == scoreB && idA < idB);
    }

    /**
     * The score a candidate must reach to have a chance: the worst kept score once full (a candidate
     * equal to it may still win on a lower id), minus infinity before; plus infinity with capacity 0.
     */
    double floor() {
        if (capacity == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return size < capacity ? Double.NEGATIVE_INFINITY : scores[0];
    }

    void clear() {
        size = 0;
    }

    /** Offers a candidate; the common case (heap full, candidate worse than the root) costs one compare. */
    void offer(int id, double score) {
        if (size < capacity) {
            int i = size++;
            scores[i] = score;
            ids[i] = id;
            siftUp(i);
        } else if (capacity > 0 && better(score, id, scores[0], ids[0])) {
            scores[0] = score;
            ids[0] = id;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(scores[parent], ids[parent], scores[i], ids[i])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && better(scores[left], ids[left], scores[right], ids[right])) {
                worst = right;
            }
            if (!better(scores[i], ids[i], scores[worst], ids[worst])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        double s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
    }

    /** The kept pairs, best first. */
    Scored[] toSortedArray() {
        Scored[] out = new Scored[size];
        for (int i = 0; i < size; i++) {
            out[i] = new Scored(ids[i], scores[i]);
        }
        Arrays.sort(out, BoundedHeap::compareBestFirst);
        return out;
    }

    static int compareBestFirst(Scored a, Scored b) {
        if (better(a.score(), a.id(), b.score(), b.id())) {
            return -1;
        }
        return better(b.score(), b.id(), a.score(), a.id()) ? 1 : 0;
    }

    /** Merges two best-first partial rankings of disjoint candidates into the k best, best first. */
    static Scored[] merge(Scored[] a, Scored[] b, int k) {
        Scored[] out = new Scored[Math.min(k, a.length + b.length)];
        int i = 0;
        int j = 0;
        for (int n = 0; n < out.length; n++) {
            if (j >= b.length || (i < a.length && compareBestFirst(a[i], b[j]) <= 0)) {
                out[n] = a[i++];
            } else {
                out[n] = b[j++];
            }
        }
        return out;
    }
}
