package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** A checkpoint (any Kryo stream) whose last bytes cannot be written fails, instead of being kept truncated. */
class CheckedKryoSerializerTest {
    /** A disk that fills up when the file is closed: the buffered bytes never reach it. */
    static final class FailsAtClose extends ByteArrayOutputStream {
        @Override
        public void close() throws IOException {
            throw new IOException("No space left on device");
        }
    }

    @Test
    void aStreamFailingAtCloseFailsTheWrite() {
        SparkConf conf = new SparkConf();
        SerializationStream plain = new KryoSerializer(conf).newInstance().serializeStream(new FailsAtClose());
        plain.writeObject(new float[] {1, 2, 3}, ClassTag$.MODULE$.apply(float[].class));
        plain.close(); // Kryo 4 ignores the failure: what the checked serializer is for

        SerializationStream checked =
                new CheckedKryoSerializer(conf).newInstance().serializeStream(new FailsAtClose());
        checked.writeObject(new float[] {1, 2, 3}, ClassTag$.MODULE$.apply(float[].class));
        assertThrows(UncheckedIOException.class, checked::close);
    }

    @Test
    void whatItWritesReadsBack() {
        CheckedKryoSerializer serializer = new CheckedKryoSerializer(new SparkConf());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationStream out = serializer.newInstance().serializeStream(bytes);
        out.writeObject(new float[] {1, 2, 3}, ClassTag$.MODULE$.apply(float[].class));
        out.close();
        DeserializationStream in =
                serializer.newInstance().deserializeStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(new float[] {1, 2, 3}, (float[]) in.readObject(ClassTag$.MODULE$.apply(float[].class)));
        assertTrue(serializer.supportsRelocationOfSerializedObjects());
    }

    /**
     * A value serialized whole reads back, with Spark's defaults and either Kryo output: task results
     * travel this way (an instance whose flag differed from the serializer's read arrays back wrong).
     */
    @Test
    void aValueSerializedWholeReadsBackWhateverTheUnsafeSetting() {
        for (String unsafe : new String[] {null, "true", "false"}) {
            SparkConf conf = new SparkConf();
            if (unsafe != null) {
                conf.set("spark.kryo.unsafe", unsafe);
            }
            double[] value = {0.5, -1.25, 3e-300, Double.MAX_VALUE};
            var instance = new CheckedKryoSerializer(conf).newInstance();
            var tag = ClassTag$.MODULE$.<double[]>apply(double[].class);
            double[] back = instance.deserialize(instance.serialize(value, tag), tag);
            assertArrayEquals(value, back, "spark.kryo.unsafe=" + unsafe);
        }
    }
}
