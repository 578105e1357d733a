package org.wrmf.linalg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenBLAS shipped inside the jar (Linux x86-64, from Maven: {@code org.bytedeco:openblas}), so BLAS and
 * LAPACK run natively on any machine the jar reaches, executors included, without a system package.
 *
 * <p>dev.ludovic.netlib loads its native BLAS and LAPACK with {@code dlopen} of the path in the system
 * properties {@code dev.ludovic.netlib.blas.nativeLibPath} and {@code dev.ludovic.netlib.lapack.nativeLibPath}
 * (else the system's {@code libblas.so.3} and {@code liblapack.so.3}); OpenBLAS holds both. A library cannot
 * be loaded from inside a jar, so the library and the Fortran runtime it needs (OpenBLAS finds it beside
 * itself) are unpacked to a folder and named there: a cache kept across JVMs, {@code $XDG_CACHE_HOME/wrmf}
 * or {@code ~/.cache/wrmf} (or the folder in {@code WRMF_BLAS_CACHE}), one subfolder per build of the
 * library (its CRC and size in the jar). A cached file is used only when its size and CRC-32 match the
 * jar's entry; else it is unpacked again to a temporary name in the folder and moved into place, so JVMs
 * starting together never load half a file. Unpacking (inflating about 40 MB) was most of a fresh JVM's
 * first BLAS call. Where the cache cannot be used ({@code WRMF_BLAS_CACHE=none}, a home that cannot be
 * written, resources not in a jar) the files go to a temporary folder of the JVM, as before the cache.
 *
 * <p>Choose with the environment variable (or system property) {@code WRMF_BLAS}: {@code bundled} (the
 * default on Linux x86-64), {@code system} (the system's libraries, as before), or {@code java} (netlib's
 * pure-Java code). A path set by the user in the netlib properties is left alone.
 */
final class BundledOpenBlas {
    static final String CHOICE = "WRMF_BLAS";
    /** Environment variable (or system property): the cache folder, or {@code none} for none. */
    static final String CACHE = "WRMF_BLAS_CACHE";

    private static final Logger LOG = LoggerFactory.getLogger(BundledOpenBlas.class);
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
        String root = null;
        try {
            Path folder = cacheRoot();
            if (folder != null) {
                root = folder.toString();
                Path cached = cached(folder);
                if (cached != null) {
                    return cached;
                }
            }
        } catch (IOException | RuntimeException e) { // a bad path, a read-only home, a full disk
            LOG.info("BLAS cache {} not usable ({}); unpacking OpenBLAS for this JVM only", root, e.toString());
        }
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

    /** The cache's root folder, or null for none: {@code WRMF_BLAS_CACHE}, else the user's cache folder. */
    private static Path cacheRoot() {
        String chosen = System.getProperty(CACHE, System.getenv(CACHE));
        if (chosen != null && !chosen.isBlank()) {
            return chosen.trim().equalsIgnoreCase("none") ? null : Path.of(chosen.trim());
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "wrmf");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "wrmf");
    }

    /**
     * The library in the cache under {@code root}, unpacked there first where a file is missing or differs
     * from the jar's; null when the jar's entries carry no size or CRC to check against.
     */
    static Path cached(Path root) throws IOException {
        ZipEntry library = entry(LIBRARY);
        if (library == null) {
            return null;
        }
        Path folder = root.resolve("openblas-" + Long.toHexString(library.getCrc()) + "-" + library.getSize());
        Files.createDirectories(folder);
        for (String name : RUNTIME) {
            ZipEntry runtime = entry(name);
            if (runtime == null) {
                return null;
            }
            cachedCopy(name, runtime, folder);
        }
        return cachedCopy(LIBRARY, library, folder);
    }

    /** {@code name} in {@code folder}, the same bytes as the jar's {@code entry} (unpacked first unless so). */
    private static Path cachedCopy(String name, ZipEntry entry, Path folder) throws IOException {
        Path target = folder.resolve(name);
        if (sameAs(target, entry)) {
            return target;
        }
        Path part = Files.createTempFile(folder, name + ".", ".part");
        try {
            try (InputStream in = resource(name)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!sameAs(part, entry)) {
                throw new IOException("unpacked " + name + " does not match the jar's size and CRC");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }

    /** Whether {@code file} has the size and CRC-32 of the jar's {@code entry}. */
    static boolean sameAs(Path file, ZipEntry entry) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
            return false;
        }
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel channel = FileChannel.open(file)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue() == entry.getCrc();
    }

    /** The jar's entry of a bundled file, null when it is not in a jar or carries no size or CRC. */
    private static ZipEntry entry(String name) throws IOException {
        URL url = BundledOpenBlas.class.getResource(RESOURCES + name);
        if (url == null) {
            return null;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return null;
        }
        ZipEntry entry = jar.getJarEntry();
        return entry == null || entry.getSize() < 0 || entry.getCrc() < 0 ? null : entry;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BundledOpenBlas.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException("missing resource " + RESOURCES + name);
        }
        return in;
    }

    private static Path copy(String name, Path folder) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        return target;
    }
}
