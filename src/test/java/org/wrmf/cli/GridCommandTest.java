package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;

@Slow
class GridCommandTest {
    @TempDir
    Path dir;

    @Test
    void badGridSettingsExitTwo() {
        SparkTestSession.get();
        assertEquals(Main.USAGE, Main.run(new String[] {"grid", "--set", "grid.metric=accuracy"}));
        assertEquals(Main.USAGE, Main.run(new String[] {"grid", "--set", "grid.epochs=[4, 2]"}));
        assertEquals(Main.USAGE, Main.run(new String[] {"grid", "--set", "grid.evaluate-users=some"}));
        assertEquals(Main.USAGE, Main.run(new String[] {"grid", "--set", "grid.factors=[]"}));
    }

    /**
     * grid on MovieLens: curves written, best point in the manifest. The folder then holds a finished run:
     * a rerun needs output.overwrite, and reuses every finished point.
     */
    @Test
    void gridOnMovieLensWritesCurvesAndBestPoint() throws Exception {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        Path out = dir.resolve("ml");
        Files.writeString(
                dir.resolve("ml.conf"),
                "wrmf.input { path = \"" + movieLens.resolve("u.data")
                        + "\", format = tsv, header = false, columns { user = \"0\", item = \"1\", name = \"\" } }\n"
                        + "wrmf.grid { factors = [4], regularization = [0.1, 10], alpha = [5], epochs = [1, 3] }\n");
        String[] args = {"grid", "--config", dir.resolve("ml.conf").toString(), "--set", "output.path=" + out};
        assertEquals(Main.OK, Main.run(args));
        JsonNode first =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(4, first.at("/best/factors").asInt());
        assertEquals("p_at_k_test", first.at("/best/metric").asText());
        assertTrue(first.at("/best/value").asDouble() > 0);
        assertEquals(2, first.at("/grid/points").asInt());
        assertEquals(
                4,
                SparkTestSession.get()
                        .read()
                        .parquet(out.resolve("curves").toString())
                        .count());

        assertEquals(Main.USAGE, Main.run(args), "a finished run is replaced only with output.overwrite");
        String[] rerun = Arrays.copyOf(args, args.length + 2);
        rerun[args.length] = "--set";
        rerun[args.length + 1] = "output.overwrite=true";
        assertEquals(Main.OK, Main.run(rerun));
        JsonNode second =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(2, second.at("/grid/reused_points").asInt());
        assertEquals(first.at("/best"), second.at("/best"));
    }
}
