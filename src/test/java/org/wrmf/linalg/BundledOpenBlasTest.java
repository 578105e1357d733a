package org.wrmf.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledOpenBlasTest {
    private static final String RUNTIME = "/org/bytedeco/openblas/linux-x86_64/libgcc_s.so.1";

    /**
     * The cache unpacks once, hands the same files to the next JVM, and unpacks again a file that no longer
     * matches the jar's bytes (a byte changed in place, a file cut short), leaving no partial files behind.
     */
    @Test
    void theCacheUnpacksOnceAndReplacesAFileThatDiffers(@TempDir Path root) throws Exception {
        Assumptions.assumeTrue(BundledOpenBlasTest.class.getResource(RUNTIME) != null, "no bundled OpenBLAS");
        Path library = BundledOpenBlas.cached(root);
        assertNotNull(library, "the bundled files come from a jar with sizes and CRCs");
        Path folder = library.getParent();
        Path runtime = folder.resolve("libgcc_s.so.1");
        byte[] expected;
        try (InputStream in = BundledOpenBlasTest.class.getResourceAsStream(RUNTIME)) {
            expected = in.readAllBytes();
        }
        assertArrayEquals(expected, Files.readAllBytes(runtime));
        long written = Files.getLastModifiedTime(library).toMillis();

        // a second JVM: the same path, nothing written again
        Files.setLastModifiedTime(library, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        assertEquals(library, BundledOpenBlas.cached(root));
        assertEquals(written - 60_000, Files.getLastModifiedTime(library).toMillis());

        // one byte changed, the size kept: the CRC tells, and the file is unpacked again
        try (FileChannel channel = FileChannel.open(runtime, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ~expected[100]}), 100);
        }
        assertNotEquals(expected[100], Files.readAllBytes(runtime)[100]);
        assertEquals(library, BundledOpenBlas.cached(root));
        assertArrayEquals(expected, Files.readAllBytes(runtime));

        // cut short: unpacked again
        try (FileChannel channel = FileChannel.open(runtime, StandardOpenOption.WRITE)) {
            channel.truncate(10);
        }
        assertEquals(library, BundledOpenBlas.cached(root));
        assertArrayEquals(expected, Files.readAllBytes(runtime));
        try (Stream<Path> files = Files.list(folder)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")), "no partial files left");
        }
    }
}
