package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BlasTest {

    /** Without a choice, the OpenBLAS shipped in the jar runs: native BLAS on a machine without one. */
    @Test
    void theBundledOpenBlasRunsByDefault() {
        Assumptions.assumeTrue(
                System.getProperty(BundledOpenBlas.CHOICE, System.getenv(BundledOpenBlas.CHOICE)) == null,
                "WRMF_BLAS chooses another library");
        Assumptions.assumeTrue(
                System.getProperty("os.name").toLowerCase().contains("linux")
                        && System.getProperty("os.arch").matches("amd64|x86_64"),
                "OpenBLAS is bundled for Linux x86-64");
        assertTrue(Blas.isNative(), Blas.describe());
        assertTrue(Blas.describe().startsWith("library=bundled OpenBLAS"), Blas.describe());
        // and it computes: G of two vectors, and a 2 x 2 Cholesky solve through its LAPACK
        double[] g = Gram.ofPacked(new double[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new double[] {10, 14, 14, 20}, g, 0);
        double[] b = {24, 34};
        new Cholesky(2).solve(g, b, true);
        assertArrayEquals(new double[] {1, 1}, b, 1e-12);
    }
}
