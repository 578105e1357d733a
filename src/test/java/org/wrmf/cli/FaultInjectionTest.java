package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.wrmf.cli.StandaloneClusterTest.FLOAT_TOLERANCE;
import static org.wrmf.cli.StandaloneClusterTest.deleteRecursively;
import static org.wrmf.cli.StandaloneClusterTest.factors;
import static org.wrmf.cli.StandaloneClusterTest.manifest;
import static org.wrmf.cli.StandaloneClusterTest.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.io.OutputFolder;
import org.wrmf.io.SafeOutput;
import org.wrmf.testfs.FaultyFileSystem;

/**
 * The job under faults, on small synthetic likes, ending as if nothing had happened:
 * <ul>
 *   <li>the driver killed with SIGKILL during prepare, mid-grid and during the output writes of {@code all},
 *   each time rerun on the same folder as a scheduler would (the dead run's lock is taken over), the last
 *   rerun with a task writing a factor checkpoint failing mid-iteration, which Spark retries: it ends with
 *   the manifest's {@code best.*} and {@code final.*} and the factors of an uninterrupted run (one chain
 *   rather than a test per fault: every run of the job costs its preparation, and the suite has to stay
 *   short on 2 cores);</li>
 *   <li>the disk fills up while the outputs are written: exit 1, nothing incomplete carries a
 *   {@code _SUCCESS} marker, and a rerun without the fault completes.</li>
 * </ul>
 * Drivers that are killed or need their own Spark settings run as separate JVMs through submit/local.sh
 * (Spark's SparkSubmit on the Maven-resolved jars), with an application jar holding the test file
 * system; the uninterrupted references run in the tests' shared session with the same partitioning
 * (4 shuffle partitions, 2 ALS blocks, no adaptive execution), so their results agree to float rounding.
 * The kill moments are read off the output folder, never guessed with sleeps. Logs of every driver stay
 * under target/fault-test/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Slow
class FaultInjectionTest {
    private static final Duration RUN = Duration.ofMinutes(4);
    /** The data every case runs on: small synthetic likes, the notebook's default thresholds and holdout. */
    private static final List<String> DATA = List.of(
            "--set",
            "generate.scale=0.02",
            "--set",
            "generate.seed=11",
            "--set",
            "holdout.seed=5",
            "--set",
            "als.blocks=2",
            "--set",
            "als.seed=3");
    /** A 2 x 1 x 1 grid, its points one after the other, each a few Spark jobs long. */
    private static final List<String> ALL = List.of(
            "all",
            "--set",
            "grid.factors=[4,8]",
            "--set",
            "grid.regularization=[0.1]",
            "--set",
            "grid.alpha=[10]",
            "--set",
            "grid.epochs=[1,2]",
            "--set",
            "grid.parallelism=1",
            "--set",
            "grid.execution=jobs",
            "--set",
            "als.execution=distributed", // the final fit's checkpoints are where a write fails
            "--set",
            "output.top-n=5",
            "--set",
            "output.similar-items=5",
            "--set",
            "output.blocks=2");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("target/fault-test");
    private final List<Process> drivers = new ArrayList<>();
    private Path appJar;

    @BeforeAll
    void prepare() throws IOException {
        assertTrue(
                Files.isRegularFile(root.resolve("target/spark-classpath.txt")),
                "target/spark-classpath.txt is written by the build (generate-resources)");
        deleteRecursively(work);
        Files.createDirectories(work);
        appJar = ApplicationJar.build(root, work.resolve("wrmf-app.jar"), "org/wrmf/testfs");
    }

    @AfterAll
    void stopDrivers() {
        for (Process driver : drivers) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        FaultyFileSystem.inject(null);
    }

    /**
     * The driver SIGKILLed during prepare, mid-grid and during the output writes, each time rerun on the
     * same folder; the last rerun also has a task fail mid-iteration and retried: the first checkpoint
     * file of the final model's training cannot be created (checkpoints every iteration, on the test
     * file system), and master local[2,4] gives each task 4 attempts. It ends as the uninterrupted run.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void allKilledThreeTimesThenRerunWithATaskFailureEndsAsAnUninterruptedRun() throws Exception {
        Path reference = work.resolve("all-reference");
        assertEquals(Main.OK, runHere(ALL, reference), "uninterrupted reference run");

        Path output = work.resolve("all-killed");
        killWhen(
                submit(ALL, output, "all-1", Map.of()),
                "all-1",
                "during prepare",
                () -> Files.isDirectory(output.resolve("rejected")));
        killWhen(submit(ALL, output, "all-2", Map.of()), "all-2", "mid-grid", () -> finishedPoints(output) >= 1);
        assertEquals(1, finishedPoints(output), "killed with one of the two grid points finished");
        killWhen(
                submit(ALL, output, "all-3", Map.of()),
                "all-3",
                "during the output writes",
                () -> Files.isDirectory(output.resolve("factors")));
        assertFalse(Files.exists(output.resolve("manifest.json")), "killed before the run finished");

        Path faults = work.resolve("all-4-faults.txt");
        List<String> lastRun = new ArrayList<>(ALL);
        lastRun.addAll(List.of(
                "--set",
                "als.checkpoint-interval=1",
                "--set",
                "spark.checkpoint-dir=" + FaultyFileSystem.SCHEME + "://" + work.resolve("all-4-checkpoints")));
        // Spark writes a partition's checkpoint to a temporary ".part-N-attempt-T" first. (Failing its last
        // bytes instead would go unseen: Kryo's Output.close() ignores an IOException from its stream.)
        Process last = submit(
                lastRun,
                output,
                "all-4",
                Map.of(
                        "WRMF_MASTER",
                        "local[2,4]",
                        "WRMF_SUBMIT_OPTS",
                        "--conf spark.hadoop.faulty.path=/.part- --conf spark.hadoop.faulty.after-bytes=-1"
                                + " --conf spark.hadoop.faulty.times=1 --conf spark.hadoop.faulty.record=" + faults));
        assertEquals(Main.OK, exitCode(last, "all-4"), "the last rerun failed: " + tail(log("all-4")));

        for (String rerun : List.of("all-2", "all-3", "all-4")) {
            assertTrue(
                    Files.readString(log(rerun)).contains("took over the stale lock"),
                    rerun + " took over the killed run's lock: " + tail(log(rerun)));
        }
        assertTrue(
                Files.readString(log("all-3")).contains("2 points x 2 checkpoints, 1 already finished"),
                "the rerun after the mid-grid kill resumed the grid: " + tail(log("all-3")));
        assertEquals(2, manifest(output).at("/grid/reused_points").asInt());
        List<String> failed = Files.readAllLines(faults);
        assertEquals(1, failed.size(), "one checkpoint write failed: " + failed);
        assertTrue(failed.get(0).contains("/rdd-") && failed.get(0).contains(".part-"), failed.get(0));
        assertTrue(
                Files.readString(log("all-4")).contains("injected fault"),
                "Spark saw the task fail, and retried it: " + tail(log("all-4")));
        assertFalse(Files.exists(output.resolve(OutputFolder.LOCK_FILE)), "the last run released its lock");
        for (String finished :
                List.of("factors/users", "factors/items", "model", "similar-items", "recommendations", "report")) {
            assertTrue(Files.exists(output.resolve(finished).resolve(SafeOutput.SUCCESS_MARKER)), finished);
        }
        assertSameRun(reference, output);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aFullDiskDuringTheOutputsLeavesNothingMarkedCompleteAndARerunCompletes() throws Exception {
        SparkSession spark = SparkTestSession.get();
        spark.sparkContext()
                .hadoopConfiguration()
                .set("fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName());
        Path folder = work.resolve("full-disk");
        List<String> recommend = new ArrayList<>(List.of(
                "recommend",
                "--set",
                "als.factors=4",
                "--set",
                "als.iterations=2",
                "--set",
                "output.top-n=5",
                "--set",
                "output.similar-items=5",
                "--set",
                "output.blocks=2"));
        recommend.addAll(DATA);
        recommend.addAll(List.of("--set", "generate.scale=0.01"));
        recommend.addAll(List.of("--set", "output.path=" + FaultyFileSystem.SCHEME + "://" + folder));
        String[] args = recommend.toArray(String[]::new);

        // the last output written: everything before it completes, it runs out of space part way
        FaultyFileSystem.inject(new FaultyFileSystem.Fault(
                "recommendations", 1024, Integer.MAX_VALUE, "No space left on device", null));
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(Main.FAILED, Main.run(args));
            assertTrue(FaultyFileSystem.failures() > 0, "the disk filled up");
        } finally {
            System.setErr(original);
            FaultyFileSystem.inject(null);
        }
        String said = printed.toString(StandardCharsets.UTF_8);
        assertTrue(
                said.contains("wrmf: recommend failed") && said.contains(": no space left on device, writing "),
                "the full disk said plainly: " + said);
        assertTrue(said.contains(folder + "/.recommendations.staging-"), "with the path written: " + said);
        assertFalse(
                said.contains("staging-.") || said.contains(". :"), "the path without the sentence's period: " + said);
        assertFalse(Files.exists(folder.resolve("manifest.json")), "the run did not finish");
        assertFalse(Files.exists(folder.resolve("recommendations")), "the incomplete output is not in place");
        assertTrue(
                Files.exists(folder.resolve("similar-items").resolve(SafeOutput.SUCCESS_MARKER)),
                "outputs written before the disk filled up are complete");
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> marked = files.filter(p -> p.getFileName().toString().equals(SafeOutput.SUCCESS_MARKER))
                    .map(p -> folder.relativize(p.getParent()))
                    .toList();
            for (Path complete : marked) {
                assertFalse(
                        complete.toString().contains("staging") || complete.startsWith("recommendations"),
                        "an incomplete output carries a _SUCCESS marker: " + complete);
            }
        }
        assertFalse(Files.exists(folder.resolve(OutputFolder.LOCK_FILE)), "the failed run released its lock");

        assertEquals(Main.OK, Main.run(args), "the rerun without the fault");
        assertTrue(Files.exists(folder.resolve("recommendations").resolve(SafeOutput.SUCCESS_MARKER)));
        assertTrue(Files.exists(folder.resolve("manifest.json")));
    }

    /** prepared/ and rejected/ are staged like every output: a failed write leaves no table in place. */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFailureWhilePreparedTablesAreWrittenLeavesNoneIncompleteInPlace() throws Exception {
        SparkSession spark = SparkTestSession.get();
        spark.sparkContext()
                .hadoopConfiguration()
                .set("fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName());
        Path folder = work.resolve("prepare-fault");
        List<String> prepare = new ArrayList<>(List.of("prepare"));
        prepare.addAll(DATA);
        prepare.addAll(List.of("--set", "generate.scale=0.01"));
        prepare.addAll(List.of("--set", "output.path=" + FaultyFileSystem.SCHEME + "://" + folder));
        FaultyFileSystem.inject(
                new FaultyFileSystem.Fault("/.items.staging-", 0, Integer.MAX_VALUE, "injected fault", null));
        try {
            assertEquals(Main.FAILED, Main.run(prepare.toArray(String[]::new)));
            assertTrue(FaultyFileSystem.failures() > 0, "the write of prepared/items failed");
        } finally {
            FaultyFileSystem.inject(null);
        }
        assertTrue(
                Files.exists(folder.resolve("rejected").resolve(SafeOutput.SUCCESS_MARKER)),
                "written before, complete");
        assertTrue(Files.exists(folder.resolve("prepared/users").resolve(SafeOutput.SUCCESS_MARKER)));
        assertFalse(Files.exists(folder.resolve("prepared/items")), "the failed table is not in place");
        assertFalse(Files.exists(folder.resolve("manifest.json")));
    }

    /**
     * A driver whose heap cannot hold what the run needs (rank 2500 on a 200 MB heap, which the check
     * before any work lets through: its estimate is a lower bound) ends with exit 1 and a line naming the
     * memory settings, not with Spark's exit code 52 for an OutOfMemoryError.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void runningOutOfHeapIsExitOneSayingSo() throws Exception {
        Path likes = work.resolve("oom-likes.psv");
        StringBuilder text = new StringBuilder("modelname|mid|uid\n");
        for (int user = 0; user < 40; user++) {
            for (int item = user % 3; item < 30; item += 3) {
                text.append("m|m").append(item).append("|u").append(user).append('\n');
            }
        }
        Files.writeString(likes, text);
        List<String> train = List.of(
                "train",
                "--set",
                "input.path=" + likes,
                "--set",
                "input.format=psv",
                "--set",
                "holdout.enabled=false",
                "--set",
                "als.factors=2500",
                "--set",
                "als.iterations=1");
        Process driver = submit(
                train,
                work.resolve("oom"),
                "oom",
                Map.of(
                        "WRMF_MASTER",
                        "local[1]",
                        "WRMF_DRIVER_MEMORY",
                        "200m",
                        // Spark refuses heaps under 450 MB unless told the memory to plan with
                        "WRMF_SUBMIT_OPTS",
                        "--conf spark.testing.memory=536870912"));
        int code = exitCode(driver, "oom");
        String log = Files.readString(log("oom"));
        assertEquals(Main.FAILED, code, tail(log("oom")));
        assertTrue(
                log.contains("wrmf: train ran out of memory during ") && log.contains("WRMF_DRIVER_MEMORY"),
                tail(log("oom")));
    }

    /** Runs the command in the tests' shared session (4 shuffle partitions, no adaptive execution). */
    private static int runHere(List<String> command, Path output) {
        SparkTestSession.get();
        List<String> args = new ArrayList<>(command);
        args.addAll(DATA);
        args.addAll(List.of("--set", "output.path=" + output));
        return Main.run(args.toArray(String[]::new));
    }

    /** Starts a driver through submit/local.sh with the settings the shared session has; logs to {@code name}. */
    private Process submit(List<String> command, Path output, String name, Map<String, String> environment)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("bash", "submit/local.sh"));
        args.addAll(command);
        args.addAll(DATA);
        args.addAll(List.of("--set", "output.path=" + output));
        ProcessBuilder builder = new ProcessBuilder(args)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME"); // the Maven-resolved Spark, whatever this machine has installed
        env.remove("SPARK_CONF_DIR");
        env.putAll(new HashMap<>(Map.of(
                "WRMF_JAR",
                appJar.toString(),
                "WRMF_MASTER",
                "local[2]",
                "WRMF_DRIVER_MEMORY",
                "1g",
                "WRMF_PARALLELISM",
                "4",
                "SPARK_LOCAL_IP",
                "127.0.0.1")));
        String extra = environment.getOrDefault("WRMF_SUBMIT_OPTS", "");
        env.putAll(environment);
        env.put(
                "WRMF_SUBMIT_OPTS",
                "--conf spark.ui.enabled=false --conf spark.sql.adaptive.enabled=false"
                        + " --conf spark.hadoop.fs." + FaultyFileSystem.SCHEME + ".impl="
                        + FaultyFileSystem.class.getName()
                        + (extra.isEmpty() ? "" : " " + extra));
        Process driver = builder.start();
        drivers.add(driver);
        try (OutputStream in = driver.getOutputStream()) {
            in.flush();
        }
        return driver;
    }

    /** SIGKILLs the driver as soon as {@code moment} holds; fails if the driver ends first. */
    private void killWhen(Process driver, String name, String when, BooleanSupplier moment)
            throws InterruptedException {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!moment.getAsBoolean()) {
            assertTrue(driver.isAlive(), name + " ended before the kill " + when + ": " + tail(log(name)));
            assertTrue(System.nanoTime() < deadline, "never reached the kill " + when);
            Thread.sleep(20);
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "the killed driver did not end");
    }

    private int exitCode(Process driver, String name) throws InterruptedException {
        if (!driver.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            fail(name + " still running after " + RUN + ": " + tail(log(name)));
        }
        return driver.exitValue();
    }

    private Path log(String name) {
        return work.resolve(name + ".log");
    }

    /** Finished grid points on disk (a point is written to a temporary file, then renamed). */
    private static long finishedPoints(Path output) {
        Path points = output.resolve("grid/points");
        if (!Files.isDirectory(points)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(points)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tsv")
                            && !p.getFileName().toString().startsWith("_"))
                    .count();
        } catch (IOException e) {
            return 0; // a point renamed while listed: look again
        }
    }

    /** The same grid result, the same final model and the same factors (to float rounding). */
    private static void assertSameRun(Path expected, Path actual) throws IOException {
        JsonNode want = manifest(expected);
        JsonNode got = manifest(actual);
        for (String field : List.of("factors", "regularization", "alpha", "epoch", "metric")) {
            assertEquals(want.at("/best/" + field), got.at("/best/" + field), "best." + field);
        }
        double best = want.at("/best/value").asDouble();
        assertEquals(best, got.at("/best/value").asDouble(), 1e-9 * best, "best.value");
        JsonNode wantFinal = want.at("/final").deepCopy();
        JsonNode gotFinal = got.at("/final").deepCopy();
        double loss = wantFinal.at("/loss").asDouble();
        assertEquals(loss, gotFinal.at("/loss").asDouble(), 1e-9 * loss, "final.loss");
        ((ObjectNode) wantFinal).remove("loss");
        ((ObjectNode) gotFinal).remove("loss");
        assertEquals(wantFinal, gotFinal, "final.*");
        assertSameFactors(expected, actual);
    }

    private static void assertSameFactors(Path expected, Path actual) {
        SparkSession spark = SparkTestSession.get();
        for (String side : List.of("users", "items")) {
            Map<String, float[]> a = factors(spark, expected.resolve("factors/" + side));
            Map<String, float[]> b = factors(spark, actual.resolve("factors/" + side));
            assertEquals(a.keySet(), b.keySet(), side + " with factors");
            for (Map.Entry<String, float[]> entry : a.entrySet()) {
                float[] want = entry.getValue();
                float[] got = b.get(entry.getKey());
                assertEquals(want.length, got.length, "rank");
                for (int f = 0; f < want.length; f++) {
                    assertEquals(
                            want[f],
                            got[f],
                            FLOAT_TOLERANCE * Math.max(1, Math.abs(want[f])),
                            side + " " + entry.getKey() + " factor " + f);
                }
            }
        }
    }
}
