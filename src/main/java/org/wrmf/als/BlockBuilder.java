package org.wrmf.als;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Builds, for one side of the factorisation, the destination in-blocks (its ratings) and the matching
 * out-blocks of the other side (which source factors each destination block needs). Two shuffles:
 * rating chunks to their destination block, then the needed-source lists to their source block.
 */
final class BlockBuilder {
    private BlockBuilder() {}

    /** In-blocks of one side and the out-blocks of the opposite side that feed them. */
    record SideBlocks(JavaPairRDD<Integer, InBlock> inBlocks, JavaPairRDD<Integer, OutBlock> sourceOutBlocks) {}

    /**
     * @param destinationSide the side whose in-blocks are built (its rows; the sources are the other side)
     */
    static SideBlocks build(
            JavaSparkContext jsc,
            JavaRDD<Rating> ratings,
            Side destinationSide,
            int numUsers,
            int numItems,
            int blocks,
            Partitioner partitioner) {
        int numDestinations = destinationSide.rows(numUsers, numItems);
        JavaPairRDD<Integer, RatingChunk> chunks = ratings.mapPartitionsToPair(it -> {
            RatingChunk[] byBlock = new RatingChunk[blocks];
            while (it.hasNext()) {
                Rating r = it.next();
                if (r.user() < 0 || r.user() >= numUsers || r.item() < 0 || r.item() >= numItems) {
                    throw new IllegalArgumentException("rating " + r + " outside 0.." + (numUsers - 1) + " users / 0.."
                            + (numItems - 1) + " items");
                }
                if (!(r.weight() >= 0) || Float.isInfinite(r.weight())) {
                    throw new IllegalArgumentException("rating " + r + ": weight must be finite and >= 0");
                }
                int destination = destinationSide.rowOf(r);
                int source = destinationSide.sourceOf(r);
                int block = BlockLayout.blockOf(destination, blocks);
                if (byBlock[block] == null) {
                    byBlock[block] = new RatingChunk(64);
                }
                byBlock[block].add(BlockLayout.localOf(destination, blocks), source, r.weight());
            }
            List<Tuple2<Integer, RatingChunk>> out = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                if (byBlock[b] != null) {
                    out.add(new Tuple2<>(b, byBlock[b].trimmed()));
                }
            }
            return out.iterator();
        });
        // An empty chunk per block so that blocks without ratings still exist and solve their rows.
        List<Tuple2<Integer, RatingChunk>> empty = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            empty.add(new Tuple2<>(b, new RatingChunk()));
        }
        JavaPairRDD<Integer, InBlock> inBlocks = chunks.union(jsc.parallelizePairs(empty, 1))
                .groupByKey(partitioner)
                .mapPartitionsToPair(
                        it -> {
                            List<Tuple2<Integer, InBlock>> out = new ArrayList<>();
                            while (it.hasNext()) {
                                Tuple2<Integer, Iterable<RatingChunk>> t = it.next();
                                List<RatingChunk> list = new ArrayList<>();
                                t._2().forEach(list::add);
                                int rows = BlockLayout.sizeOf(t._1(), numDestinations, blocks);
                                out.add(new Tuple2<>(t._1(), InBlock.build(rows, blocks, list)));
                            }
                            return out.iterator();
                        },
                        true);

        JavaPairRDD<Integer, OutBlock> outBlocks = inBlocks.flatMapToPair(t -> {
                    int destination = t._1();
                    InBlock in = t._2();
                    List<Tuple2<Integer, Tuple2<Integer, int[]>>> needs = new ArrayList<>();
                    for (int s = 0; s < blocks; s++) {
                        if (in.sourceStart[s + 1] > in.sourceStart[s]) {
                            int[] locals = java.util.Arrays.copyOfRange(
                                    in.sourceLocal, in.sourceStart[s], in.sourceStart[s + 1]);
                            needs.add(new Tuple2<>(s, new Tuple2<>(destination, locals)));
                        }
                    }
                    return needs.iterator();
                })
                .groupByKey(partitioner)
                .mapValues(needs -> {
                    int[][] byDestination = new int[blocks][];
                    for (int b = 0; b < blocks; b++) {
                        byDestination[b] = new int[0];
                    }
                    for (Tuple2<Integer, int[]> need : needs) {
                        byDestination[need._1()] = need._2();
                    }
                    return new OutBlock(byDestination);
                });
        return new SideBlocks(inBlocks, outBlocks);
    }
}
