package org.wrmf.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.Kryo$;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.KryoSerializerInstance;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;

/**
 * Spark's Kryo serializer, except that a stream failing when it is closed fails the write. Kryo 4's
 * {@code Output.close()} ignores an IOException from the stream it wraps, so a checkpoint file whose
 * last bytes could not be written (a full disk, a lost connection) was renamed into place truncated,
 * and read back later as a corrupt checkpoint; here the task fails and Spark retries it.
 */
public class CheckedKryoSerializer extends KryoSerializer {
    private final boolean unsafe;
    private final boolean pooled;

    public CheckedKryoSerializer(SparkConf conf) {
        super(conf);
        // The instance must use the serializer's own settings, defaults included: its serialize() writes
        // through the serializer's output (unsafe by default since Spark 4) and its deserialize() reads
        // with the instance's flag, so a hard-coded default of false made every value read back wrong
        // (MLlib's ALS failed on the arrays of its task results). Spark's config entries, not copies.
        this.unsafe = (Boolean) conf.get(Kryo$.MODULE$.KRYO_USE_UNSAFE());
        this.pooled = (Boolean) conf.get(Kryo$.MODULE$.KRYO_USE_POOL());
    }

    @Override
    public SerializerInstance newInstance() {
        return new KryoSerializerInstance(this, unsafe, pooled) {
            @Override
            public SerializationStream serializeStream(OutputStream stream) {
                return super.serializeStream(new CloseFailureKept(stream));
            }
        };
    }

    /** A stream whose close failure goes past Kryo, which catches only IOException. */
    static final class CloseFailureKept extends FilterOutputStream {
        CloseFailureKept(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not finish writing: " + e.getMessage(), e);
            }
        }
    }
}
