package org.wrmf.linalg;

/**
 * Double-to-float narrowing (round to nearest), the one copy used where factors travel or are stored
 * in single precision: CG's float messages and sources, and the written factor tables.
 */
public final class Narrowing {
    private Narrowing() {}

    /** The values rounded to floats. */
    public static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        toFloats(values, 0, floats, 0, values.length);
        return floats;
    }

    /** to[toOffset + j] = (float) from[fromOffset + j] for j in [0, length). */
    public static void toFloats(double[] from, int fromOffset, float[] to, int toOffset, int length) {
        for (int j = 0; j < length; j++) {
            to[toOffset + j] = (float) from[fromOffset + j];
        }
    }
}
