package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

@Slow
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainWritesFactorsByOriginalIdAndTheManifest() throws Exception {
        SparkTestSession.get();
        Path psv = dir.resolve("likes.psv");
        Files.writeString(
                psv, "modelname|mid|uid\na|m1|alice\nb|m2|alice\nc|m3|bob\na|m1|bob\nb|m2|carol\nd|m4|carol\n");
        Path out = dir.resolve("out");
        String[] args = {
            "train",
            "--set",
            "input.path=" + psv,
            "--set",
            "input.format=psv",
            "--set",
            "threshold.min-user-likes=1",
            "--set",
            "threshold.min-item-likes=1",
            "--set",
            "holdout.enabled=false",
            "--set",
            "output.path=" + out,
            "--set",
            "als.factors=3",
            "--set",
            "als.iterations=3",
            "--set",
            "als.solver=cg",
            "--set",
            "als.regularization-items=0.5"
        };
        assertEquals(Main.OK, Main.run(args));

        List<Row> users = SparkTestSession.get()
                .read()
                .parquet(out.resolve("factors/users").toString())
                .collectAsList();
        assertEquals(
                Set.of("alice", "bob", "carol"),
                users.stream().map(r -> r.getString(0)).collect(Collectors.toSet()));
        List<Row> items = SparkTestSession.get()
                .read()
                .parquet(out.resolve("factors/items").toString())
                .collectAsList();
        assertEquals(
                Set.of("m1", "m2", "m3", "m4"),
                items.stream().map(r -> r.getString(0)).collect(Collectors.toSet()));
        for (Row row : items) {
            List<Float> features = row.getList(1);
            assertEquals(3, features.size());
            assertTrue(features.stream().allMatch(f -> Float.isFinite(f)));
        }
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(3, manifest.at("/als/factors").asInt());
        assertEquals("cg", manifest.at("/als/solver").asText());
        assertEquals(0.5, manifest.at("/als/regularization_items").asDouble());
        assertEquals(0.1, manifest.at("/als/regularization_users").asDouble());
        assertTrue(manifest.at("/blas").asText().contains("blas="));
        assertTrue(manifest.at("/timings/train").isNumber());

        assertEquals(Main.USAGE, Main.run(args), "a finished run is not replaced without output.overwrite");
        assertEquals(Main.USAGE, Main.run(new String[] {"train", "--set", "als.solver=magic"}));
    }
}
