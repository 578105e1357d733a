package org.wrmf.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.wrmf.common.Seconds;
import org.wrmf.data.PrepareReport;
import org.wrmf.io.OutputFolder;
import org.wrmf.io.SafeOutput;
import org.wrmf.rank.Popularity;

/**
 * The run's record as it is built: the command fills a section per stage it runs, then {@link #write}s
 * {@code <output>/manifest.json} through the staged write. {@link #read} gives the same {@link RunManifest}
 * back. One Jackson mapper does both, so the JSON keys cannot drift from the records.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // manifests written by older versions may carry keys this one no longer has
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String command;
    private final String startedAt;
    private final RunManifest.Spark spark;
    private final Map<String, Object> config;
    private PrepareReport prepared;
    private RunManifest.Grid grid;
    private RunManifest.Best best;
    private RunManifest.Final finalModel;
    private RunManifest.Als als;
    private String blas;
    private Popularity recommendations;
    private RunManifest.FoldInFigures foldIn;
    private RunManifest.Rules rules;
    private RunManifest.Refit refit;
    private final Map<String, Double> timings = new LinkedHashMap<>();

    private Manifest(String command, RunManifest.Spark spark, Map<String, Object> config) {
        this.command = command;
        this.startedAt = Instant.now().toString();
        this.spark = spark;
        this.config = config;
    }

    /**
     * A manifest opened for a run: the command, when it started, Spark's version and application id, and
     * the effective settings (JSON).
     */
    public static Manifest forRun(SparkSession spark, String command, String settingsJson) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = JSON.readValue(settingsJson, Map.class);
            return new Manifest(
                    command,
                    new RunManifest.Spark(
                            spark.version(),
                            spark.sparkContext().applicationId(),
                            spark.sparkContext().master()),
                    settings);
        } catch (IOException e) {
            throw new IllegalArgumentException("settings are not JSON", e);
        }
    }

    /** The data half: input counts, the k-core and the split, with its stages' seconds. */
    public synchronized Manifest prepared(PrepareReport report, Map<String, Double> stageSeconds) {
        prepared = report;
        timings.putAll(stageSeconds);
        return this;
    }

    public synchronized Manifest grid(RunManifest.Grid figures, RunManifest.Best bestPoint) {
        grid = figures;
        best = bestPoint;
        return this;
    }

    public synchronized Manifest finalModel(RunManifest.Final model) {
        finalModel = model;
        return this;
    }

    public synchronized Manifest als(RunManifest.Als settings) {
        als = settings;
        return this;
    }

    /** The popularity figures of the recommendations written. */
    public synchronized Manifest recommendations(Popularity figures) {
        recommendations = figures;
        return this;
    }

    /** The business rules the outputs were written under. */
    public synchronized Manifest rules(RunManifest.Rules figures) {
        rules = figures;
        return this;
    }

    public synchronized Manifest foldIn(RunManifest.FoldInFigures figures) {
        foldIn = figures;
        return this;
    }

    public synchronized Manifest refit(RunManifest.Refit figures) {
        refit = figures;
        return this;
    }

    /** Which BLAS and LAPACK ran the engine's kernel. */
    public synchronized Manifest blas(String implementation) {
        blas = implementation;
        return this;
    }

    /** Records a stage's duration under {@code timings.<stage>}, in seconds since {@code startNanos}. */
    public synchronized Manifest timing(String stage, long startNanos) {
        timings.put(stage, Seconds.since(startNanos));
        return this;
    }

    /**
     * Records {@code stage} as the sum of stages already recorded (a missing one counts 0), in
     * milliseconds like every timing, so that 1.1 + 2.2 reads 3.3.
     */
    public synchronized Manifest timingSum(String stage, String... parts) {
        long millis = 0;
        for (String part : parts) {
            millis += Math.round(timings.getOrDefault(part, 0.0) * 1000);
        }
        timings.put(stage, millis / 1000.0);
        return this;
    }

    public synchronized RunManifest toRecord() {
        return new RunManifest(
                command,
                startedAt,
                spark,
                config,
                prepared == null ? null : prepared.input(),
                prepared == null ? null : prepared.threshold(),
                prepared == null ? null : prepared.holdout(),
                grid,
                best,
                finalModel,
                als,
                blas,
                new LinkedHashMap<>(timings),
                recommendations,
                foldIn,
                rules,
                refit);
    }

    public static String toJson(RunManifest manifest) {
        try {
            return JSON.writeValueAsString(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest is not serialisable", e);
        }
    }

    public static RunManifest fromJson(String json) throws IOException {
        return JSON.readValue(json, RunManifest.class);
    }

    /** A record's fields as the manifest names them (snake case), in the record's order. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(Object section) {
        return JSON.convertValue(section, LinkedHashMap.class);
    }

    /**
     * Writes {@code <output>/manifest.json} through the staged write: readers see the whole file or none.
     * Commands write it last: its presence marks the folder's run finished ({@code io.OutputFolder}).
     */
    public void write(Configuration hadoop, String outputPath) {
        ObjectNode json = JSON.valueToTree(toRecord());
        // what overwriting this run may remove, and nothing else
        json.putPOJO("outputs", OutputFolder.outputsIn(hadoop, outputPath));
        try {
            new SafeOutput(hadoop, true)
                    .writeFile(new Path(outputPath, "manifest.json").toString(), JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("manifest is not serialisable", e);
        }
    }

    /** The manifest of a finished run. */
    public static RunManifest read(Configuration hadoop, Path path) {
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the run manifest " + path, e);
        }
    }
}
