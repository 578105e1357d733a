package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The ratings of one destination block (a block of users when solving users, of items when solving
 * items) in compressed rows, built once and cached.
 *
 * <p>Row r is the destination with local index r (global id {@code r * blocks + block}); its ratings
 * are {@code rowStart[r] .. rowStart[r + 1] - 1}, sorted by source id so that every block count sums
 * them in the same order. A rating names its source factor by {@code sourcePos}: a position in the
 * block's gathered source matrix, which concatenates, source block after source block, exactly the
 * source factors this block needs: positions {@code sourceStart[s] .. sourceStart[s + 1] - 1} come
 * from source block s, and {@code sourceLocal[p]} is the local index in s of position p. That list is
 * what source block s must send here (see {@link OutBlock}).
 */
final class InBlock implements Serializable {
    final int rows;
    final int[] rowStart;
    final int[] sourcePos;
    final float[] weight;
    final int[] sourceStart;
    final int[] sourceLocal;

    private InBlock(int rows, int[] rowStart, int[] sourcePos, float[] weight, int[] sourceStart, int[] sourceLocal) {
        this.rows = rows;
        this.rowStart = rowStart;
        this.sourcePos = sourcePos;
        this.weight = weight;
        this.sourceStart = sourceStart;
        this.sourceLocal = sourceLocal;
    }

    int maxRowLength() {
        return AlsKernel.longestRow(rowStart, rows);
    }

    /** Number of source factors gathered for this block. */
    int sourceCount() {
        return sourceLocal.length;
    }

    /**
     * Builds the block from its raw chunks. Repeated (destination, source) pairs are merged by summing
     * their weights, as the data stage does for duplicate likes.
     */
    static InBlock build(int rows, int blocks, List<RatingChunk> chunks) {
        int total = 0;
        for (RatingChunk chunk : chunks) {
            total += chunk.size;
        }
        int[] rowStart = new int[rows + 1];
        for (RatingChunk chunk : chunks) {
            for (int j = 0; j < chunk.size; j++) {
                rowStart[chunk.destinationLocal[j] + 1]++;
            }
        }
        for (int r = 0; r < rows; r++) {
            rowStart[r + 1] += rowStart[r];
        }
        // (source id, weight bits) packed in a long sorts a row by source id with its weight attached.
        long[] entries = new long[total];
        int[] fill = Arrays.copyOf(rowStart, rows);
        for (RatingChunk chunk : chunks) {
            for (int j = 0; j < chunk.size; j++) {
                entries[fill[chunk.destinationLocal[j]]++] =
                        ((long) chunk.sourceId[j] << 32) | (Float.floatToRawIntBits(chunk.weight[j]) & 0xffffffffL);
            }
        }
        int[] sourceId = new int[total];
        float[] weight = new float[total];
        int kept = 0;
        int start = 0;
        for (int r = 0; r < rows; r++) {
            int end = rowStart[r + 1];
            Arrays.sort(entries, start, end);
            int rowFirst = kept;
            for (int j = start; j < end; j++) {
                int id = (int) (entries[j] >>> 32);
                float w = Float.intBitsToFloat((int) entries[j]);
                if (kept > rowFirst && sourceId[kept - 1] == id) {
                    weight[kept - 1] += w;
                } else {
                    sourceId[kept] = id;
                    weight[kept++] = w;
                }
            }
            start = end;
            rowStart[r + 1] = kept;
        }
        sourceId = Arrays.copyOf(sourceId, kept);
        weight = Arrays.copyOf(weight, kept);

        // Distinct needed sources ordered by (source block, local index): that order is the gathered matrix.
        long[] keys = new long[kept];
        for (int j = 0; j < kept; j++) {
            keys[j] = sourceKey(sourceId[j], blocks);
        }
        long[] distinct = keys.clone();
        Arrays.sort(distinct);
        int count = 0;
        for (int j = 0; j < distinct.length; j++) {
            if (j == 0 || distinct[j] != distinct[j - 1]) {
                distinct[count++] = distinct[j];
            }
        }
        int[] sourceStart = new int[blocks + 1];
        int[] sourceLocal = new int[count];
        for (int p = 0; p < count; p++) {
            sourceStart[(int) (distinct[p] >>> 32) + 1]++;
            sourceLocal[p] = (int) distinct[p];
        }
        for (int s = 0; s < blocks; s++) {
            sourceStart[s + 1] += sourceStart[s];
        }
        int[] sourcePos = new int[kept];
        for (int j = 0; j < kept; j++) {
            sourcePos[j] = Arrays.binarySearch(distinct, 0, count, keys[j]);
        }
        return new InBlock(rows, rowStart, sourcePos, weight, sourceStart, sourceLocal);
    }

    private static long sourceKey(int sourceId, int blocks) {
        return ((long) BlockLayout.blockOf(sourceId, blocks) << 32) | BlockLayout.localOf(sourceId, blocks);
    }
}
