package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * One run per output folder, checked before any work: a finished run (its manifest.json exists) is
 * replaced only with output.overwrite, and then whole; an unusable output path is exit 2 naming
 * wrmf.output.path; a lock file keeps two runs out of one folder, and a dead run's lock is taken over.
 */
@Slow
class OutputFolderTest {
    @TempDir
    Path dir;

    /** Runs the command line; returns its exit code and what it printed on stderr. */
    static Map.Entry<Integer, String> run(String... args) {
        SparkTestSession.get();
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return Map.entry(Main.run(args), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private Path likes(String name, String... extraLines) throws IOException {
        StringBuilder text = new StringBuilder("modelname|mid|uid\na|m1|alice\nb|m2|alice\nc|m3|bob\na|m1|bob\n");
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** A command on the given likes and output folder, with the settings tiny data needs. */
    private static String[] command(String command, Path input, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--set",
                "input.path=" + input,
                "--set",
                "input.format=psv",
                "--set",
                "threshold.min-user-likes=1",
                "--set",
                "threshold.min-item-likes=1",
                "--set",
                "holdout.enabled=false",
                "--set",
                "output.path=" + output,
                "--set",
                "als.factors=2",
                "--set",
                "als.iterations=2"));
        for (String setting : more) {
            args.addAll(List.of("--set", setting));
        }
        return args.toArray(String[]::new);
    }

    private static JsonNode manifest(Path output) throws IOException {
        return new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    }

    @Test
    void aFinishedRunIsNotReplacedWithoutOverwrite() throws Exception {
        Path first = likes("first.psv");
        Path second = likes("second.psv", "d|m4|carol");
        Path out = dir.resolve("out");
        assertEquals(Main.OK, run(command("train", first, out)).getKey());
        String finished = Files.readString(out.resolve("manifest.json"));
        String startedAt = manifest(out).at("/started_at").asText();

        for (String command : List.of("prepare", "grid", "train", "recommend", "all")) {
            var refused = run(command(command, second, out));
            assertEquals(Main.USAGE, refused.getKey(), command + ": " + refused.getValue());
            assertTrue(refused.getValue().contains("wrmf.output.overwrite"), refused.getValue());
            assertTrue(
                    refused.getValue().contains("train") && refused.getValue().contains(startedAt),
                    "names the finished run: " + refused.getValue());
        }
        assertEquals(finished, Files.readString(out.resolve("manifest.json")), "the finished run is untouched");
        assertTrue(Files.exists(out.resolve("factors/users/_SUCCESS")));
    }

    @Test
    void overwriteReplacesTheWholePreviousRun() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(Main.OK, run(command("train", likes("first.psv"), out)).getKey());
        Path point = Files.createDirectories(out.resolve("grid/points/key")).resolve("f2_r0.1_a1.0.tsv");
        Files.writeString(point, "a finished grid point");
        Path checkpoint =
                Files.createDirectories(out.resolve("_checkpoints/some-run")).resolve("part-00000");
        Files.writeString(checkpoint, "a checkpoint");
        Path failedSession =
                Files.createDirectories(out.resolve("_checkpoints/0f8fad5b-d9cb-469f-a165-70867728950e/rdd-12"));
        Files.writeString(failedSession.resolve("part-00000"), "a failed session's checkpoint");

        Path second = likes("second.psv", "d|m4|carol");
        assertEquals(
                Main.OK,
                run(command("prepare", second, out, "output.overwrite=true")).getKey());
        assertEquals("prepare", manifest(out).at("/command").asText());
        assertEquals(second.toString(), manifest(out).at("/input/path").asText());
        assertFalse(Files.exists(out.resolve("factors")), "the previous run's factors would mix two runs");
        assertTrue(Files.exists(point), "finished grid points are kept: the grid reuses only matching ones");
        assertTrue(Files.exists(checkpoint), "not a Spark session's folder: left alone");
        assertFalse(Files.exists(failedSession.getParent()), "a failed session's checkpoints go with the next success");
    }

    @Test
    void anUnfinishedRunIsReplacedWithoutOverwrite() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("factors/users"));
        Files.createDirectories(out.resolve("prepared/train"));
        Files.createDirectories(out.resolve(".report.staging-1234"));
        assertEquals(
                Main.OK,
                run(command("prepare", likes("likes.psv"), out)).getKey(),
                "no manifest.json: the run that wrote these never finished");
        assertFalse(Files.exists(out.resolve("factors")));
        assertFalse(Files.exists(out.resolve(".report.staging-1234")));
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    @Test
    void generateIntoAFinishedRunNeedsOverwrite() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(Main.OK, run(command("prepare", likes("likes.psv"), out)).getKey());
        String[] generate = {"generate", "--set", "generate.scale=0.001", "--set", "output.path=" + out};
        var refused = run(generate);
        assertEquals(Main.USAGE, refused.getKey(), refused.getValue());
        assertTrue(refused.getValue().contains("wrmf.output.overwrite"), refused.getValue());
        assertFalse(Files.exists(out.resolve("generated")));

        assertEquals(
                Main.OK,
                run(
                                "generate",
                                "--set",
                                "generate.scale=0.001",
                                "--set",
                                "output.path=" + out,
                                "--set",
                                "generate.path=" + dir.resolve("elsewhere/likes.psv"))
                        .getKey(),
                "a target outside the folder");
        assertEquals(
                Main.OK,
                run(
                                "generate",
                                "--set",
                                "generate.scale=0.001",
                                "--set",
                                "output.path=" + out,
                                "--set",
                                "output.overwrite=true")
                        .getKey());
        assertFalse(Files.exists(out.resolve("manifest.json")), "the previous run is gone whole");
        assertTrue(Files.exists(out.resolve("generated/likes.psv/_SUCCESS")));
    }

    @Test
    void reportAndExplainStillWorkOnAFinishedRun() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(Main.OK, run(command("recommend", likes("likes.psv"), out)).getKey());
        var report = run("report", "--set", "output.path=" + out);
        assertEquals(Main.OK, report.getKey(), report.getValue());
        var explain = run(
                "explain", "--set", "output.path=" + out, "--set", "explain.user=alice", "--set", "explain.item=m3");
        assertEquals(Main.OK, explain.getKey(), explain.getValue());
    }

    @Test
    void anUnusableOutputPathIsExitTwoNamingTheKey() throws Exception {
        Path input = likes("likes.psv");
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        for (String output : List.of(file.toString(), file.resolve("below").toString(), "/", "nosuch://host/out")) {
            var result = run(command("prepare", input, Path.of("unused"), "output.path=" + output));
            assertEquals(Main.USAGE, result.getKey(), output + ": " + result.getValue());
            assertTrue(result.getValue().contains("wrmf: wrmf.output.path: "), output + ": " + result.getValue());
        }
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void aReadOnlyOutputFolderIsExitTwo() throws Exception {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "permissions do not bind this user (root)");
            var result = run(command("prepare", likes("likes.psv"), readOnly));
            assertEquals(Main.USAGE, result.getKey(), result.getValue());
            assertTrue(result.getValue().contains("wrmf.output.path"), result.getValue());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A lock as a run on {@code host} with {@code pid} would have written it. */
    private static Path writeLock(Path out, String host, long pid, Instant heartbeat) throws IOException {
        Files.createDirectories(out);
        Path lock = out.resolve(OutputFolder.LOCK_FILE);
        Files.writeString(
                lock,
                "command=train\napplication_id=local-1\nhost=" + host + "\npid=" + pid
                        + "\nstarted_at=2024-01-01T00:00:00Z\n");
        Files.setLastModifiedTime(lock, FileTime.from(heartbeat));
        return lock;
    }

    @Test
    void aLockHeldByALiveRunRefusesASecondRun() throws Exception {
        Path out = dir.resolve("out");
        Path lock =
                writeLock(out, OutputFolder.thisHost(), ProcessHandle.current().pid(), Instant.now());
        String held = Files.readString(lock);
        var refused = run(command("prepare", likes("likes.psv"), out));
        assertEquals(Main.USAGE, refused.getKey(), refused.getValue());
        String message = refused.getValue();
        assertTrue(
                message.contains("wrmf.output.path")
                        && message.contains(lock.toString())
                        && message.contains("pid " + ProcessHandle.current().pid())
                        && message.contains("local-1")
                        && message.contains("delete"),
                message);
        assertEquals(held, Files.readString(lock), "the holder's lock is untouched");
        assertFalse(Files.exists(out.resolve("manifest.json")));

        writeLock(out, "another-host.example", 1, Instant.now());
        assertEquals(
                Main.USAGE,
                run(command("prepare", likes("likes.psv"), out)).getKey(),
                "a fresh heartbeat from another host: that run may be alive");
    }

    @Test
    void aDeadRunsLockIsTakenOverAndEveryRunReleasesItsLock() throws Exception {
        Path out = dir.resolve("out");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLock(out, OutputFolder.thisHost(), gone.pid(), Instant.now());
        assertEquals(
                Main.OK,
                run(command("prepare", likes("likes.psv"), out)).getKey(),
                "the holder's process on this host is gone");
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)), "released after success");

        Path other = dir.resolve("other");
        writeLock(other, "another-host.example", 1, Instant.now().minusSeconds(600));
        assertEquals(
                Main.OK, run(command("prepare", likes("likes.psv"), other)).getKey(), "no heartbeat for 10 minutes");
        assertFalse(Files.exists(other.resolve(OutputFolder.LOCK_FILE)));

        Path failing = dir.resolve("failing");
        assertEquals(
                Main.USAGE,
                run(command("prepare", dir.resolve("missing.psv"), failing)).getKey());
        assertFalse(Files.exists(failing.resolve(OutputFolder.LOCK_FILE)), "released after a failure");
    }

    @Test
    void theHeartbeatKeepsTheLockFresh() throws Exception {
        Path out = dir.resolve("out");
        try (OutputFolder held = OutputFolder.claim(
                new Configuration(), out.toString(), false, "train", "app-1", Duration.ofMillis(50))) {
            Path lock = out.resolve(OutputFolder.LOCK_FILE);
            assertTrue(Files.readString(lock).contains("application_id=app-1"));
            Instant old = Instant.now().minusSeconds(3600);
            Files.setLastModifiedTime(lock, FileTime.from(old));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.getLastModifiedTime(lock).toInstant().equals(old)) {
                assertTrue(System.nanoTime() < deadline, "the heartbeat never touched the lock");
                Thread.sleep(20);
            }
        }
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)));
    }

    @Test
    void runsStartingTogetherGetOneLock() throws Exception {
        Path out = dir.resolve("out");
        int runs = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Future<OutputFolder>> claims = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String app = "app-" + i;
            claims.add(pool.submit(() -> {
                start.await();
                return OutputFolder.claim(new Configuration(), out.toString(), false, "train", app);
            }));
        }
        start.countDown();
        List<OutputFolder> held = new ArrayList<>();
        int refused = 0;
        for (Future<OutputFolder> claim : claims) {
            try {
                held.add(claim.get());
            } catch (ExecutionException e) {
                ConfigError error = assertInstanceOf(ConfigError.class, e.getCause());
                assertEquals(Setting.OUTPUT_PATH, error.setting());
                assertTrue(error.getMessage().contains("in use by another run"), error.getMessage());
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, held.size(), "one run holds the folder");
        assertEquals(runs - 1, refused);
        held.get(0).close();
        assertFalse(Files.exists(out.resolve(OutputFolder.LOCK_FILE)));
    }

    @Test
    void aLockTakenOverIsLeftToItsNewHolder() throws Exception {
        Path out = dir.resolve("out");
        OutputFolder first = OutputFolder.claim(new Configuration(), out.toString(), false, "train", "app-1");
        Path lock = writeLock(out, "another-host.example", 7, Instant.now());
        String theirs = Files.readString(lock);
        first.close();
        assertEquals(theirs, Files.readString(lock), "released only if still this run's");
    }

    @Test
    void linksAreFollowedToTheRootOrASystemFolder() throws Exception {
        // a stand-in for the machine's root: nothing here looks at, or writes in, the real one
        Path root = Files.createDirectories(dir.resolve("stand-in-root")).toRealPath();
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data/runs"));
        Path toRoot = Files.createSymbolicLink(dir.resolve("link-to-root"), root);
        Path toEtc = Files.createSymbolicLink(dir.resolve("link-to-etc"), root.resolve("etc"));
        Path toRuns = Files.createSymbolicLink(dir.resolve("link-to-runs"), root.resolve("data/runs"));

        assertEquals(root, OutputFolder.realPath(toRoot));
        assertEquals(
                "the root of a file system", OutputFolder.systemFolderProblem(OutputFolder.realPath(toRoot), root));
        assertEquals(
                "a system folder (" + root.resolve("etc") + ")",
                OutputFolder.systemFolderProblem(OutputFolder.realPath(toEtc), root));
        assertEquals(
                "a system folder (" + root.resolve("usr") + ")",
                OutputFolder.systemFolderProblem(OutputFolder.realPath(toRoot.resolve("usr")), root),
                "a folder yet to be created, below a link");
        assertEquals(
                "the root of a file system",
                OutputFolder.systemFolderProblem(OutputFolder.realPath(toEtc.resolve("..")), root));
        assertEquals(root.resolve("data/runs/new"), OutputFolder.realPath(toRuns.resolve("new")));
        assertEquals(null, OutputFolder.systemFolderProblem(OutputFolder.realPath(toRuns.resolve("new")), root));
    }

    @Test
    void theRealRootAndSystemFoldersAreRefusedForCheckpointsWithoutTouchingThem() {
        for (String path : List.of("/", "/etc", "/usr", "/home", "file:///usr/local")) {
            ConfigError error = org.junit.jupiter.api.Assertions.assertThrows(
                    ConfigError.class,
                    () -> OutputFolder.checkCheckpointFolder(new Configuration(), path, "wrmf.spark.checkpoint-dir"));
            assertTrue(
                    error.getMessage().startsWith("wrmf.spark.checkpoint-dir: " + path + " is "), error.getMessage());
        }
        OutputFolder.checkCheckpointFolder(
                new Configuration(), dir.resolve("checkpoints").toString(), "wrmf.spark.checkpoint-dir");
    }

    @Test
    void aLinkedFolderHoldingOtherThingsIsNotARunsFolder() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-like"));
        Path theirs = Files.createDirectories(home.resolve("model"));
        Files.writeString(theirs.resolve("notes.txt"), "not a run's");
        Files.writeString(home.resolve("photo.jpg"), "not a run's");
        Path link = Files.createSymbolicLink(dir.resolve("link"), home);

        for (String overwrite : List.of("output.overwrite=false", "output.overwrite=true")) {
            var refused = run(command("prepare", likes("likes.psv"), link, overwrite));
            assertEquals(Main.USAGE, refused.getKey(), refused.getValue());
            assertTrue(refused.getValue().contains("wrmf: wrmf.output.path: "), refused.getValue());
            assertTrue(refused.getValue().contains("holds other things than a run (photo.jpg)"), refused.getValue());
        }
        assertTrue(Files.exists(theirs.resolve("notes.txt")), "a folder that is not a run's is left alone");
        assertFalse(Files.exists(home.resolve(OutputFolder.LOCK_FILE)));
    }

    @Test
    void overwriteRemovesOnlyWhatThePreviousManifestLists() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(Main.OK, run(command("train", likes("first.psv"), out)).getKey());
        JsonNode listed = manifest(out).at("/outputs");
        assertTrue(
                listed.toString().contains("\"factors\"") && listed.toString().contains("\"prepared\""),
                listed.toString());
        Path notes = Files.writeString(out.resolve("notes.txt"), "added after the run");
        var refused = run(command("prepare", likes("second.psv"), out));
        assertEquals(Main.USAGE, refused.getKey(), refused.getValue());

        // a manifest listing only part of its outputs: overwrite removes that part only
        Path manifest = out.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceAll(
                                "(?s)\"outputs\" : \\[.*?\\]", "\"outputs\" : [ \"manifest.json\", \"prepared\" ]"));
        Files.delete(out.resolve(".manifest.json.crc")); // the edit would not match it
        assertEquals(2, manifest(out).at("/outputs").size(), manifest(out).toString());
        Path factors = out.resolve("factors/users/_SUCCESS");
        assertEquals(
                Main.OK,
                run(command("prepare", likes("second.psv"), out, "output.overwrite=true"))
                        .getKey());
        assertTrue(Files.exists(notes), "not the run's: kept");
        assertTrue(Files.exists(factors), "not listed in the previous manifest: kept");
        assertEquals("prepare", manifest(out).at("/command").asText());
    }
}
