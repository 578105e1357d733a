package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.wrmf.common.RecordKryoRegistrator;
import scala.reflect.ClassTag$;

/** The job runs with Kryo and the record registrator (Main sets both): the block classes must survive it unchanged. */
class KryoBlocksTest {
    private final SerializerInstance kryo = new KryoSerializer(
                    new SparkConf().set("spark.kryo.registrator", RecordKryoRegistrator.class.getName()))
            .newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        return (T) kryo.deserialize(
                kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class)), ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void blocksAndMessagesRoundTrip() {
        RatingChunk chunk = new RatingChunk(4);
        chunk.add(0, 5, 1f);
        chunk.add(1, 2, 2f);
        chunk.add(0, 2, 3f);
        InBlock in = roundTrip(InBlock.build(2, 3, List.of(chunk.trimmed())));
        assertEquals(2, in.rows());
        assertArrayEquals(new int[] {0, 2, 3}, in.ratings.start());
        assertArrayEquals(new float[] {3f, 1f, 2f}, in.ratings.weight()); // row 0 sorted by source id: 2, 5
        assertArrayEquals(new int[] {0, 0, 0, 2}, in.sourceStart); // sources 2 and 5 both in block 2
        assertArrayEquals(new int[] {0, 1, 0}, in.ratings.column());
        assertArrayEquals(new int[] {0, 1}, in.sourceLocal);
        OutBlock out = roundTrip(new OutBlock(new int[][] {{1, 4}, {}}));
        assertArrayEquals(new int[] {1, 4}, out.localsByDestination[0]);
        FactorMessage message = roundTrip(FactorMessage.ofDoubles(2, new double[] {1, 2}, new double[] {3}));
        assertEquals(2, message.sourceBlock);
        assertArrayEquals(new double[] {1, 2}, message.factors);
        assertArrayEquals(new double[] {3}, message.partialGram);
        FactorMessage floats = roundTrip(FactorMessage.ofFloats(1, new float[] {4f, 5f}, new double[] {6}));
        assertTrue(floats.carriesFloats());
        assertArrayEquals(new float[] {4f, 5f}, floats.floatFactors);
        assertArrayEquals(new double[] {6}, floats.partialGram);
    }

    @Test
    void largeAndEmptyMessagesRoundTripBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int n = 40_001; // several bulk copies and a partial one
        double[] factors = new double[n];
        float[] rounded = new float[n];
        for (int j = 0; j < n; j++) {
            factors[j] = random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30));
            rounded[j] = (float) factors[j];
        }
        double[] gram = java.util.Arrays.copyOf(factors, 128 * 128);
        FactorMessage exact = roundTrip(FactorMessage.ofDoubles(7, factors, gram));
        assertEquals(7, exact.sourceBlock);
        assertArrayEquals(factors, exact.factors);
        assertArrayEquals(gram, exact.partialGram);
        FactorMessage floats = roundTrip(FactorMessage.ofFloats(3, rounded, gram));
        assertArrayEquals(rounded, floats.floatFactors);
        assertArrayEquals(gram, floats.partialGram);
        FactorMessage empty = roundTrip(FactorMessage.ofFloats(0, new float[0], new double[0]));
        assertEquals(0, empty.length());
        assertTrue(empty.carriesFloats());
    }
}
