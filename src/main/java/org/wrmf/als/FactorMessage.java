package org.wrmf.als;

import java.io.Serializable;

/**
 * What one source block sends one destination block in a half-iteration: the factors the destination
 * needs, packed in the out-block's order (possibly none), and the source block's share of the Gram
 * matrix, sum over its vectors of y y^T. Every destination block receives every source block's share
 * and sums them in source-block order, so all blocks solve against the same G without a driver round
 * trip.
 */
final class FactorMessage implements Serializable {
    final int sourceBlock;
    final double[] factors;
    final double[] partialGram;

    FactorMessage(int sourceBlock, double[] factors, double[] partialGram) {
        this.sourceBlock = sourceBlock;
        this.factors = factors;
        this.partialGram = partialGram;
    }
}
