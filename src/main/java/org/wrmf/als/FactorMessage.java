package org.wrmf.als;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one source block sends one destination block in a half-iteration: the factors the destination
 * needs, packed in the out-block's order (possibly none), and the source block's share of the Gram
 * matrix, sum over its vectors of y y^T. Every destination block receives every source block's share
 * and sums them in source-block order, so all blocks solve against the same G without a driver round
 * trip.
 *
 * <p>The factors travel in double precision for the exact (Cholesky) solver and the loss, and rounded
 * to floats for CG, whose sparse products run in floats anyway: half the bytes to serialise, shuffle
 * and gather. Exactly one of {@link #factors} and {@link #floatFactors} is set. The Gram share is
 * always double, computed from the double factors.
 *
 * <p>Kryo writes the arrays in bulk, little-endian ({@link KryoSerializable}): its default array
 * serializers write value by value, which cost a third of the time a task spent serialising its
 * shipment. The fields are set by {@link #read} and never after.
 */
final class FactorMessage implements Serializable, KryoSerializable {
    /** Values converted per bulk copy, so the byte buffer stays small whatever the message's size. */
    private static final int BULK = 1 << 14;

    int sourceBlock;
    double[] factors;
    float[] floatFactors;
    double[] partialGram;

    private FactorMessage(int sourceBlock, double[] factors, float[] floatFactors, double[] partialGram) {
        this.sourceBlock = sourceBlock;
        this.factors = factors;
        this.floatFactors = floatFactors;
        this.partialGram = partialGram;
    }

    static FactorMessage ofDoubles(int sourceBlock, double[] factors, double[] partialGram) {
        return new FactorMessage(sourceBlock, factors, null, partialGram);
    }

    static FactorMessage ofFloats(int sourceBlock, float[] factors, double[] partialGram) {
        return new FactorMessage(sourceBlock, null, factors, partialGram);
    }

    boolean carriesFloats() {
        return floatFactors != null;
    }

    /** Number of values (vectors x rank) carried. */
    int length() {
        return carriesFloats() ? floatFactors.length : factors.length;
    }

    @Override
    public void write(Kryo kryo, Output output) {
        output.writeInt(sourceBlock);
        output.writeBoolean(carriesFloats());
        ByteBuffer buffer = ByteBuffer.allocate(BULK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (carriesFloats()) {
            writeFloats(output, floatFactors, buffer);
        } else {
            writeDoubles(output, factors, buffer);
        }
        writeDoubles(output, partialGram, buffer);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        sourceBlock = input.readInt();
        boolean floats = input.readBoolean();
        byte[] bytes = new byte[BULK * Double.BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        floatFactors = floats ? readFloats(input, bytes, buffer) : null;
        factors = floats ? null : readDoubles(input, bytes, buffer);
        partialGram = readDoubles(input, bytes, buffer);
    }

    // The float and double versions differ only in the primitive type (Java has no generic over it).
    private static void writeFloats(Output output, float[] values, ByteBuffer buffer) {
        output.writeInt(values.length);
        for (int from = 0; from < values.length; from += BULK) {
            int n = Math.min(BULK, values.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, n);
            output.writeBytes(buffer.array(), 0, n * Float.BYTES);
        }
    }

    private static float[] readFloats(Input input, byte[] bytes, ByteBuffer buffer) {
        float[] values = new float[input.readInt()];
        for (int from = 0; from < values.length; from += BULK) {
            int n = Math.min(BULK, values.length - from);
            input.readBytes(bytes, 0, n * Float.BYTES);
            buffer.clear();
            buffer.asFloatBuffer().get(values, from, n);
        }
        return values;
    }

    private static void writeDoubles(Output output, double[] values, ByteBuffer buffer) {
        output.writeInt(values.length);
        for (int from = 0; from < values.length; from += BULK) {
            int n = Math.min(BULK, values.length - from);
            buffer.clear();
            buffer.asDoubleBuffer().put(values, from, n);
            output.writeBytes(buffer.array(), 0, n * Double.BYTES);
        }
    }

    private static double[] readDoubles(Input input, byte[] bytes, ByteBuffer buffer) {
        double[] values = new double[input.readInt()];
        for (int from = 0; from < values.length; from += BULK) {
            int n = Math.min(BULK, values.length - from);
            input.readBytes(bytes, 0, n * Double.BYTES);
            buffer.clear();
            buffer.asDoubleBuffer().get(values, from, n);
        }
        return values;
    }
}
