package org.wrmf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.SolverSettings;
import org.wrmf.common.ConfigError;

/**
 * Opening run folders: a manifest written before the model description existed (format 1, the
 * {@code train} manifest of an earlier version, kept as a resource) still opens and gives the objective it
 * was trained with; every folder that is not a usable finished run is a {@link ConfigError} naming the key.
 */
class FinishedRunTest {
    private static final String KEY = "wrmf.output.path";

    @TempDir
    Path dir;

    private static String formatOne() throws IOException {
        try (InputStream in = FinishedRunTest.class.getResourceAsStream("manifest-format-1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path run(String manifest) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("manifest.json"), manifest);
        return run;
    }

    @Test
    void aManifestOfTheFirstFormatOpensWithItsObjective() throws Exception {
        FinishedRun run =
                FinishedRun.open(SparkTestSession.get(), run(formatOne()).toString(), KEY);
        assertEquals(1, run.manifest().formatOrFirst());
        assertEquals(9703, run.manifest().threshold().after().likes());
        assertEquals(15.939, run.manifest().timings().get("train"));
        AlsParams trained = run.trainedParams(8, 3);
        assertEquals(
                new Objective(8, 0.1, 0.1, RegularizationScaling.CONSTANT, 1.0, new Confidence.Linear(50)),
                trained.objective());
        assertEquals(SolverSettings.exact(3), trained.solver());
        assertNull(run.bm25(573), "a linear model has no BM25 statistics");
    }

    @Test
    void aFirstFormatManifestWithoutScalingReadsAsConstantAndKeepsItsForm() throws Exception {
        String older = formatOne()
                .replace("\"regularization_scaling\": \"constant\",", "")
                .replace("\"regularization_exponent\": 1.0,", "")
                .replace("\"confidence\": \"linear\",", "\"confidence\": \"log\",");
        FinishedRun run = FinishedRun.open(SparkTestSession.get(), run(older).toString(), KEY);
        Objective objective = run.trainedParams(8, 1).objective();
        assertEquals(RegularizationScaling.CONSTANT, objective.regularizationScaling());
        assertEquals(new Confidence.Log(50, 1e-8), objective.confidence());
    }

    @Test
    void theManifestWrittenNowRoundTripsTheObjective() throws Exception {
        AlsParams params = TestParams.als()
                .confidence(Confidence.BM25)
                .bm25K1(1.5)
                .bm25B(0.5)
                .regularizationScaling(RegularizationScaling.FREQUENCY)
                .regularizationExponent(0.5)
                .build();
        RunManifest.Final written = RunManifest.Final.of(params, 7, 1.5, null);
        RunManifest.Final read =
                Manifest.fromJson(Manifest.toJson(withFinal(written))).finalModel();
        assertEquals(params.objective(), read.objective());
        assertNull(read.epsilon(), "a bm25 model records no epsilon");
        assertEquals(
                RunManifest.FORMAT,
                Manifest.fromJson(Manifest.toJson(withFinal(written))).formatOrFirst());
    }

    @Test
    void aFolderWithoutManifestIsNoFinishedRun() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ConfigError error =
                assertThrows(ConfigError.class, () -> FinishedRun.open(SparkTestSession.get(), empty.toString(), KEY));
        assertTrue(error.getMessage().contains(KEY), error.getMessage());
        assertTrue(error.getMessage().contains("no finished run"), error.getMessage());
    }

    @Test
    void anUnreadableOrNewerManifestIsRefusedNamingTheKey() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String garbled = run("{ not json").toString();
        ConfigError unreadable = assertThrows(ConfigError.class, () -> FinishedRun.open(spark, garbled, KEY));
        assertTrue(unreadable.getMessage().contains(KEY), unreadable.getMessage());

        String newer = run(formatOne().replaceFirst("\\{", "{\"format\": 99,")).toString();
        ConfigError future = assertThrows(ConfigError.class, () -> FinishedRun.open(spark, newer, KEY));
        assertTrue(future.getMessage().contains("newer"), future.getMessage());
        assertTrue(future.getMessage().contains(KEY), future.getMessage());
    }

    @Test
    void aRunWithoutModelOrFinalSectionSaysSo() throws Exception {
        SparkSession spark = SparkTestSession.get();
        FinishedRun run = FinishedRun.open(spark, run(formatOne()).toString(), KEY);
        ConfigError noModel = assertThrows(ConfigError.class, run::model);
        assertTrue(noModel.getMessage().contains("no model/"), noModel.getMessage());
        ConfigError wrongRank = assertThrows(ConfigError.class, () -> run.trainedParams(9, 1));
        assertTrue(wrongRank.getMessage().contains("rank 9"), wrongRank.getMessage());

        String prepared =
                Files.readString(dir.resolve("run/manifest.json")).replaceAll("(?s)\"final\": \\{[^}]*\\},", "");
        FinishedRun onlyPrepared = FinishedRun.open(spark, run(prepared).toString(), KEY);
        ConfigError noFinal = assertThrows(ConfigError.class, () -> onlyPrepared.trainedParams(8, 1));
        assertTrue(noFinal.getMessage().contains("no final section"), noFinal.getMessage());
    }

    @Test
    void aBm25ModelWithoutItsStatisticsIsRefused() throws Exception {
        String bm25 = formatOne()
                .replace(
                        "\"confidence\": \"linear\",",
                        "\"confidence\": \"bm25\", \"bm25_k1\": 100.0, \"bm25_b\": 0.8,");
        FinishedRun run = FinishedRun.open(SparkTestSession.get(), run(bm25).toString(), KEY);
        assertEquals(
                new Confidence.Bm25Weighted(50, 100, 0.8),
                run.trainedParams(8, 1).objective().confidence());
        ConfigError error = assertThrows(ConfigError.class, () -> run.bm25(573));
        assertTrue(error.getMessage().contains("bm25_users"), error.getMessage());
    }

    private static RunManifest withFinal(RunManifest.Final model) {
        return new RunManifest(
                "train", "t", null, null, null, null, null, null, null, model, null, null, null, null, null);
    }
}
