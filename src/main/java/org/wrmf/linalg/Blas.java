package org.wrmf.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.LAPACK;

/**
 * The BLAS and LAPACK implementations the numeric code runs on, chosen once per JVM by
 * dev.ludovic.netlib (Spark's own): by default the OpenBLAS shipped in the jar ({@link BundledOpenBlas}),
 * or the system's libraries ({@code WRMF_BLAS=system}, e.g. {@code libopenblas0-pthread}), else netlib's
 * pure-Java fallback. Nothing requires a native library.
 */
public final class Blas {
    /** Which native library netlib is pointed at; set before netlib loads one (the fields below). */
    private static final String LIBRARY = BundledOpenBlas.install();
    /** Matrix products (dgemm, dsyrk): the native library when it loads, else pure Java. */
    public static final BLAS DEFAULT = BLAS.getInstance();
    /**
     * Always pure Java, for products of one short vector where a JNI call would cost more than the
     * arithmetic; netlib's SIMD VectorBLAS when the JVM has the Vector API.
     */
    public static final BLAS JAVA = JavaBLAS.getInstance();
    /** Factorisations (dpotrf, dpotrs): the native library when it loads, else pure Java. */
    public static final LAPACK DEFAULT_LAPACK = LAPACK.getInstance();

    private Blas() {}

    /** True when {@link #DEFAULT} is the native library. */
    public static boolean isNative() {
        return DEFAULT instanceof NativeBLAS;
    }

    /** For logs and the run manifest: the implementations in use, and whether CG's float products run SIMD. */
    public static String describe() {
        return "library=" + (isNative() ? LIBRARY : "none (pure Java)") + ", blas="
                + DEFAULT.getClass().getName()
                + ", lapack=" + DEFAULT_LAPACK.getClass().getName() + ", vector="
                + JAVA.getClass().getName()
                + ", cg-sparse=" + (VectorApi.AVAILABLE ? "float-simd" : "float-scalar");
    }
}
