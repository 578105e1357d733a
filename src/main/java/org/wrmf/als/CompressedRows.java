package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Ratings in compressed rows: row r's ratings are {@code [start[r], start[r + 1])}, each naming the
 * position of its source vector ({@code column}) and carrying its weight d. Within a row the ratings
 * are sorted by column and repeated columns summed, so however the ratings arrived (any partitioning,
 * any order) every row is summed and solved in the same order.
 *
 * <p>The engine's in-blocks hold a destination block's ratings this way (columns: positions in the
 * block's gathered source matrix, see {@link InBlock}); the in-memory trainer holds all likes this way
 * twice, by user and by item (columns: the other side's indices).
 */
public record CompressedRows(int[] start, int[] column, float[] weight) implements Serializable {

    /** Groups likes by their row on the given side (user for USERS, else item), summing repeated pairs. */
    public static CompressedRows of(List<Rating> likes, int rows, Side side) {
        RatingChunk chunk = new RatingChunk(likes.size());
        for (Rating like : likes) {
            chunk.add(side.rowOf(like), side.sourceOf(like), like.weight());
        }
        return build(rows, List.of(chunk));
    }

    /**
     * Groups the chunks' (row, column, weight) triples into rows 0 .. rows-1. Repeated (row, column)
     * pairs are merged by summing their weights, as the data stage does for duplicate likes, in
     * ascending order of the (non-negative) weights so the sum does not depend on the chunks' order.
     */
    static CompressedRows build(int rows, List<RatingChunk> chunks) {
        int total = 0;
        for (RatingChunk chunk : chunks) {
            total += chunk.size;
        }
        int[] start = new int[rows + 1];
        for (RatingChunk chunk : chunks) {
            for (int j = 0; j < chunk.size; j++) {
                start[chunk.destinationLocal[j] + 1]++;
            }
        }
        for (int r = 0; r < rows; r++) {
            start[r + 1] += start[r];
        }
        // (column, weight bits) packed in a long sorts a row by column with its weight attached.
        long[] entries = new long[total];
        int[] fill = Arrays.copyOf(start, rows);
        for (RatingChunk chunk : chunks) {
            for (int j = 0; j < chunk.size; j++) {
                entries[fill[chunk.destinationLocal[j]]++] =
                        ((long) chunk.sourceId[j] << 32) | (Float.floatToRawIntBits(chunk.weight[j]) & 0xffffffffL);
            }
        }
        int[] column = new int[total];
        float[] weight = new float[total];
        int kept = 0;
        int from = 0;
        for (int r = 0; r < rows; r++) {
            int end = start[r + 1];
            Arrays.sort(entries, from, end);
            int rowFirst = kept;
            for (int j = from; j < end; j++) {
                int id = (int) (entries[j] >>> 32);
                float w = Float.intBitsToFloat((int) entries[j]);
                if (kept > rowFirst && column[kept - 1] == id) {
                    weight[kept - 1] += w;
                } else {
                    column[kept] = id;
                    weight[kept++] = w;
                }
            }
            from = end;
            start[r + 1] = kept;
        }
        return new CompressedRows(start, Arrays.copyOf(column, kept), Arrays.copyOf(weight, kept));
    }

    public int rows() {
        return start.length - 1;
    }

    /**
     * Rows {@code [from, to)} as their own compressed rows (row {@code from} becomes row 0; columns and
     * weights copied), so that parts of one side can be solved apart, as the engine's in-blocks are.
     */
    public CompressedRows slice(int from, int to) {
        int first = start[from];
        int[] sliced = new int[to - from + 1];
        for (int r = from; r <= to; r++) {
            sliced[r - from] = start[r] - first;
        }
        return new CompressedRows(
                sliced, Arrays.copyOfRange(column, first, start[to]), Arrays.copyOfRange(weight, first, start[to]));
    }

    /**
     * The given rows, in the given order, as their own compressed rows (row {@code rows[j]} becomes row j;
     * columns and weights copied): a subset of one side solved apart.
     */
    public CompressedRows select(int[] rows) {
        int[] selected = new int[rows.length + 1];
        for (int j = 0; j < rows.length; j++) {
            selected[j + 1] = selected[j] + start[rows[j] + 1] - start[rows[j]];
        }
        int[] columns = new int[selected[rows.length]];
        float[] weights = new float[columns.length];
        for (int j = 0; j < rows.length; j++) {
            int from = start[rows[j]];
            int length = selected[j + 1] - selected[j];
            System.arraycopy(column, from, columns, selected[j], length);
            System.arraycopy(weight, from, weights, selected[j], length);
        }
        return new CompressedRows(selected, columns, weights);
    }

    /**
     * Row boundaries cutting the rows into at most {@code parts} contiguous ranges of about equal numbers of
     * ratings plus rows (a row's solve costs a fixed part and a part per rating): {@code bounds[p]} to
     * {@code bounds[p + 1]}, first 0, last {@link #rows()}.
     */
    public int[] balancedBounds(int parts) {
        int rows = rows();
        int n = Math.max(1, Math.min(parts, rows));
        long total = (long) column.length + rows;
        int[] bounds = new int[n + 1];
        int r = 0;
        for (int p = 1; p < n; p++) {
            long target = total * p / n;
            while (r < rows && (long) start[r] + r < target) {
                r++;
            }
            bounds[p] = Math.max(r, bounds[p - 1]);
        }
        bounds[n] = rows;
        return bounds;
    }

    /** The most ratings any row has. */
    int longestRow() {
        int longest = 0;
        for (int r = 0; r < rows(); r++) {
            longest = Math.max(longest, start[r + 1] - start[r]);
        }
        return longest;
    }
}
