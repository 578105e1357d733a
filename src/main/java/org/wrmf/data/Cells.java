package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import scala.Tuple2;

/**
 * Likes as (row, column, weight) cells in primitive arrays: what the shuffles of int ids move, one
 * object per partition and destination rather than one per like.
 */
final class Cells implements Serializable {
    private int size;
    private int[] rows = new int[16];
    private int[] columns = new int[16];
    private float[] weights = new float[16];
    /** Each cell's time (epoch seconds) once a timed cell was added; null before. */
    private long[] times;

    void add(int row, int column, float weight) {
        if (size == rows.length) {
            int capacity = size * 2;
            rows = Arrays.copyOf(rows, capacity);
            columns = Arrays.copyOf(columns, capacity);
            weights = Arrays.copyOf(weights, capacity);
            times = times == null ? null : Arrays.copyOf(times, capacity);
        }
        rows[size] = row;
        columns[size] = column;
        weights[size++] = weight;
    }

    /** A cell with its time; the cells of one Cells are all timed or none. */
    void add(int row, int column, float weight, long time) {
        if (times == null) {
            times = new long[rows.length];
        }
        add(row, column, weight);
        times[size - 1] = time;
    }

    boolean timed() {
        return times != null;
    }

    long time(int at) {
        return times[at];
    }

    int size() {
        return size;
    }

    int row(int at) {
        return rows[at];
    }

    int column(int at) {
        return columns[at];
    }

    float weight(int at) {
        return weights[at];
    }

    /** These cells by destination block, block p holding rows first[p]..first[p + 1] - 1. */
    List<Tuple2<Integer, Cells>> byBlock(int[] first) {
        Cells[] blocks = new Cells[first.length - 1];
        for (int at = 0; at < size; at++) {
            int block = SparseRows.blockOf(first, rows[at]);
            if (blocks[block] == null) {
                blocks[block] = new Cells();
            }
            if (times == null) {
                blocks[block].add(rows[at], columns[at], weights[at]);
            } else {
                blocks[block].add(rows[at], columns[at], weights[at], times[at]);
            }
        }
        List<Tuple2<Integer, Cells>> out = new ArrayList<>();
        for (int block = 0; block < blocks.length; block++) {
            if (blocks[block] != null) {
                out.add(new Tuple2<>(block, blocks[block]));
            }
        }
        return out;
    }
}
