package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.SparkTestSession;
import org.wrmf.common.ConfigError;

/**
 * Settings that size memory are checked against the heap before any work, and failures that are no
 * setting's fault (out of memory, a full disk) are said in words.
 */
class MemoryBudgetTest {
    /** A laptop's local run: a 1 GB heap, 4 tasks at once. */
    private static final MemoryBudget LAPTOP = new MemoryBudget(1L << 30, (1L << 30) / 4, 4);

    @TempDir
    Path dir;

    @Test
    void theShippedDefaultsFit() {
        LAPTOP.check(WrmfConfig.load(null, List.of()));
    }

    @Test
    void anAbsurdSettingIsRefusedNamingItsKeyAndTheEstimate() {
        Map<String, String> absurd = Map.of(
                "als.factors=1e9", "wrmf.als.factors: 1000000000 needs about ",
                "grid.factors=[10,100000]", "wrmf.grid.factors: 100000 needs about ",
                "als.blocks=1000000", "wrmf.als.blocks: 1000000 needs about ",
                "output.blocks=1000000", "wrmf.output.blocks: 1000000 needs about ",
                "grid.k=100000000", "wrmf.grid.k: 100000000 needs about ",
                "output.top-n=2000000000", "wrmf.output.top-n: 2000000000 needs about ",
                "output.similar-items=100000000", "wrmf.output.similar-items: 100000000 needs about ",
                "generate.items=100000000", "wrmf.generate.items: 100000000 needs about ");
        absurd.forEach((setting, message) -> {
            ConfigError error =
                    assertThrows(ConfigError.class, () -> LAPTOP.check(WrmfConfig.load(null, List.of(setting))));
            assertTrue(error.getMessage().startsWith(message), error.getMessage());
            assertTrue(error.getMessage().contains("WRMF_DRIVER_MEMORY"), error.getMessage());
        });
    }

    @Test
    void theCommandLineRefusesItBeforeAnyWork() {
        Path out = dir.resolve("out");
        SparkTestSession.get();
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(new String[] {"prepare", "--set", "als.factors=1e9", "--set", "output.path=" + out});
        } finally {
            System.setErr(original);
        }
        var result = Map.entry(code, printed.toString(StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, result.getKey(), result.getValue());
        assertTrue(result.getValue().startsWith("wrmf: wrmf.als.factors: 1000000000 needs about "), result.getValue());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void outOfMemoryAndAFullDiskAreSaidInWords() {
        Throwable oom = new IllegalStateException(new RuntimeException(
                "Job aborted due to stage failure: Lost task 0.0: java.lang.OutOfMemoryError: Java heap space"));
        String said = Failures.describe("train", oom, null, null);
        assertTrue(said.startsWith("train ran out of memory"), said);
        assertTrue(said.contains("WRMF_DRIVER_MEMORY") && said.contains("WRMF_EXECUTOR_MEMORY"), said);
        assertTrue(Failures.describe("all", new OutOfMemoryError("Java heap space"), null, null)
                .startsWith("all ran out of memory"));

        Throwable full = new UncheckedIOException(
                "could not write file:/data/run/recommendations/part-00000",
                new IOException("No space left on device"));
        said = Failures.describe("all", full, null, null);
        assertTrue(
                said.startsWith(
                        "all failed: no space left on device, writing file:/data/run/recommendations/part-00000"),
                said);
        said = Failures.describe(
                "all",
                new RuntimeException(new IOException("No space left on device")),
                null,
                WrmfConfig.load(null, List.of("output.path=/data/run")));
        assertTrue(said.contains("no space left on device, writing under /data/run (checkpoints: "), said);
    }
}
