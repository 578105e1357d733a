package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.cli.StandaloneClusterTest.deleteRecursively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.io.OutputFolder;
import org.wrmf.io.SafeOutput;
import org.wrmf.testfs.RemoteFileSystem;

/**
 * A whole run on storage that is not the local file system, as on S3: the input, the output folder and
 * the checkpoints of {@code all} on {@code remote://} ({@link RemoteFileSystem}, registered as
 * {@code fs.remote.impl} the way S3A is for {@code s3a://}), then {@code report} and {@code fold-in} on
 * that run. So the output folder's claim and lock, the staged writes and their renames, Parquet, the
 * Spark ML model, the manifest, the rejected rows, the report, the grid's points and the factor
 * checkpoints all go through Hadoop's FileSystem API, and every output is read back through the scheme.
 * That file system keeps a path's file in a local folder of its own, so code that opened a job's path
 * with java.io or java.nio would fail or write elsewhere, which the test checks too.
 */
@Slow
class RemoteStorageTest {
    private static final String BUCKET = RemoteFileSystem.SCHEME + "://wrmf-bucket";
    /** A top folder no local path should ever have: were an output written with java.io, it would be there. */
    private static final String TOP = "wrmf-remote-storage-test";

    private static final String INPUT = BUCKET + "/" + TOP + "/input/likes";
    private static final String OUTPUT = BUCKET + "/" + TOP + "/runs/2024-01-31";
    private static final String CHECKPOINTS = BUCKET + "/" + TOP + "/checkpoints";

    private final Path store = Path.of("target/remote-storage-test").toAbsolutePath();
    private SparkSession spark;
    private Configuration hadoop;
    private String previousCheckpoints;

    @BeforeEach
    void registerTheScheme() throws IOException {
        deleteRecursively(store);
        Files.createDirectories(store);
        spark = SparkTestSession.get();
        hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs." + RemoteFileSystem.SCHEME + ".impl", RemoteFileSystem.class.getName());
        hadoop.set(RemoteFileSystem.ROOT, store.toString());
        RemoteFileSystem.forgetCreated();
        // The shared session has a checkpoint folder already, which the job keeps (Checkpoints.use): point
        // it at the scheme for this run, as spark.checkpoint.dir or wrmf.spark.checkpoint-dir would.
        previousCheckpoints = spark.sparkContext().getCheckpointDir().get();
        spark.sparkContext().setCheckpointDir(CHECKPOINTS);
    }

    @AfterEach
    void restoreTheCheckpointFolder() {
        spark.sparkContext()
                .setCheckpointDir(new org.apache.hadoop.fs.Path(previousCheckpoints)
                        .getParent()
                        .toString());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void allReadsAndWritesEverythingThroughTheFileSystemOfItsPaths() throws Exception {
        assertEquals(Main.OK, Main.run(new String[] {
            "generate", "--set", "generate.path=" + INPUT, "--set", "generate.scale=0.01", "--set", "generate.seed=11"
        }));
        FileSystem fs = new org.apache.hadoop.fs.Path(OUTPUT).getFileSystem(hadoop);
        assertEquals(RemoteFileSystem.class, fs.getClass());
        // one malformed row beside the generated files, so that rejected/ is written too
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(INPUT, "extra.psv"), false)) {
            out.write("modelname|mid|uid\nonly two|fields\n".getBytes(StandardCharsets.UTF_8));
        }

        // the grid as distributed jobs, checkpointing the factors at every iteration
        assertEquals(Main.OK, Main.run(new String[] {
            "all",
            "--set",
            "input.path=" + INPUT,
            "--set",
            "input.format=psv",
            "--set",
            "output.path=" + OUTPUT,
            "--set",
            "holdout.seed=5",
            "--set",
            "als.seed=3",
            "--set",
            "als.blocks=2",
            "--set",
            "als.checkpoint-interval=1",
            "--set",
            "grid.factors=[4]",
            "--set",
            "grid.regularization=[0.1]",
            "--set",
            "grid.alpha=[10]",
            "--set",
            "grid.epochs=[1,2]",
            "--set",
            "grid.execution=jobs",
            "--set",
            "output.top-n=5",
            "--set",
            "output.similar-items=5",
            "--set",
            "output.blocks=2"
        }));

        JsonNode manifest = json(fs, path(OUTPUT, OutputFolder.MANIFEST));
        assertEquals(1, manifest.at("/input/rows_rejected").asInt(), "the malformed row");
        assertEquals(4, manifest.at("/final/factors").asInt());
        assertFalse(fs.exists(path(OUTPUT, OutputFolder.LOCK_FILE)), "the run released its lock");
        for (String output :
                List.of("factors/users", "factors/items", "model", "similar-items", "recommendations", "report")) {
            assertTrue(fs.exists(path(OUTPUT, output + "/" + SafeOutput.SUCCESS_MARKER)), output + " complete");
        }
        List<Row> users = spark.read().parquet(OUTPUT + "/factors/users").collectAsList();
        assertFalse(users.isEmpty());
        assertEquals(
                4, users.get(0).getList(users.get(0).fieldIndex("features")).size());
        assertEquals(
                manifest.at("/recommendations/recommendations").asLong(),
                spark.read().parquet(OUTPUT + "/recommendations").count());
        ALSModel model = ALSModel.load(OUTPUT + "/model");
        assertEquals(4, model.rank());
        assertEquals(users.size(), model.userFactors().count());
        List<Row> rejected = spark.read().json(OUTPUT + "/rejected").collectAsList();
        assertEquals(1, rejected.size());
        assertTrue(
                rejected.get(0).getString(rejected.get(0).fieldIndex("source")).startsWith(INPUT + "/extra.psv"),
                rejected.get(0).toString());
        assertTrue(text(fs, path(OUTPUT, "report/index.html")).contains("<section id=\"training-log\">"));
        assertTrue(
                RemoteFileSystem.created().stream()
                        .anyMatch(file -> file.toString().startsWith(CHECKPOINTS + "/")
                                && file.toString().contains("/rdd-")),
                "the factors were checkpointed through the scheme");

        // replacing an output in place (report re-renders report/): moved aside, the new one in, the old deleted
        assertEquals(Main.OK, Main.run(new String[] {"report", "--set", "output.path=" + OUTPUT}));
        assertTrue(text(fs, path(OUTPUT, "report/index.html")).contains("<section id=\"training-log\">"));

        // two new users folded into the finished run: its model and manifest read, the fold-in outputs written there
        List<String> items = spark.read()
                .parquet(OUTPUT + "/factors/items")
                .select("id")
                .limit(3)
                .as(Encoders.STRING())
                .collectAsList();
        String newLikes = BUCKET + "/" + TOP + "/new-likes.csv";
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(newLikes), false)) {
            out.write(("new1," + items.get(0) + "\nnew1," + items.get(1) + "\nnew2," + items.get(2) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Main.OK, Main.run(new String[] {
            "fold-in",
            "--set",
            "output.path=" + OUTPUT,
            "--set",
            "input.path=" + newLikes,
            "--set",
            "input.format=csv",
            "--set",
            "input.header=false",
            "--set",
            "input.columns.user=0",
            "--set",
            "input.columns.item=1",
            "--set",
            "input.columns.name=",
            "--set",
            "output.top-n=5"
        }));
        assertEquals(2, spark.read().parquet(OUTPUT + "/fold-in/users").count());
        assertEquals(
                10, spark.read().parquet(OUTPUT + "/fold-in/recommendations").count());
        assertEquals(
                2,
                json(fs, path(OUTPUT, "fold-in/" + OutputFolder.MANIFEST))
                        .at("/fold_in/users")
                        .asInt());

        // nothing staged, set aside or temporary is left anywhere in the run's folder
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(OUTPUT), true);
        while (files.hasNext()) {
            String inside = files.next().getPath().toString().substring(OUTPUT.length());
            assertFalse(inside.contains("/.") || inside.contains("/_temporary"), "left behind: " + inside);
        }

        // where the files are: in the bucket's folder, and nowhere a java.io reading of the paths would put them
        Path kept = store.resolve("wrmf-bucket").resolve(TOP);
        assertTrue(Files.isRegularFile(kept.resolve("runs/2024-01-31/manifest.json")));
        assertTrue(Files.isRegularFile(kept.resolve("input/likes/extra.psv")));
        assertFalse(Files.exists(Path.of("/" + TOP)), "written to the local path of a " + BUCKET + " path");
        try (var names = Files.list(Path.of("").toAbsolutePath())) {
            assertFalse(
                    names.anyMatch(p -> p.getFileName().toString().startsWith(RemoteFileSystem.SCHEME + ":")),
                    "a " + RemoteFileSystem.SCHEME + ":// path was written as a relative local file");
        }
    }

    private static org.apache.hadoop.fs.Path path(String folder, String child) {
        return new org.apache.hadoop.fs.Path(folder, child);
    }

    private static String text(FileSystem fs, org.apache.hadoop.fs.Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode json(FileSystem fs, org.apache.hadoop.fs.Path file) throws IOException {
        return new ObjectMapper().readTree(text(fs, file));
    }
}
