package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

/**
 * The job on a real multi-process Spark standalone cluster: submit/dev-cluster.sh starts a master and
 * two workers (separate JVMs, 1 core and 1 GB each) from the Maven-resolved Spark jars, and
 * submit/standalone.sh submits {@code train} through Spark's own SparkSubmit entry point, in client
 * deploy mode, as a user does. The cluster's outputs must equal those of local mode (run here, in the
 * tests' shared local session) for the same seeds: the same prepared tables and the same factors (the
 * engine seeds initial factors per id, so the layout of executors does not matter). Then again while
 * one worker and its executor are killed with SIGKILL during the ALS iterations: Spark recomputes the
 * lost cached blocks and shuffle outputs on the surviving worker, and the factors must not change.
 *
 * <p>The application jar is assembled here ({@link ApplicationJar}), because `mvn test` runs before
 * `package` makes the real (shaded) jar. Logs of every process stay under
 * target/cluster-test/ for a failure's post-mortem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Slow
class StandaloneClusterTest {
    private static final Duration CLUSTER_START = Duration.ofMinutes(4);
    private static final Duration RUN = Duration.ofMinutes(10);
    /** Small synthetic likes and a short training, checkpointed every 2 iterations (as long runs are). */
    private static final List<String> JOB = List.of(
            "train",
            "--set",
            "generate.scale=0.02",
            "--set",
            "generate.seed=11",
            "--set",
            "holdout.seed=5",
            "--set",
            "als.factors=8",
            "--set",
            "als.iterations=6",
            "--set",
            "als.checkpoint-interval=2",
            "--set",
            "als.seed=3");
    /** Output factors are floats: equal up to float rounding (their doubles agree far closer: see the loss). */
    static final double FLOAT_TOLERANCE = 1e-6;

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("target/cluster-test");
    private final Path cluster = work.resolve("cluster");
    private final List<Process> drivers = new ArrayList<>();
    private Path appJar;
    private Path localOutput;
    private Thread shutdownHook;

    @BeforeAll
    void startCluster() throws Exception {
        assertTrue(
                Files.isRegularFile(root.resolve("target/spark-classpath.txt")),
                "target/spark-classpath.txt is written by the build (generate-resources)");
        deleteRecursively(work);
        Files.createDirectories(work);
        appJar = ApplicationJar.build(root, work.resolve("wrmf-app.jar"));
        shutdownHook = new Thread(this::stopEverything, "stop the dev cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Process start = script(List.of("submit/dev-cluster.sh", "start"), work.resolve("cluster-start.log"));

        // the local-mode reference runs while the cluster's JVMs start
        localOutput = work.resolve("local");
        List<String> local = new ArrayList<>(JOB);
        local.addAll(List.of("--set", "output.path=" + localOutput));
        SparkTestSession.get();
        assertEquals(Main.OK, Main.run(local.toArray(String[]::new)), "local-mode reference run");

        assertEquals(
                0,
                finish(start, CLUSTER_START, work.resolve("cluster-start.log")),
                "dev-cluster.sh start failed: " + tail(work.resolve("cluster-start.log")));
    }

    @AfterAll
    void stopCluster() {
        stopEverything();
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }

    @Test
    @Order(1)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void clusterRunEqualsLocalRun() throws Exception {
        Path output = work.resolve("cluster-run");
        Path log = work.resolve("driver-run.log");
        Process driver = submit(output, log);
        awaitExit(driver, log);
        assertEquals(0, driver.exitValue(), "standalone.sh failed: " + tail(log));

        JsonNode manifest = manifest(output);
        assertTrue(manifest.at("/spark/master").asText().startsWith("spark://127.0.0.1:"), manifest.toString());
        String app = manifest.at("/spark/application_id").asText();
        int first = finishedTasks(executorLog(1, app));
        int second = finishedTasks(executorLog(2, app));
        assertTrue(first > 0 && second > 0, "both workers' executors ran tasks: " + first + " and " + second);
        assertSameOutputs(localOutput, output);
    }

    @Test
    @Order(2)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void killingAWorkerMidJobStillGivesTheSameResult() throws Exception {
        Path output = work.resolve("cluster-killed-worker");
        Path log = work.resolve("driver-killed-worker.log");
        Set<Path> appsBefore = appDirs(2);
        Process driver = submit(output, log);

        // Kill once training has started (the driver logs the ALS blocks) and the second worker's
        // executor has finished two more tasks since: it then holds cached rating blocks and shuffle
        // outputs of the iterations that only recomputation can bring back.
        long deadline = System.nanoTime() + RUN.toNanos();
        int tasksAtTrainingStart = -1;
        while (true) {
            assertTrue(driver.isAlive(), "the job ended before the kill: " + tail(log));
            assertTrue(System.nanoTime() < deadline, "training never started on the second worker: " + tail(log));
            Thread.sleep(100);
            Path executorLog = newExecutorLog(2, appsBefore);
            if (executorLog == null || !Files.readString(log).contains("ALS blocks built")) {
                continue;
            }
            int finished = finishedTasks(executorLog);
            if (tasksAtTrainingStart < 0) {
                tasksAtTrainingStart = finished;
            } else if (finished >= tasksAtTrainingStart + 2) {
                break;
            }
        }
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(
                        Files.readString(cluster.resolve("pids/worker-2.pid")).trim()))
                .orElseThrow();
        List<ProcessHandle> executors = worker.children().collect(Collectors.toList());
        assertFalse(executors.isEmpty(), "the second worker has no executor process");
        assertTrue(driver.isAlive(), "the job is still running when the worker dies");
        executors.forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();

        awaitExit(driver, log);
        assertEquals(0, driver.exitValue(), "the job did not survive the lost worker: " + tail(log));
        assertTrue(Files.readString(log).contains("Lost executor"), "the driver never saw its executor die");
        assertSameOutputs(localOutput, output);
    }

    private Process submit(Path output, Path log) throws IOException {
        String master = Files.readString(cluster.resolve("master-url")).trim();
        List<String> command = new ArrayList<>(List.of("bash", "submit/standalone.sh", master));
        command.addAll(JOB);
        command.addAll(List.of("--set", "output.path=" + output));
        Process driver = processBuilder(command, log).start();
        drivers.add(driver);
        return driver;
    }

    private static void awaitExit(Process driver, Path log) throws InterruptedException {
        if (!driver.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
            driver.destroyForcibly();
            fail("job still running after " + RUN + ": " + tail(log));
        }
    }

    /**
     * Outputs of two train runs: the same counts in the manifest, the same rows in every prepared table,
     * the same factors for the same ids, and the same final loss (a double: it shows the runs' doubles
     * agree far beyond the float precision the factors are written in).
     */
    private static void assertSameOutputs(Path expected, Path actual) throws IOException {
        JsonNode want = manifest(expected);
        JsonNode got = manifest(actual);
        for (String section : List.of("/input", "/threshold", "/holdout")) {
            JsonNode a = want.at(section).deepCopy();
            JsonNode b = got.at(section).deepCopy();
            ((ObjectNode) a).remove("path");
            ((ObjectNode) b).remove("path");
            assertEquals(a, b, "manifest " + section);
        }
        SparkSession spark = SparkTestSession.get();
        for (String table : List.of("users", "items", "train", "test")) {
            Dataset<Row> a =
                    spark.read().parquet(expected.resolve("prepared/" + table).toString());
            Dataset<Row> b =
                    spark.read().parquet(actual.resolve("prepared/" + table).toString());
            assertEquals(a.count(), b.count(), table + " rows");
            assertTrue(a.count() > 0, table + " is empty");
            assertEquals(0, a.exceptAll(b).count(), table + ": rows of local mode missing on the cluster");
            assertEquals(0, b.exceptAll(a).count(), table + ": rows on the cluster that local mode lacks");
        }
        for (String side : List.of("users", "items")) {
            Map<String, float[]> a = factors(spark, expected.resolve("factors/" + side));
            Map<String, float[]> b = factors(spark, actual.resolve("factors/" + side));
            assertEquals(a.keySet(), b.keySet(), side + " with factors");
            for (Map.Entry<String, float[]> entry : a.entrySet()) {
                float[] local = entry.getValue();
                float[] cluster = b.get(entry.getKey());
                assertEquals(local.length, cluster.length, "rank");
                for (int f = 0; f < local.length; f++) {
                    assertEquals(
                            local[f],
                            cluster[f],
                            FLOAT_TOLERANCE * Math.max(1, Math.abs(local[f])),
                            side + " " + entry.getKey() + " factor " + f);
                }
            }
        }
        double loss = want.at("/final/loss").asDouble();
        assertTrue(loss > 0, "final loss recorded");
        assertEquals(loss, got.at("/final/loss").asDouble(), 1e-9 * loss, "final loss");
    }

    static Map<String, float[]> factors(SparkSession spark, Path dir) {
        Map<String, float[]> factors = new HashMap<>();
        for (Row row : spark.read().parquet(dir.toString()).collectAsList()) {
            List<Float> values = row.getList(row.fieldIndex("features"));
            float[] vector = new float[values.size()];
            for (int f = 0; f < vector.length; f++) {
                vector[f] = values.get(f);
            }
            assertTrue(factors.put(row.getString(row.fieldIndex("id")), vector) == null, "one row per id");
        }
        assertFalse(factors.isEmpty(), dir + " is empty");
        return factors;
    }

    static JsonNode manifest(Path output) throws IOException {
        return new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    }

    private Path executorLog(int worker, String app) throws IOException {
        try (Stream<Path> executors =
                Files.list(cluster.resolve("work/worker-" + worker).resolve(app))) {
            return executors
                    .map(dir -> dir.resolve("stderr"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no executor of " + app + " on worker " + worker));
        }
    }

    private Set<Path> appDirs(int worker) throws IOException {
        try (Stream<Path> apps = Files.list(cluster.resolve("work/worker-" + worker))) {
            return apps.collect(Collectors.toSet());
        }
    }

    /** The stderr of the executor a new application got on the worker, or null while it has none. */
    private Path newExecutorLog(int worker, Set<Path> appsBefore) throws IOException {
        for (Path app : appDirs(worker)) {
            if (!appsBefore.contains(app)) {
                try (Stream<Path> executors = Files.list(app)) {
                    return executors
                            .map(dir -> dir.resolve("stderr"))
                            .filter(Files::isRegularFile)
                            .findFirst()
                            .orElse(null);
                }
            }
        }
        return null;
    }

    private static int finishedTasks(Path executorLog) throws IOException {
        try (Stream<String> lines = Files.lines(executorLog)) {
            return (int) lines.filter(line -> line.contains("Finished task")).count();
        }
    }

    private ProcessBuilder processBuilder(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME"); // the Maven-resolved Spark, whatever this machine has installed
        env.remove("SPARK_CONF_DIR");
        env.putAll(new HashMap<>(Map.of(
                "WRMF_CLUSTER_DIR", cluster.toString(),
                "WRMF_WORKERS", "2",
                "WRMF_WORKER_CORES", "1",
                "WRMF_WORKER_MEMORY", "1g",
                "WRMF_CLUSTER_TIMEOUT", String.valueOf(CLUSTER_START.toSeconds()),
                "WRMF_JAR", appJar.toString(),
                "WRMF_DRIVER_MEMORY", "1g",
                "WRMF_EXECUTOR_MEMORY", "1g",
                "WRMF_PARALLELISM", "4",
                "SPARK_LOCAL_IP", "127.0.0.1")));
        // no web UI (its ports would collide with other Spark applications on the machine); a generous
        // network timeout, so a busy machine's slow heartbeats are not taken for lost executors (a killed
        // worker is seen at once anyway: its connections drop)
        env.put("WRMF_SUBMIT_OPTS", "--conf spark.ui.enabled=false --conf spark.network.timeout=600s");
        return builder;
    }

    private Process script(List<String> command, Path log) throws IOException {
        List<String> bash = new ArrayList<>(List.of("bash"));
        bash.addAll(command);
        Process process = processBuilder(bash, log).start();
        closeInput(process);
        return process;
    }

    private static int finish(Process script, Duration timeout, Path log) throws InterruptedException {
        if (!script.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            fail("script still running after " + timeout + ": " + tail(log));
        }
        return script.exitValue();
    }

    private static void closeInput(Process process) {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException ignored) {
            // the process already ended
        }
    }

    /** Ends the drivers still running, then the cluster; safe to call twice (the shutdown hook). */
    private synchronized void stopEverything() {
        for (Process driver : drivers) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        drivers.clear();
        if (!Files.isDirectory(cluster.resolve("pids"))) {
            return;
        }
        List<ProcessHandle> daemons = new ArrayList<>();
        try (Stream<Path> pids = Files.list(cluster.resolve("pids"))) {
            for (Path pid : (Iterable<Path>) pids::iterator) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(daemons::add);
            }
            Path log = work.resolve("cluster-stop.log");
            finish(script(List.of("submit/dev-cluster.sh", "stop"), log), Duration.ofMinutes(1), log);
        } catch (Exception | AssertionError e) {
            System.err.println("stopping the dev cluster: " + e);
        }
        // whatever the script could not stop (or a worker's executors it did not see) ends here
        for (ProcessHandle daemon : daemons) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
