package org.wrmf.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wrmf.cli.WrmfConfig;

/**
 * The run's record, written as {@code <output>/manifest.json}: what was read, kept and split, the
 * settings, timings per stage (seconds) and what later stages add. Keys are dotted paths
 * ("threshold.after.users") stored as nested objects, in the order they were first set.
 */
public final class Manifest {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** A manifest opened for a run: the command, when it started, Spark's version and application id. */
    public static Manifest forRun(org.apache.spark.sql.SparkSession spark, String command,
                                  org.wrmf.cli.WrmfConfig config) {
        Manifest manifest = new Manifest();
        manifest.put("command", command)
                .put("started_at", java.time.Instant.now().toString())
                .put("spark.version", spark.version())
                .put("spark.application_id", spark.sparkContext().applicationId())
                .put("spark.master", spark.sparkContext().master());
        try {
            manifest.put("config", new ObjectMapper().readValue(config.renderJson(), Map.class));
        } catch (IOException e) {
            throw new IllegalStateException("settings are not JSON", e);
        }
        return manifest;
    }

    /** Sets a value at a dotted path, creating the objects on the way. */
    @SuppressWarnings("unchecked")
    public synchronized Manifest put(String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(parts[parts.length - 1], value);
        return this;
    }

    /** The value at a dotted path, or null. */
    @SuppressWarnings("unchecked")
    public synchronized Object get(String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    /** Records a stage's duration in seconds under timings.&lt;stage&gt;. */
    public Manifest timing(String stage, long startNanos) {
        return put("timings." + stage, Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3);
    }

    public synchronized String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("manifest is not serialisable", e);
        }
    }

    /** Writes manifest.json into the output folder (a file of its own, replaced atomically where the FS can). */
    public void write(Configuration hadoop, String outputPath) throws IOException {
        Path target = new Path(outputPath, "manifest.json");
        FileSystem fs = target.getFileSystem(hadoop);
        fs.mkdirs(target.getParent());
        Path staging = new Path(outputPath, ".manifest.json.tmp");
        try (FSDataOutputStream out = fs.create(staging, true)) {
            out.write(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        fs.delete(target, false);
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot move " + staging + " to " + target);
        }
    }
}
