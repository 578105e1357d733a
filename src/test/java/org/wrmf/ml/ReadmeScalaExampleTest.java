package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * The README's spark-shell example ("Use it as a library"), read from README.md and run as spark-shell
 * runs it: in the Scala interpreter, on the JVM's class path, with a SparkSession bound as {@code spark}
 * and spark-shell's own imports, line after line (a line that leaves a statement incomplete waits for
 * the next, as in the shell). The example reads {@code u.data}, MovieLens-100K's likes, from the
 * directory the shell was started in; here that name points at the shared copy. Needs
 * ../shared/data/movielens-100k.
 */
@Slow
class ReadmeScalaExampleTest {
    /** The fence the example follows in the README. */
    private static final String AFTER = "From `spark-shell`";

    /** MovieLens-100K: 943 users, 1682 items (its README). */
    private static final long MOVIELENS_USERS = 943;

    @Test
    void theReadmesSparkShellExampleRuns() throws IOException {
        Path movieLens = SparkTestSession.movieLens();
        Assumptions.assumeTrue(movieLens != null, "needs ../shared/data/movielens-100k");
        List<String> example = scalaBlockAfter(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8), AFTER);
        String likes = movieLens.resolve("u.data").toAbsolutePath().toString();
        assertEquals(
                1,
                example.stream().filter(line -> line.contains("\"u.data\"")).count(),
                "the example reads \"u.data\" once: " + example);

        StringWriter out = new StringWriter();
        IMain shell = shell(out);
        try {
            assertEquals(
                    Results.Success$.MODULE$,
                    shell.bind(
                            "spark",
                            SparkSession.class.getName(),
                            SparkTestSession.get(),
                            scala.collection.immutable.List$.MODULE$.<String>empty()));
            // what spark-shell imports before the user's first line
            for (String line : List.of(
                    "import org.apache.spark.SparkContext._",
                    "import spark.implicits._",
                    "import spark.sql",
                    "import org.apache.spark.sql.functions._")) {
                assertSuccess(shell, line, out);
            }
            StringBuilder pending = new StringBuilder();
            for (String line : example) {
                String statement = pending + line.replace("\"u.data\"", "\"" + likes.replace("\\", "\\\\") + "\"");
                Results.Result result = shell.interpret(statement);
                if (result instanceof Results.Incomplete$) {
                    pending.append(statement).append('\n');
                    continue;
                }
                pending.setLength(0);
                assertTrue(result instanceof Results.Success$, "'" + line + "' gave " + result + ":\n" + out);
            }
            assertEquals("", pending.toString(), "the example ends inside a statement");

            // the values the example computed, read back through the shell
            assertTrue(shell.valueOfTerm("model").get() instanceof WrmfModel, "model is a WrmfModel");
            assertEquals(MOVIELENS_USERS, value(shell, "model.userFactors.count()", out));
            assertEquals(MOVIELENS_USERS, value(shell, "likes.select(\"user\").distinct().count()", out));
            // explain's total against transform's score of the same pair (a join and a dot product of the
            // stored factors): the stored users are exact given the stored items, so the two agree
            double total = (Double) value(shell, "model.explain(\"196\", \"242\").total", out);
            double score = (Double) value(
                    shell,
                    "model.transform(Seq((\"196\", \"242\")).toDF(\"user\", \"item\")).head().getAs[Number]"
                            + "(\"prediction\").doubleValue",
                    out);
            assertTrue(Double.isFinite(score) && score != 0, "a score for a pair MovieLens has: " + score);
            assertEquals(score, total, 1e-5 * Math.max(1, Math.abs(score)), "explain's total against transform");
            // the recommendations the example showed: 10 distinct items for each of 3 users
            assertEquals(
                    3L,
                    value(
                            shell,
                            "model.recommendForUserSubset(likes.select(\"user\").distinct().limit(3), 10)"
                                    + ".filter(size(array_distinct($\"recommendations.item\")) === 10).count()",
                            out));
        } finally {
            shell.close();
        }
    }

    /**
     * The statements of the first ```scala block after {@code marker}, one line each (blank lines and the
     * README's own text left out); fails when the README has no such block.
     */
    static List<String> scalaBlockAfter(String readme, String marker) {
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md has no '" + marker + "'");
        int open = readme.indexOf("```scala\n", at);
        assertTrue(open >= 0, "README.md has no ```scala block after '" + marker + "'");
        int start = open + "```scala\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(end >= 0, "the ```scala block after '" + marker + "' is not closed");
        List<String> lines = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n", -1)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        assertFalse(lines.isEmpty(), "the ```scala block after '" + marker + "' is empty");
        return lines;
    }

    /** The interpreter spark-shell starts: the JVM's class path (usejavacp), output into {@code out}. */
    private static IMain shell(StringWriter out) {
        Settings settings = new Settings();
        settings.usejavacp().value_$eq(true);
        // surefire starts the tests from a jar whose manifest holds the class path: give the interpreter
        // the entries themselves
        String testClassPath = System.getProperty("surefire.test.class.path");
        if (testClassPath != null) {
            settings.classpath().value_$eq(testClassPath);
        }
        return new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(out, true)));
    }

    private static void assertSuccess(IMain shell, String line, StringWriter out) {
        Results.Result result = shell.interpret(line);
        assertTrue(result instanceof Results.Success$, "'" + line + "' gave " + result + ":\n" + out);
    }

    /** The value of one Scala expression, evaluated by the shell. */
    private static Object value(IMain shell, String expression, StringWriter out) {
        assertSuccess(shell, "val checked = " + expression, out);
        return shell.valueOfTerm("checked").get();
    }
}
