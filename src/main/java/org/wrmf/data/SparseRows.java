package org.wrmf.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * One block of rows of the likes matrix with int ids, compressed: row first + r holds the columns
 * columns[start[r]..start[r + 1]) (ascending) with their weights. By user, the columns are items.
 */
final class SparseRows implements Serializable {
    final int first;
    final int[] start;
    final int[] columns;
    final float[] weights;
    /** Each like's time (epoch seconds); null when the likes have none. */
    final long[] times;

    SparseRows(int first, int[] start, int[] columns, float[] weights) {
        this(first, start, columns, weights, null);
    }

    SparseRows(int first, int[] start, int[] columns, float[] weights, long[] times) {
        this.first = first;
        this.start = start;
        this.columns = columns;
        this.weights = weights;
        this.times = times;
    }

    int rows() {
        return start.length - 1;
    }

    int likes() {
        return columns.length;
    }

    /** Which of row r's likes to keep, by position in the row: null for all, and none past the array's end. */
    interface Selection extends Serializable {
        boolean[] of(int r);
    }

    /** The likes a selection keeps as table rows (user, item, weight), made as they are read. */
    Iterator<Row> rows(Selection selection) {
        return new Iterator<>() {
            private int r = -1;
            private int at;
            private boolean[] kept;

            {
                advance();
            }

            private void advance() {
                do {
                    at++;
                    while (r < rows() && (r < 0 || at == start[r + 1])) {
                        r++;
                        if (r < rows()) {
                            at = start[r];
                            kept = selection.of(r);
                        }
                    }
                } while (r < rows() && kept != null && (at - start[r] >= kept.length || !kept[at - start[r]]));
            }

            @Override
            public boolean hasNext() {
                return r < rows();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = RowFactory.create(first + r, columns[at], weights[at]);
                advance();
                return row;
            }
        };
    }

    /** The blocks of rows first[p]..first[p + 1] - 1 (first ends with the number of rows) holding these cells. */
    static JavaRDD<SparseRows> byRow(JavaRDD<Cells> cells, int[] first) {
        return cells.flatMapToPair(part -> part.byBlock(first).iterator())
                .partitionBy(new HashPartitioner(first.length - 1)) // an Integer key is its own hash
                .mapPartitionsWithIndex(
                        (p, parts) -> List.of(of(parts, first[p], first[p + 1])).iterator(), true);
    }

    /** Blocks of about equal numbers of rows: the first row of each, then the number of rows. */
    static int[] evenBlocks(int rows, int blocks) {
        int[] first = new int[blocks + 1];
        for (int p = 0; p <= blocks; p++) {
            first[p] = (int) ((long) rows * p / blocks);
        }
        return first;
    }

    /** The block whose rows hold row: the last p with first[p] <= row (empty blocks share their first). */
    static int blockOf(int[] first, int row) {
        int low = 0;
        int high = first.length - 2;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (first[middle] <= row) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /**
     * Counting sort by row, then each row's columns sorted (packed with their weight's bits; with times,
     * packed with their place instead, which then gives the weight and the time).
     */
    private static SparseRows of(Iterator<Tuple2<Integer, Cells>> parts, int first, int end) {
        List<Cells> all = new ArrayList<>();
        int[] start = new int[end - first + 1];
        boolean timed = false;
        while (parts.hasNext()) {
            Cells part = parts.next()._2();
            all.add(part);
            timed |= part.timed();
            for (int at = 0; at < part.size(); at++) {
                start[part.row(at) - first + 1]++;
            }
        }
        for (int r = 0; r < end - first; r++) {
            start[r + 1] += start[r];
        }
        int[] fill = Arrays.copyOf(start, start.length - 1);
        if (timed) {
            return timed(all, first, end, start, fill);
        }
        long[] packed = new long[start[end - first]];
        for (Cells part : all) {
            for (int at = 0; at < part.size(); at++) {
                packed[fill[part.row(at) - first]++] =
                        (long) part.column(at) << 32 | (Float.floatToRawIntBits(part.weight(at)) & 0xffffffffL);
            }
        }
        int[] columns = new int[packed.length];
        float[] weights = new float[packed.length];
        for (int r = 0; r < end - first; r++) {
            Arrays.sort(packed, start[r], start[r + 1]);
        }
        for (int at = 0; at < packed.length; at++) {
            columns[at] = (int) (packed[at] >>> 32);
            weights[at] = Float.intBitsToFloat((int) packed[at]);
        }
        return new SparseRows(first, start, columns, weights);
    }

    /** The rows of timed cells: each row's likes sorted by column, their weights and times alongside. */
    private static SparseRows timed(List<Cells> all, int first, int end, int[] start, int[] fill) {
        int likes = start[end - first];
        int[] columns = new int[likes];
        float[] weights = new float[likes];
        long[] times = new long[likes];
        long[] packed = new long[likes];
        for (Cells part : all) {
            for (int at = 0; at < part.size(); at++) {
                int like = fill[part.row(at) - first]++;
                columns[like] = part.column(at);
                weights[like] = part.weight(at);
                times[like] = part.time(at);
                packed[like] = (long) part.column(at) << 32 | like;
            }
        }
        for (int r = 0; r < end - first; r++) {
            Arrays.sort(packed, start[r], start[r + 1]);
        }
        int[] sortedColumns = new int[likes];
        float[] sortedWeights = new float[likes];
        long[] sortedTimes = new long[likes];
        for (int at = 0; at < likes; at++) {
            int like = (int) packed[at];
            sortedColumns[at] = columns[like];
            sortedWeights[at] = weights[like];
            sortedTimes[at] = times[like];
        }
        return new SparseRows(first, start, sortedColumns, sortedWeights, sortedTimes);
    }
}
