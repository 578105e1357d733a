package org.wrmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job on a real multi-process Spark standalone cluster: submit/dev-cluster.sh starts a master and
 * two workers (separate JVMs, 1 core and 1 GB each) from the Maven-resolved Spark jars, and
 * submit/standalone.sh submits through Spark's own SparkSubmit entry point, in client deploy mode, as a
 * user does. The cluster's outputs must equal those of local mode (run here, in the tests' shared
 * local session) for the same seeds; then again while one worker and its executor are killed with
 * SIGKILL in the middle of the job.
 *
 * <p>The application jar is assembled here from target/classes plus the config library, because
 * `mvn test` runs before `package` makes the real (shaded) jar. Logs of every process stay under
 * target/cluster-test/ for a failure's post-mortem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final Duration CLUSTER_START = Duration.ofMinutes(4);
    private static final Duration JOB = Duration.ofMinutes(8);
    private static final List<String> DATA = List.of("--set", "generate.scale=0.02", "--set", "generate.seed=11",
            "--set", "holdout.seed=5");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("target/cluster-test");
    private final Path cluster = work.resolve("cluster");
    private final List<Process> drivers = new ArrayList<>();
    private Path appJar;
    private Path localOutput;
    private Thread shutdownHook;
    private int finishedOnSecondWorker;

    @BeforeAll
    void startCluster() throws Exception {
        assertTrue(Files.isRegularFile(root.resolve("target/spark-classpath.txt")),
                "target/spark-classpath.txt is written by the build (generate-resources)");
        deleteRecursively(work);
        Files.createDirectories(work);
        appJar = applicationJar(work.resolve("wrmf-app.jar"));

        localOutput = work.resolve("local");
        List<String> local = new ArrayList<>(List.of("prepare", "--set", "output.path=" + localOutput));
        local.addAll(DATA);
        SparkTestSession.get();
        assertEquals(Main.OK, Main.run(local.toArray(String[]::new)), "local-mode reference run");

        shutdownHook = new Thread(this::stopEverything, "stop the dev cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        int started = script(List.of("submit/dev-cluster.sh", "start"), work.resolve("cluster-start.log"), CLUSTER_START);
        assertEquals(0, started, "dev-cluster.sh start failed: " + tail(work.resolve("cluster-start.log")));
    }

    @AfterAll
    void stopCluster() {
        stopEverything();
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }

    @Test
    @Order(1)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void clusterRunEqualsLocalRun() throws Exception {
        Path output = work.resolve("cluster-run");
        Path log = work.resolve("driver-run.log");
        Process driver = submit(output, log);
        assertTrue(driver.waitFor(JOB.toSeconds(), TimeUnit.SECONDS), "job still running after " + JOB);
        assertEquals(0, driver.exitValue(), "standalone.sh failed: " + tail(log));

        JsonNode manifest = manifest(output);
        assertTrue(manifest.at("/spark/master").asText().startsWith("spark://127.0.0.1:"), manifest.toString());
        String app = manifest.at("/spark/application_id").asText();
        int first = finishedTasks(executorLog(1, app));
        finishedOnSecondWorker = finishedTasks(executorLog(2, app));
        assertTrue(first > 0 && finishedOnSecondWorker > 0,
                "both workers' executors ran tasks: " + first + " and " + finishedOnSecondWorker);
        assertSameOutputs(localOutput, output);
    }

    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killingAWorkerMidJobStillGivesTheSameResult() throws Exception {
        Path output = work.resolve("cluster-killed-worker");
        Path log = work.resolve("driver-killed-worker.log");
        Set<Path> appsBefore = appDirs(2);
        Process driver = submit(output, log);

        // Kill once the second worker's executor has done about a third of the tasks it did in a whole
        // run: well into the job, with shuffle files and cached blocks that now live only there.
        int killAfter = Math.max(1, finishedOnSecondWorker / 3);
        long deadline = System.nanoTime() + JOB.toNanos();
        Path executorLog = null;
        while (executorLog == null || finishedTasks(executorLog) < killAfter) {
            assertTrue(driver.isAlive(), "the job ended before the second worker did " + killAfter
                    + " tasks: " + tail(log));
            assertTrue(System.nanoTime() < deadline, "the second worker's executor never got to work");
            Thread.sleep(100);
            executorLog = newExecutorLog(2, appsBefore);
        }
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(Files.readString(cluster.resolve("pids/worker-2.pid"))
                .trim())).orElseThrow();
        List<ProcessHandle> executors = worker.children().collect(Collectors.toList());
        assertFalse(executors.isEmpty(), "the second worker has no executor process");
        assertTrue(driver.isAlive(), "the job is still running when the worker dies");
        executors.forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();

        assertTrue(driver.waitFor(JOB.toSeconds(), TimeUnit.SECONDS), "job still running after " + JOB);
        assertEquals(0, driver.exitValue(), "the job did not survive the lost worker: " + tail(log));
        assertTrue(Files.readString(log).contains("Lost executor"), "the driver never saw its executor die");
        assertSameOutputs(localOutput, output);
    }

    private Process submit(Path output, Path log) throws IOException {
        String master = Files.readString(cluster.resolve("master-url")).trim();
        List<String> command = new ArrayList<>(List.of("bash", "submit/standalone.sh", master, "prepare",
                "--set", "output.path=" + output));
        command.addAll(DATA);
        Process driver = processBuilder(command, log).start();
        drivers.add(driver);
        return driver;
    }

    /** Outputs of two prepare runs: the same counts in the manifest, the same rows in every table. */
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
            Dataset<Row> a = spark.read().parquet(expected.resolve("prepared/" + table).toString());
            Dataset<Row> b = spark.read().parquet(actual.resolve("prepared/" + table).toString());
            assertEquals(a.count(), b.count(), table + " rows");
            assertTrue(a.count() > 0, table + " is empty");
            assertEquals(0, a.exceptAll(b).count(), table + ": rows of local mode missing on the cluster");
            assertEquals(0, b.exceptAll(a).count(), table + ": rows on the cluster that local mode lacks");
        }
    }

    private static JsonNode manifest(Path output) throws IOException {
        return new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    }

    private Path executorLog(int worker, String app) throws IOException {
        try (Stream<Path> executors = Files.list(cluster.resolve("work/worker-" + worker).resolve(app))) {
            return executors.map(dir -> dir.resolve("stderr")).filter(Files::isRegularFile).findFirst()
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
                    return executors.map(dir -> dir.resolve("stderr")).filter(Files::isRegularFile)
                            .findFirst().orElse(null);
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

    /**
     * The application jar: our classes and the config library. The real jar relocates the library;
     * here it keeps its own package, which the driver and the executors load from this jar alone.
     */
    private Path applicationJar(Path jar) throws IOException {
        Path classes = root.resolve("target/classes");
        Path configJar = Path.of(com.typesafe.config.Config.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes);
             JarFile config = new JarFile(configJar.toFile())) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (JarEntry entry : (Iterable<JarEntry>) config.stream()::iterator) {
                if (entry.getName().startsWith("com/typesafe/config/") && !entry.isDirectory()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    config.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private ProcessBuilder processBuilder(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME");           // the Maven-resolved Spark, whatever this machine has installed
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
        return builder;
    }

    private int script(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        List<String> bash = new ArrayList<>(List.of("bash"));
        bash.addAll(command);
        Process process = processBuilder(bash, log).start();
        closeInput(process);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " still running after " + timeout + ": " + tail(log));
        }
        return process.exitValue();
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
            script(List.of("submit/dev-cluster.sh", "stop"), work.resolve("cluster-stop.log"), Duration.ofMinutes(1));
        } catch (Exception | AssertionError e) {
            System.err.println("stopping the dev cluster: " + e);
        }
        // whatever the script could not stop (or a worker's executors it did not see) ends here
        for (ProcessHandle daemon : daemons) {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
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
