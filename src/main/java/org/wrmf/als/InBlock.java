package org.wrmf.als;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The ratings of one destination block (a block of users when solving users, of items when solving
 * items) in compressed rows, built once and cached.
 *
 * <p>Row r is the destination with local index r (global id {@code r * blocks + block}); its ratings,
 * sorted by source id so that every block count sums them in the same order, name their source factor
 * by {@code ratings.column()}: a position in the block's gathered source matrix, which concatenates,
 * source block after source block, exactly the source factors this block needs: positions
 * {@code sourceStart[s] .. sourceStart[s + 1] - 1} come from source block s, and {@code sourceLocal[p]}
 * is the local index in s of position p. That list is what source block s must send here (see
 * {@link OutBlock}).
 */
final class InBlock implements Serializable {
    final CompressedRows ratings;
    final int[] sourceStart;
    final int[] sourceLocal;

    private InBlock(CompressedRows ratings, int[] sourceStart, int[] sourceLocal) {
        this.ratings = ratings;
        this.sourceStart = sourceStart;
        this.sourceLocal = sourceLocal;
    }

    int rows() {
        return ratings.rows();
    }

    /** Number of source factors gathered for this block. */
    int sourceCount() {
        return sourceLocal.length;
    }

    /** Builds the block from its raw chunks; repeated (destination, source) pairs are summed. */
    static InBlock build(int rows, int blocks, List<RatingChunk> chunks) {
        CompressedRows bySourceId = CompressedRows.build(rows, chunks);
        int[] sourceId = bySourceId.column();
        int ratings = sourceId.length;

        // Distinct needed sources ordered by (source block, local index): that order is the gathered matrix.
        long[] keys = new long[ratings];
        for (int j = 0; j < ratings; j++) {
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
        int[] sourcePos = new int[ratings];
        for (int j = 0; j < ratings; j++) {
            sourcePos[j] = Arrays.binarySearch(distinct, 0, count, keys[j]);
        }
        return new InBlock(
                new CompressedRows(bySourceId.start(), sourcePos, bySourceId.weight()), sourceStart, sourceLocal);
    }

    private static long sourceKey(int sourceId, int blocks) {
        return ((long) BlockLayout.blockOf(sourceId, blocks) << 32) | BlockLayout.localOf(sourceId, blocks);
    }
}
