package org.wrmf.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import scala.Tuple2;

class LikedItemsTest {

    @Test
    void sortedAndDistinct() {
        assertArrayEquals(new int[0], LikedItems.sortedDistinct(List.of()));
        assertArrayEquals(new int[] {1, 3, 7}, LikedItems.sortedDistinct(List.of(7, 3, 7, 1, 3)));
        List<Integer> many = new ArrayList<>();
        for (int i = 40; i > 0; i--) {
            many.add(i % 20); // 19..0 twice, past the first buffer of 16
        }
        int[] expected = new int[20];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, LikedItems.sortedDistinct(many));
    }

    @Test
    void groupedByUserWithTheGivenPartitioner() {
        HashPartitioner partitioner = new HashPartitioner(3);
        JavaPairRDD<Integer, Integer> likes = SparkTestSession.jsc()
                .parallelizePairs(
                        List.of(new Tuple2<>(1, 9), new Tuple2<>(0, 4), new Tuple2<>(1, 2), new Tuple2<>(1, 9)), 2);
        JavaPairRDD<Integer, int[]> byUser = LikedItems.byUser(likes, partitioner);
        assertEquals(partitioner, byUser.partitioner().get());
        Map<Integer, int[]> map = byUser.collectAsMap();
        assertEquals(2, map.size());
        assertArrayEquals(new int[] {4}, map.get(0));
        assertArrayEquals(new int[] {2, 9}, map.get(1));
    }
}
