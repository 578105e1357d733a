package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    /** A holdout that picks no user says what happened: how many users were eligible, by which rule. */
    @Test
    void aHoldoutThatPicksNoUserSaysWhy() throws Exception {
        SparkTestSession.get();
        Path likes = dir.resolve("likes.psv");
        StringBuilder text = new StringBuilder("modelname|mid|uid\n");
        for (int user = 0; user < 6; user++) {
            for (int item = 0; item < 4; item++) {
                text.append("m|m").append(item).append("|u").append(user).append('\n');
            }
        }
        Files.writeString(likes, text);
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(new String[] {
                "grid",
                "--set",
                "input.path=" + likes,
                "--set",
                "input.format=psv",
                "--set",
                "threshold.min-user-likes=1",
                "--set",
                "threshold.min-item-likes=1",
                "--set",
                "output.path=" + dir.resolve("out")
            });
        } finally {
            System.setErr(original);
        }
        String said = printed.toString(StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, code, said);
        assertTrue(
                said.contains("wrmf: wrmf.holdout.per-user: the holdout picked no user to test on: 0 of the 6 users"
                        + " kept by the threshold are eligible (at least 2 x holdout.per-user = 10 likes)"),
                said);

        assertTrue(GridCommand.noTestUsers(
                        new org.wrmf.data.PrepareReport.HoldoutReport(true, 1, 0.1, 5L, 4L, 20, 0, 0),
                        new org.wrmf.data.LikeStats(6, 4, 24))
                .getMessage()
                .startsWith("wrmf.holdout.user-fraction: the holdout picked no user to test on: 4 of the 6 users"));
    }
}
