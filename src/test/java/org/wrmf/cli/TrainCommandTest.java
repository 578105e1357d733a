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

    /**
     * als.execution: the fit in one JVM (local) and the distributed one write the same factors on MovieLens
     * (CG in floats: to 1e-6 relative, the summation order of their sums differs); a wrong word is exit 2.
     */
    @Test
    void localAndDistributedFitsWriteTheSameFactors() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        org.junit.jupiter.api.Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        Files.writeString(
                dir.resolve("ml.conf"),
                "wrmf.input { path = \"" + movieLens.resolve("u.data")
                        + "\", format = tsv, header = false, columns { user = \"0\", item = \"1\", name = \"\" } }\n"
                        + "wrmf.als { factors = 8, iterations = 4, solver = cg, alpha = 5, regularization = 0.5 }\n");
        java.util.Map<String, java.util.Map<String, double[]>> factors = new java.util.HashMap<>();
        for (String execution : List.of("local", "distributed")) {
            Path out = dir.resolve(execution);
            assertEquals(Main.OK, Main.run(new String[] {
                "train",
                "--config",
                dir.resolve("ml.conf").toString(),
                "--set",
                "output.path=" + out,
                "--set",
                "als.execution=" + execution
            }));
            java.util.Map<String, double[]> byId = new java.util.HashMap<>();
            for (String side : List.of("users", "items")) {
                for (Row row : SparkTestSession.get()
                        .read()
                        .parquet(out.resolve("factors/" + side).toString())
                        .collectAsList()) {
                    List<Float> features = row.getList(1);
                    byId.put(
                            side + ":" + row.get(0),
                            features.stream().mapToDouble(Float::doubleValue).toArray());
                }
            }
            factors.put(execution, byId);
        }
        java.util.Map<String, double[]> local = factors.get("local");
        java.util.Map<String, double[]> distributed = factors.get("distributed");
        assertEquals(distributed.keySet(), local.keySet());
        assertEquals(943 + 1349, local.size(), "MovieLens' 943 users and its 1349 items with at least 5 likes");
        double difference = 0;
        double norm = 0;
        for (String id : local.keySet()) {
            for (int f = 0; f < 8; f++) {
                difference += Math.pow(local.get(id)[f] - distributed.get(id)[f], 2);
                norm += Math.pow(distributed.get(id)[f], 2);
            }
        }
        assertTrue(Math.sqrt(difference / norm) < 1e-6, "relative difference " + Math.sqrt(difference / norm));
        assertEquals(
                Main.USAGE,
                Main.run(new String[] {"train", "--set", "als.execution=cluster", "--set", "output.path=" + dir}));
    }
}
