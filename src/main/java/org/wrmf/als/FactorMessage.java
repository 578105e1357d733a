package org.wrmf.als;

import java.io.Serializable;

/** Factors shipped from one source block to one destination block, packed in the out-block's order. */
final class FactorMessage implements Serializable {
    final int sourceBlock;
    final double[] factors;

    FactorMessage(int sourceBlock, double[] factors) {
        this.sourceBlock = sourceBlock;
        this.factors = factors;
    }
}
