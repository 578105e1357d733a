package org.wrmf.rank;

/** Copies one factor vector into a packed block, scaled to unit length when ranking by cosine. */
final class FactorPacking {
    private FactorPacking() {}

    static void copy(double[] vector, double[] packed, int offset, boolean unitLength) {
        double scale = 1.0;
        if (unitLength) {
            double squares = 0.0;
            for (double v : vector) {
                squares += v * v;
            }
            // a zero vector has no direction: its cosine with anything is taken as 0
            scale = squares > 0.0 ? 1.0 / Math.sqrt(squares) : 0.0;
        }
        for (int f = 0; f < vector.length; f++) {
            packed[offset + f] = vector[f] * scale;
        }
    }
}
