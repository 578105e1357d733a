package org.wrmf.linalg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The OpenBLAS shipped inside the jar (Linux x86-64, from Maven: {@code org.bytedeco:openblas}), so BLAS and
 * LAPACK run natively on any machine the jar reaches, executors included, without a system package.
 *
 * <p>dev.ludovic.netlib loads its native BLAS and LAPACK with {@code dlopen} of the path in the system
 * properties {@code dev.ludovic.netlib.blas.nativeLibPath} and {@code dev.ludovic.netlib.lapack.nativeLibPath}
 * (else the system's {@code libblas.so.3} and {@code liblapack.so.3}); OpenBLAS holds both. The library
 * and the Fortran runtime it needs are copied once per JVM to a temporary folder (a library cannot be
 * loaded from inside a jar; OpenBLAS finds the runtime beside itself) and named there.
 *
 * <p>Choose with the environment variable (or system property) {@code WRMF_BLAS}: {@code bundled} (the
 * default on Linux x86-64), {@code system} (the system's libraries, as before), or {@code java} (netlib's
 * pure-Java code). A path set by the user in the netlib properties is left alone.
 */
final class BundledOpenBlas {
    static final String CHOICE = "WRMF_BLAS";
    private static final String RESOURCES = "/org/bytedeco/openblas/linux-x86_64/";
    private static final String LIBRARY = "libopenblas.so.0";
    /** OpenBLAS's own dependencies, found beside it through its $ORIGIN run path. */
    private static final String[] RUNTIME = {"libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1"};

    private static final String BLAS_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    private static final String LAPACK_PATH = "dev.ludovic.netlib.lapack.nativeLibPath";

    private BundledOpenBlas() {}

    /** What was chosen, for {@link Blas#describe()}: the bundled library's path, "system", or "java". */
    static String install() {
        String choice = choice();
        if (System.getProperty(BLAS_PATH) != null || System.getProperty("dev.ludovic.netlib.blas.nativeLib") != null) {
            return "user: " + System.getProperty(BLAS_PATH, System.getProperty("dev.ludovic.netlib.blas.nativeLib"));
        }
        switch (choice) {
            case "system":
                return "system";
            case "java":
                // a path that cannot load makes netlib fall back to its Java code
                System.setProperty(BLAS_PATH, "/nonexistent/wrmf-java-blas");
                System.setProperty(LAPACK_PATH, "/nonexistent/wrmf-java-blas");
                return "java";
            default:
                break;
        }
        if (!isLinuxX86() || BundledOpenBlas.class.getResource(RESOURCES + LIBRARY) == null) {
            return "system (no bundled OpenBLAS for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ")";
        }
        Path library = extract();
        System.setProperty(BLAS_PATH, library.toString());
        System.setProperty(LAPACK_PATH, library.toString());
        return "bundled OpenBLAS (org.bytedeco:openblas)";
    }

    private static String choice() {
        String value = System.getProperty(CHOICE, System.getenv(CHOICE));
        return value == null || value.isBlank() ? "bundled" : value.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isLinuxX86() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux")
                && ("amd64".equals(arch) || "x86_64".equals(arch));
    }

    private static Path extract() {
        try {
            Path folder = Files.createTempDirectory("wrmf-openblas-");
            folder.toFile().deleteOnExit();
            for (String name : RUNTIME) {
                copy(name, folder);
            }
            return copy(LIBRARY, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled OpenBLAS", e);
        }
    }

    private static Path copy(String name, Path folder) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = BundledOpenBlas.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCES + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        return target;
    }
}
