package org.wrmf.common;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.wrmf.als.Rating;
import org.wrmf.rank.Scored;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Records through Spark's Kryo serializer, as Main configures it (no SparkSession needed). */
class RecordKryoRegistratorTest {

    /** Shaped like the evaluation's partial rankings: records inside a record, a primitive, a string. */
    record Partial(Scored[] top, long negatives, String label) {}

    private static <T> T roundTrip(SerializerInstance kryo, T value, Class<T> type) {
        ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
        return kryo.deserialize(kryo.serialize(value, tag), tag);
    }

    @Test
    void recordsSurviveKryo() {
        SparkConf conf = new SparkConf().set("spark.kryo.registrator", RecordKryoRegistrator.class.getName());
        SerializerInstance kryo = new KryoSerializer(conf).newInstance();
        assertEquals(new Rating(3, 7, 2.5f), roundTrip(kryo, new Rating(3, 7, 2.5f), Rating.class));
        Scored[] top = {new Scored(4, 0.5), new Scored(9, -1.25)};
        assertArrayEquals(top, roundTrip(kryo, top, Scored[].class));
        Partial partial = roundTrip(kryo, new Partial(top, 12L, "x"), Partial.class);
        assertArrayEquals(top, partial.top(), "a record holding an array of records");
        assertEquals(12L, partial.negatives());
        assertEquals("x", partial.label());
    }

    @Test
    void withoutItKryoCannotSerializeRecords() {
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        assertThrows(
                IllegalArgumentException.class,
                () -> roundTrip(kryo, new Scored(1, 2.0), Scored.class),
                "if this passes, Spark's Kryo learned records and the registrator can go");
    }
}
