package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAG's own logic (weekly grid, daily refit from the newest finished run, the refit's
 * arguments), checked by a Python script that imports the DAG file with stand-ins for Airflow, which is
 * not installed here. Skipped where there is no python3.
 */
class AirflowDagTest {
    @Test
    void choosesTheWeeklyGridOrARefitFromTheNewestFinishedRun()
            throws IOException, InterruptedException, URISyntaxException {
        assumeTrue(pythonAvailable(), "python3 is not installed");
        Path script =
                Path.of(AirflowDagTest.class.getResource("airflow_dag_check.py").toURI());
        Process process = new ProcessBuilder(
                        "python3",
                        "-B",
                        script.toString(),
                        Path.of("submit/airflow/wrmf_dag.py").toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    private static boolean pythonAvailable() {
        try {
            Process process = new ProcessBuilder("python3", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
