package org.wrmf.als;

import java.io.Serializable;

/**
 * What one source block sends one destination block in a half-iteration: the factors the destination
 * needs, packed in the out-block's order (possibly none), and the source block's share of the Gram
 * matrix, sum over its vectors of y y^T. Every destination block receives every source block's share
 * and sums them in source-block order, so all blocks solve against the same G without a driver round
 * trip.
 *
 * <p>The factors travel in double precision for the exact (Cholesky) solver and the loss, and rounded
 * to floats for CG, whose sparse products run in floats anyway: half the bytes to serialise, shuffle
 * and gather. Exactly one of {@link #factors} and {@link #singleFactors} is set. The Gram share is
 * always double, computed from the double factors.
 */
final class FactorMessage implements Serializable {
    final int sourceBlock;
    final double[] factors;
    final float[] singleFactors;
    final double[] partialGram;

    private FactorMessage(int sourceBlock, double[] factors, float[] singleFactors, double[] partialGram) {
        this.sourceBlock = sourceBlock;
        this.factors = factors;
        this.singleFactors = singleFactors;
        this.partialGram = partialGram;
    }

    static FactorMessage exact(int sourceBlock, double[] factors, double[] partialGram) {
        return new FactorMessage(sourceBlock, factors, null, partialGram);
    }

    static FactorMessage single(int sourceBlock, float[] factors, double[] partialGram) {
        return new FactorMessage(sourceBlock, null, factors, partialGram);
    }

    boolean isSingle() {
        return singleFactors != null;
    }

    /** Number of values (vectors x rank) carried. */
    int length() {
        return isSingle() ? singleFactors.length : factors.length;
    }
}
