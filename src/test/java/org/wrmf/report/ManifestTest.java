package org.wrmf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.data.LikeStats;
import org.wrmf.data.PrepareReport;

class ManifestTest {

    private static RunManifest full() {
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("load", 1.5);
        timings.put("total", 9.25);
        return new RunManifest(
                "all",
                "2024-01-31T00:00:00Z",
                new RunManifest.Spark("4.2.0", "local-1", "local[2]"),
                Map.of("als", Map.of("factors", 40)),
                new PrepareReport.Input("likes.psv", "psv", 10, 1, 2, 7),
                new PrepareReport.ThresholdReport(5, 5, 3, new LikeStats(4, 5, 6), new LikeStats(2, 2, 3)),
                new PrepareReport.HoldoutReport(true, 5, 0.2, 42L, 2L, 2, 1, 1),
                new RunManifest.Grid(8, 1, 5, 4, 12.5, 3.25, "holdout"),
                new RunManifest.Best(40, 0.1, 10, 10, "p_at_k_test", 0.05307),
                new RunManifest.Final(40, 0.1, 0.1, 10, "linear", 1e-8, "cholesky", 10, 123.5),
                null,
                "blas=x",
                timings,
                null,
                null);
    }

    /** The keys users and schedulers read (the README's manifest table) are exactly these. */
    @Test
    void writesTheDocumentedKeys() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Manifest.toJson(full()));
        assertEquals("all", json.at("/command").asText());
        assertEquals("2024-01-31T00:00:00Z", json.at("/started_at").asText());
        assertEquals("local-1", json.at("/spark/application_id").asText());
        assertEquals(10, json.at("/input/rows_read").asLong());
        assertEquals(1, json.at("/input/rows_rejected").asLong());
        assertEquals(2, json.at("/input/duplicates").asLong());
        assertEquals(4, json.at("/threshold/before/users").asLong());
        assertEquals(
                100.0 * 6 / 20, json.at("/threshold/before/sparsity_percent").asDouble(), 1e-12);
        assertEquals(5, json.at("/threshold/min_user_likes").asInt());
        assertEquals(2, json.at("/holdout/train_likes").asLong());
        assertEquals(1, json.at("/holdout/test_users").asLong());
        assertEquals(5, json.at("/holdout/per_user").asInt());
        assertEquals(1, json.at("/grid/reused_points").asInt());
        assertEquals("holdout", json.at("/grid/evaluated_users").asText());
        assertEquals(0.05307, json.at("/best/value").asDouble());
        assertEquals("p_at_k_test", json.at("/best/metric").asText());
        assertEquals(0.1, json.at("/final/regularization_items").asDouble());
        assertEquals(123.5, json.at("/final/loss").asDouble());
        assertEquals("blas=x", json.at("/blas").asText());
        assertEquals(9.25, json.at("/timings/total").asDouble());
        assertTrue(json.at("/als").isMissingNode(), "a section the command did not run is absent");
    }

    /** A bm25 model records k1, b and the statistics fold-in needs; another model has no bm25 key at all. */
    @Test
    void theBm25KeysAreWrittenForABm25ModelOnly() throws Exception {
        RunManifest.Final bm25 = new RunManifest.Final(
                40, 0.1, 0.1, 10, "bm25", 1e-8, "cholesky", 10, 123.5, "constant", 1.0, 100.0, 0.8, 1234, 17.25);
        JsonNode json =
                new ObjectMapper().readTree(Manifest.toJson(withFinal(bm25))).at("/final");
        assertEquals(100.0, json.at("/bm25_k1").asDouble());
        assertEquals(0.8, json.at("/bm25_b").asDouble());
        assertEquals(1234, json.at("/bm25_users").asInt());
        assertEquals(17.25, json.at("/bm25_average_length").asDouble());
        assertEquals(bm25, Manifest.fromJson(Manifest.toJson(withFinal(bm25))).finalModel());
        JsonNode linear = new ObjectMapper().readTree(Manifest.toJson(full())).at("/final");
        linear.fieldNames().forEachRemaining(key -> assertFalse(key.startsWith("bm25"), key));
    }

    private static RunManifest withFinal(RunManifest.Final model) {
        RunManifest run = full();
        return new RunManifest(
                run.command(),
                run.startedAt(),
                run.spark(),
                run.config(),
                run.input(),
                run.threshold(),
                run.holdout(),
                run.grid(),
                run.best(),
                model,
                run.als(),
                run.blas(),
                run.timings(),
                run.recommendations(),
                run.foldIn());
    }

    @Test
    void readsBackTheSameRecords() throws Exception {
        RunManifest written = full();
        assertEquals(written, Manifest.fromJson(Manifest.toJson(written)));
    }

    @Test
    void withoutAHoldoutOnlyTheCountsAreRecorded() throws Exception {
        RunManifest run = new RunManifest(
                "prepare",
                "t",
                null,
                Map.of(),
                null,
                null,
                new PrepareReport.HoldoutReport(false, null, null, null, null, 7, 0, 0),
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                null);
        JsonNode holdout = new ObjectMapper().readTree(Manifest.toJson(run)).at("/holdout");
        assertFalse(holdout.at("/enabled").asBoolean());
        assertEquals(7, holdout.at("/train_likes").asLong());
        assertTrue(holdout.at("/per_user").isMissingNode());
        assertEquals(run, Manifest.fromJson(Manifest.toJson(run)));
    }

    @Test
    void aSumOfTimingsIsInMillisecondsLikeItsParts() {
        Manifest manifest = Manifest.forRun(SparkTestSession.get(), "train", "{}");
        long now = System.nanoTime();
        manifest.timing("first", now - 1_100_000_000L);
        // the timing counts up to its own call: 1.1 s plus however long this thread took to get there
        // (a GC pause or a loaded machine made a fixed 10 ms allowance fail)
        double late = (System.nanoTime() - now) / 1e9;
        manifest.timing("second", now - 2_200_000_000L);
        manifest.timingSum("both", "first", "second", "absent");
        Map<String, Double> timings = manifest.toRecord().timings();
        double first = timings.get("first");
        assertTrue(first >= 1.1 - 0.0005 && first <= 1.1 + late + 0.0005, "first " + first + ", late " + late);
        assertEquals(timings.get("first") + timings.get("second"), timings.get("both"), 1e-9);
        assertEquals(Math.round(timings.get("both") * 1000) / 1000.0, timings.get("both"), 0.0, "whole milliseconds");
    }
}
