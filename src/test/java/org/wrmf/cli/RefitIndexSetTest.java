package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

/** The refit's bit sets of dense indices, gathered from partitions, against a hash set. */
class RefitIndexSetTest {
    @Test
    void gathersTheIndicesOfEveryPartition() {
        JavaSparkContext context =
                JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        int size = 1000; // not a multiple of 64: the last word is partly used
        Random random = new Random(11);
        List<Integer> indices = new ArrayList<>();
        Set<Integer> expected = new HashSet<>();
        for (int n = 0; n < 300; n++) {
            int index = random.nextInt(size);
            indices.add(index);
            expected.add(index);
        }
        indices.add(0);
        indices.add(size - 1);
        expected.add(0);
        expected.add(size - 1);
        long[] set = RefitCommand.IndexSet.of(context.parallelize(indices, 4), size);
        for (int index = 0; index < size; index++) {
            assertEquals(expected.contains(index), RefitCommand.IndexSet.contains(set, index), "index " + index);
        }
        assertEquals(expected.size(), RefitCommand.IndexSet.size(set));
        assertEquals(
                0,
                RefitCommand.IndexSet.size(RefitCommand.IndexSet.of(context.parallelize(List.<Integer>of(), 3), size)));
    }

    @Test
    void unionKeepsBothAndLeavesTheFirstAlone() {
        long[] a = {0b0101L, 0L};
        long[] b = {0b0011L, 1L << 63};
        long[] union = RefitCommand.IndexSet.union(a, b);
        assertArrayEquals(new long[] {0b0111L, 1L << 63}, union);
        assertArrayEquals(new long[] {0b0101L, 0L}, a);
        assertEquals(4, RefitCommand.IndexSet.size(union));
        // index 127 is the top bit of the second word
        assertEquals(true, RefitCommand.IndexSet.contains(union, 127));
        assertEquals(false, RefitCommand.IndexSet.contains(union, 64));
    }
}
