package org.wrmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Slow
class MainTest {
    @TempDir
    Path dir;

    static int run(String... args) {
        SparkTestSession.get();
        return Main.run(args);
    }

    static JsonNode manifest(Path output) throws Exception {
        return new ObjectMapper().readTree(output.resolve("manifest.json").toFile());
    }

    @Test
    void localDefaultsFillOnlyWhatTheUserLeftUnset() {
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false)
                .set("spark.shuffle.compress", "true")
                .set("spark.sql.shuffle.partitions", "7");
        Main.localDefaults(conf, 3);
        assertEquals("true", conf.get("spark.shuffle.compress"));
        assertEquals("7", conf.get("spark.sql.shuffle.partitions"));
        assertEquals("6", conf.get("spark.default.parallelism"));
        assertEquals("false", conf.get("spark.shuffle.checksum.enabled"));
        assertEquals("0", conf.get("spark.shuffle.sort.bypassMergeThreshold"));
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertEquals(Main.OK, run("--help"));
        assertEquals(Main.USAGE, run());
        assertEquals(Main.USAGE, run("nonsense"));
        assertEquals(Main.USAGE, run("prepare", "--bogus"));
        assertEquals(Main.USAGE, run("prepare", "--set", "wrmf.input.format=nonsense"));
        assertEquals(Main.USAGE, run("prepare", "--set", "wrmf.no.such.key=1"));
        assertEquals(Main.USAGE, run("prepare", "--set", "threshold.min-user-likes=many"));
        assertEquals(
                Main.USAGE,
                run(
                        "prepare",
                        "--set",
                        "input.format=psv",
                        "--set",
                        "input.path=" + dir.resolve("missing.psv"),
                        "--set",
                        "output.path=" + dir.resolve("out")));
        assertEquals(
                Main.USAGE,
                run("prepare", "--config", dir.resolve("missing.conf").toString()));
    }

    @Test
    void movieLensFiveCoreAndHoldout() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        Path out = dir.resolve("ml");
        Files.writeString(
                dir.resolve("ml.conf"),
                "wrmf.input { path = \"" + movieLens.resolve("u.data")
                        + "\", format = tsv, header = false, columns { user = \"0\", item = \"1\" } }\n");
        assertEquals(
                Main.OK, run("prepare", "--config", dir.resolve("ml.conf").toString(), "--set", "output.path=" + out));
        JsonNode manifest = manifest(out);
        assertEquals(100_000, manifest.at("/input/rows_read").asLong());
        assertEquals(0, manifest.at("/input/rows_rejected").asLong());
        assertEquals(0, manifest.at("/input/duplicates").asLong());
        assertEquals(943, manifest.at("/threshold/before/users").asLong());
        assertEquals(1682, manifest.at("/threshold/before/items").asLong());
        assertEquals(943, manifest.at("/threshold/after/users").asLong());
        assertEquals(1349, manifest.at("/threshold/after/items").asLong());
        assertEquals(99_287, manifest.at("/threshold/after/likes").asLong());
        long test = manifest.at("/holdout/test_likes").asLong();
        assertEquals(99_287, manifest.at("/holdout/train_likes").asLong() + test);
        assertEquals(188, manifest.at("/holdout/test_users").asLong(), "floor(0.2 x 943)");
        assertEquals(188 * 5, test);
        assertTrue(manifest.at("/timings/load").isNumber());
        assertTrue(Files.isDirectory(out.resolve("prepared/train")));
    }

    @Test
    void handMadePsvCountsThroughTheCommandLine() throws Exception {
        Path psv = dir.resolve("bad.psv");
        Files.writeString(
                psv,
                "modelname|mid|uid\na|m1|u1\n\\b | c\\|m2|u1\nd|m3|u2\nd|m3|u2\nonly|two\ne|m4|\n"
                        + "\\broken|m5|u3\nx|m6|u4|extra\n");
        Path out = dir.resolve("bad");
        assertEquals(
                Main.OK,
                run(
                        "prepare",
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
                        "output.path=" + out));
        JsonNode manifest = manifest(out);
        assertEquals(8, manifest.at("/input/rows_read").asLong());
        assertEquals(4, manifest.at("/input/rows_rejected").asLong());
        assertEquals(1, manifest.at("/input/duplicates").asLong());
        assertEquals(3, manifest.at("/threshold/after/likes").asLong());
        long rejectedLines = Files.list(out.resolve("rejected"))
                .filter(p -> p.toString().endsWith(".json"))
                .mapToLong(p -> {
                    try {
                        return Files.readAllLines(p).size();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .sum();
        assertEquals(4, rejectedLines);
    }
}
