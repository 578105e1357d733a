package org.wrmf.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.spark.SparkConf;
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
        // KryoSerializer reads its instances' settings from these keys, with these defaults
        this.unsafe = conf.getBoolean("spark.kryo.unsafe", false);
        this.pooled = conf.getBoolean("spark.kryo.pool", true);
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
