package org.wrmf.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Factors to start a fit from, held in the driver's memory: {@code rank} doubles per row packed by dense
 * index, and a bit per row that has a vector (a row without one keeps the seeded random vector, as with a
 * {@link FactorModel} that lacks it). An in-memory fit ({@link InMemoryAls}) takes them as they are, without
 * a Spark job; a distributed one as the RDDs of {@link #toModel}.
 *
 * @param users    numUsers x rank values; a row whose bit is clear is ignored
 * @param userRows the users that have a vector
 * @param items    numItems x rank values
 * @param itemRows the items that have a vector
 */
public record PackedFactors(int rank, double[] users, BitSet userRows, double[] items, BitSet itemRows) {
    public PackedFactors {
        if (rank < 1 || users.length % rank != 0 || items.length % rank != 0) {
            throw new IllegalArgumentException("packed factors of " + users.length + " user and " + items.length
                    + " item values do not hold whole vectors of rank " + rank);
        }
    }

    /**
     * One side's vectors packed by dense index ({@code rank} values per row, up to the largest index given) and
     * the indices that have one.
     */
    public record Rows(double[] values, BitSet given) {
        /** Collects a factor RDD (dense index, vector) to the driver, a packed chunk per partition. */
        public static Rows collect(JavaPairRDD<Integer, double[]> factors, int rank) {
            List<Chunk> chunks = factors.mapPartitions(
                            it -> List.of(Chunk.of(it, rank)).iterator())
                    .collect();
            int count = 0;
            for (Chunk chunk : chunks) {
                for (int index : chunk.indices()) {
                    count = Math.max(count, index + 1);
                }
            }
            double[] values = new double[count * rank];
            BitSet given = new BitSet(count);
            for (Chunk chunk : chunks) {
                int[] indices = chunk.indices();
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(chunk.values(), r * rank, values, indices[r] * rank, rank);
                    given.set(indices[r]);
                }
            }
            return new Rows(values, given);
        }

        /** The number of rows packed (the largest index given + 1). */
        public int count(int rank) {
            return values.length / rank;
        }
    }

    /** A partition's vectors as two arrays: far faster to send than an object per vector. */
    private record Chunk(int[] indices, double[] values) implements Serializable {
        static Chunk of(Iterator<Tuple2<Integer, double[]>> rows, int rank) {
            List<Tuple2<Integer, double[]>> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            int[] indices = new int[all.size()];
            double[] values = new double[all.size() * rank];
            for (int r = 0; r < indices.length; r++) {
                indices[r] = all.get(r)._1();
                System.arraycopy(all.get(r)._2(), 0, values, r * rank, rank);
            }
            return new Chunk(indices, values);
        }
    }

    /** Copies the given rows of {@code from} (rows of {@code rank} values) over the same rows of {@code into}. */
    static void copyGiven(double[] from, BitSet rows, double[] into, int rank) {
        int count = Math.min(from.length, into.length) / rank;
        for (int row = rows.nextSetBit(0); row >= 0 && row < count; row = rows.nextSetBit(row + 1)) {
            System.arraycopy(from, row * rank, into, row * rank, rank);
        }
    }

    /**
     * The rows that have a vector as RDDs keyed by dense index, in {@code partitions} slices (not partitioned
     * by key: the distributed engine's warm start regroups them by its own blocks).
     */
    public FactorModel toModel(JavaSparkContext jsc, int partitions) {
        return new FactorModel(rank, rows(jsc, users, userRows, partitions), rows(jsc, items, itemRows, partitions));
    }

    private JavaPairRDD<Integer, double[]> rows(JavaSparkContext jsc, double[] packed, BitSet given, int partitions) {
        List<Tuple2<Integer, double[]>> rows = new ArrayList<>(given.cardinality());
        for (int row = given.nextSetBit(0); row >= 0; row = given.nextSetBit(row + 1)) {
            rows.add(new Tuple2<>(row, java.util.Arrays.copyOfRange(packed, row * rank, (row + 1) * rank)));
        }
        return jsc.parallelizePairs(rows, Math.max(1, partitions));
    }
}
