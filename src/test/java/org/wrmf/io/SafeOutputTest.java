package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;

class SafeOutputTest {
    @TempDir
    Path dir;

    private static Dataset<Row> numbers(long from, long to) {
        return SparkTestSession.get().range(from, to).toDF("n");
    }

    private static List<Long> read(Path path) {
        SparkSession spark = SparkTestSession.get();
        return spark.read()
                .parquet(path.toString())
                .orderBy("n")
                .as(org.apache.spark.sql.Encoders.LONG())
                .collectAsList();
    }

    private SafeOutput output(boolean overwrite) {
        return new SafeOutput(SparkTestSession.get().sparkContext().hadoopConfiguration(), overwrite);
    }

    @Test
    void writesParquetWithMarkerAndNoLeftovers() throws IOException {
        Path target = dir.resolve("out/factors");
        output(false).writeParquet(numbers(0, 5), target.toString());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), read(target));
        assertTrue(Files.exists(target.resolve("_SUCCESS")));
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertEquals(List.of(target), siblings.toList(), "no staging or previous folder is left");
        }
    }

    @Test
    void refusesToReplaceWithoutOverwrite() {
        Path target = dir.resolve("factors");
        output(false).writeParquet(numbers(0, 3), target.toString());
        OutputExistsException e = assertThrows(
                OutputExistsException.class, () -> output(false).writeParquet(numbers(10, 12), target.toString()));
        assertEquals(
                org.wrmf.common.Setting.OUTPUT_OVERWRITE, e.setting(), "the command line names wrmf.output.overwrite");
        assertInstanceOf(org.wrmf.common.ConfigError.class, e, "the command line exits 2 on it");
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertThrows(OutputExistsException.class, () -> output(false).checkWritable(target.toString()));
        assertEquals(List.of(0L, 1L, 2L), read(target));
    }

    @Test
    void replacesWithOverwrite() {
        Path target = dir.resolve("factors");
        output(false).writeParquet(numbers(0, 3), target.toString());
        output(true).writeParquet(numbers(10, 12), target.toString());
        assertEquals(List.of(10L, 11L), read(target));
    }

    @Test
    void interruptedWriteLeavesPreviousOutputIntact() throws IOException {
        Path target = dir.resolve("similar-items");
        output(false).writeParquet(numbers(0, 3), target.toString());
        RuntimeException failure = new IllegalStateException("executor lost mid-write");
        RuntimeException thrown = assertThrows(
                IllegalStateException.class,
                () -> output(true).writeFolder(target.toString(), (fs, staging) -> {
                    numbers(100, 200).write().parquet(staging.toString() + "/part");
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals(List.of(0L, 1L, 2L), read(target));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(List.of(target), siblings.toList(), "the half-written staging folder is removed");
        }
    }

    @Test
    void writesFilesAtomicallyAndFoldersWithMarker() throws IOException {
        Path manifest = dir.resolve("run/manifest.json");
        output(false).writeFile(manifest.toString(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":1}", Files.readString(manifest));
        assertThrows(OutputExistsException.class, () -> output(false).writeFile(manifest.toString(), new byte[0]));
        output(true).writeFile(manifest.toString(), "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":2}", Files.readString(manifest));

        Path report = dir.resolve("run/report");
        output(false).writeFolder(report.toString(), (fs, staging) -> {
            try (var out = fs.create(new org.apache.hadoop.fs.Path(staging, "index.html"))) {
                out.write("<html></html>".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertTrue(Files.exists(report.resolve("_SUCCESS")));
        assertEquals("<html></html>", Files.readString(report.resolve("index.html")));
    }

    @Test
    void replacingAFileLeavesNoStagingOrPreviousCopy() throws IOException {
        Path point = dir.resolve("points/f2.tsv");
        for (String content : List.of("first", "second", "third")) {
            output(true).writeFile(point.toString(), content.getBytes(StandardCharsets.UTF_8));
            assertEquals(content, Files.readString(point));
        }
        try (Stream<Path> siblings = Files.list(point.getParent())) {
            assertEquals(
                    List.of(),
                    siblings.map(p -> p.getFileName().toString())
                            .filter(name -> name.contains("staging-") || name.contains("previous-"))
                            .toList());
        }
    }

    /** A driver killed between moving the previous file aside and moving the new one in loses neither. */
    @Test
    void killBetweenTheRenamesKeepsBothCopiesWhole() throws IOException {
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, "{\"run\":1}");
        Configuration dying =
                new Configuration(SparkTestSession.get().sparkContext().hadoopConfiguration());
        dying.set("fs.dying.impl", DyingRenames.class.getName());
        dying.setBoolean("fs.dying.impl.disable.cache", true);

        assertThrows(
                UncheckedIOException.class,
                () -> new SafeOutput(dying, true)
                        .writeFile(
                                "dying://" + manifest.toAbsolutePath(),
                                "{\"run\":2}".getBytes(StandardCharsets.UTF_8)));

        assertFalse(Files.exists(manifest));
        assertEquals(List.of("{\"run\":1}"), contentsOf(".manifest.json.previous-"), "the previous file, whole");
        assertEquals(List.of("{\"run\":2}"), contentsOf(".manifest.json.staging-"), "the new file, whole");
    }

    private List<String> contentsOf(String prefix) throws IOException {
        try (Stream<Path> siblings = Files.list(dir)) {
            List<String> contents = new ArrayList<>();
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList()) {
                contents.add(Files.readString(p));
            }
            return contents;
        }
    }

    /** The local file system under the scheme dying://, where moving a staging path in kills the driver. */
    public static final class DyingRenames extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("dying:///");
        }

        @Override
        public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
            if (src.getName().contains(".staging-")) {
                throw new IOException("driver killed");
            }
            return super.rename(src, dst);
        }
    }
}
