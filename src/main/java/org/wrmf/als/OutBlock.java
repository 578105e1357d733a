package org.wrmf.als;

import java.io.Serializable;

/**
 * What one source block sends in a half-iteration: for each destination block b, the local indices
 * of its factors that b's ratings use ({@code localsByDestination[b]}, empty when none). Each factor
 * therefore travels at most once per destination block, however many ratings there use it.
 */
final class OutBlock implements Serializable {
    final int[][] localsByDestination;

    OutBlock(int[][] localsByDestination) {
        this.localsByDestination = localsByDestination;
    }
}
