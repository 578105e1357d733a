package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.SparkTestSession;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.bench.AlsBench;
import org.wrmf.common.ConfigError;

class SettingsReaderTest {

    /**
     * The business rules' files: off by default; read in input.format (psv for synthetic likes) unless
     * recommend.format says otherwise, with the likes' header, encoding and columns.
     */
    @Test
    void recommendRulesAreReadInTheLikesFormat() {
        assertTrue(
                SettingsReader.recommendRules(WrmfConfig.load(null, List.of())).isNone());

        RecommendRules synthetic =
                SettingsReader.recommendRules(WrmfConfig.load(null, List.of("recommend.exclude-items=gone.psv")));
        assertEquals(
                new org.wrmf.data.InputSettings("gone.psv", "psv", true, "mid", "mid", null, null),
                synthetic.excludeItems());
        assertEquals(null, synthetic.candidateItems());

        RecommendRules csv = SettingsReader.recommendRules(WrmfConfig.load(
                null,
                List.of(
                        "input.path=likes.csv",
                        "input.format=csv",
                        "input.header=false",
                        "input.columns.user=0",
                        "input.columns.item=1",
                        "recommend.users=u.csv",
                        "recommend.exclude-pairs=p.parquet",
                        "recommend.format=parquet")));
        assertEquals(new org.wrmf.data.InputSettings("u.csv", "parquet", false, "0", "0", null, null), csv.users());
        assertEquals(
                new org.wrmf.data.InputSettings("p.parquet", "parquet", false, "0", "1", null, null),
                csv.excludePairs());

        ConfigError format = assertThrows(
                ConfigError.class,
                () -> SettingsReader.recommendRules(
                        WrmfConfig.load(null, List.of("recommend.users=u.psv", "recommend.format=xlsx"))));
        assertTrue(format.getMessage().startsWith("wrmf.recommend.format"), format.getMessage());
    }

    /** blocks = 0 means one per core: local[N]'s N, not the doubled default parallelism. */
    @Test
    void defaultBlocksAreOnePerCore() {
        assertEquals(1, SettingsReader.defaultBlocks("local", 8, 16));
        assertEquals(3, SettingsReader.defaultBlocks("local[3]", 6, 16));
        assertEquals(2, SettingsReader.defaultBlocks(" local[2, 4] ", 4, 16), "local[N, retries]");
        assertEquals(16, SettingsReader.defaultBlocks("local[*]", 32, 16));
        assertEquals(12, SettingsReader.defaultBlocks("spark://master:7077", 12, 2), "a cluster: its parallelism");
    }

    /** The shipped defaults, read through the one parser, are the ones application.conf documents. */
    @Test
    void alsSettingsFromTheShippedDefaults() {
        AlsSettings als = SettingsReader.als(
                WrmfConfig.load(null, List.of("als.blocks=3", "als.regularization-items=0.5")),
                SparkTestSession.get().sparkContext());
        AlsParams p = als.params();
        assertEquals(40, p.factors());
        assertEquals(0.1, p.objective().regularizationUsers());
        assertEquals(0.5, p.objective().regularizationItems(), "regularization-items overrides regularization");
        assertEquals(new Confidence.Linear(50), p.objective().confidence());
        assertEquals(Solver.CHOLESKY, p.solver().method());
        assertEquals(3, p.solver().blocks());
        assertEquals(64, p.solver().blockSize());
        assertEquals(1, p.solver().blockSweeps());
        assertEquals(FinalSolve.EXACT, p.solver().finalSolve());
    }

    /** The block solver's keys and the final solve, read by name; a block of no dimensions names its key. */
    @Test
    void blockSolverSettings() {
        var sc = SparkTestSession.get().sparkContext();
        AlsParams p = SettingsReader.als(
                        WrmfConfig.load(
                                null,
                                List.of(
                                        "als.solver=block",
                                        "als.block-size=32",
                                        "als.block-sweeps=2",
                                        "als.final-solve=iterative")),
                        sc)
                .params();
        assertEquals(Solver.BLOCK, p.solver().method());
        assertEquals(32, p.solver().blockSize());
        assertEquals(2, p.solver().blockSweeps());
        assertEquals(FinalSolve.ITERATIVE, p.solver().finalSolve());
        ConfigError size = assertThrows(
                ConfigError.class, () -> SettingsReader.als(WrmfConfig.load(null, List.of("als.block-size=0")), sc));
        assertTrue(size.getMessage().startsWith("wrmf.als.block-size"), size.getMessage());
    }

    @Test
    void gridListsAreValidatedNamingTheirKey() {
        var sc = SparkTestSession.get().sparkContext();
        ConfigError epochs = assertThrows(
                ConfigError.class, () -> SettingsReader.grid(WrmfConfig.load(null, List.of("grid.epochs=[2, 2]")), sc));
        assertTrue(
                epochs.getMessage().startsWith("wrmf.grid.epochs: values must be strictly increasing"),
                epochs.getMessage());
        ConfigError lambda = assertThrows(
                ConfigError.class,
                () -> SettingsReader.grid(WrmfConfig.load(null, List.of("grid.regularization=[0.1, -1]")), sc));
        assertTrue(lambda.getMessage().startsWith("wrmf.grid.regularization:"), lambda.getMessage());
        ConfigError empty = assertThrows(
                ConfigError.class, () -> SettingsReader.grid(WrmfConfig.load(null, List.of("grid.factors=[]")), sc));
        assertEquals("wrmf.grid.factors: needs at least one value", empty.getMessage());
    }

    @Test
    void unknownEnginesAndBadLambdasNameTheirKey() {
        var sc = SparkTestSession.get().sparkContext();
        ConfigError engine = assertThrows(
                ConfigError.class,
                () -> SettingsReader.alsBench(
                        WrmfConfig.load(null, List.of("bench.als.engines=[mllib, wrmf-lu]")), sc));
        assertTrue(
                engine.getMessage().startsWith("wrmf.bench.als.engines: unknown engine \"wrmf-lu\""),
                engine.getMessage());
        ConfigError lambda = assertThrows(
                ConfigError.class,
                () -> SettingsReader.alsBench(
                        WrmfConfig.load(null, List.of("bench.als.regularizations=[0.1, -1]")), sc));
        assertTrue(lambda.getMessage().startsWith("wrmf.bench.als.regularizations:"), lambda.getMessage());
        assertThrows(
                ConfigError.class,
                () -> SettingsReader.alsBench(WrmfConfig.load(null, List.of("bench.als.engines=mllib")), sc));
    }

    @Test
    void benchAlsSeedsDefaultToTheModelSeedAndScalingsAreChecked() {
        var sc = SparkTestSession.get().sparkContext();
        AlsBench.AlsBenchSettings defaults = SettingsReader.alsBench(WrmfConfig.load(null, List.of("als.seed=7")), sc);
        assertArrayEquals(new long[] {7}, defaults.seeds(), "empty model-seeds: als.seed");
        assertEquals(List.of(RegularizationScaling.CONSTANT), defaults.scalings());
        AlsBench.AlsBenchSettings seeded = SettingsReader.alsBench(
                WrmfConfig.load(
                        null,
                        List.of(
                                "bench.als.model-seeds=[3, 4]",
                                "bench.als.scalings=[count, frequency]",
                                "bench.als.exponents=[0.5, 1]")),
                sc);
        assertArrayEquals(new long[] {3, 4}, seeded.seeds());
        assertEquals(List.of(RegularizationScaling.COUNT, RegularizationScaling.FREQUENCY), seeded.scalings());
        assertArrayEquals(new double[] {0.5, 1}, seeded.exponents());
        ConfigError scaling = assertThrows(
                ConfigError.class,
                () -> SettingsReader.alsBench(WrmfConfig.load(null, List.of("bench.als.scalings=[count, log]")), sc));
        assertTrue(
                scaling.getMessage().startsWith("wrmf.bench.als.scalings: unknown scaling \"log\""),
                scaling.getMessage());
        assertThrows(
                ConfigError.class,
                () -> SettingsReader.alsBench(WrmfConfig.load(null, List.of("bench.als.model-seeds=[a]")), sc));
    }

    @Test
    void benchAlsIsRefusedBeforeAnyDataIsPrepared(@TempDir Path dir) {
        SparkTestSession.get();
        assertEquals(Main.USAGE, Main.run(new String[] {
            "bench", "als", "--set", "bench.als.engines=[spark]", "--set", "output.path=" + dir
        }));
        assertTrue(dir.toFile().list().length == 0, "nothing written");
    }

    /** As in a config file, two quote characters are the empty string, not a value of two quotes. */
    @Test
    void anEmptyQuotedValueIsTheEmptyString() {
        WrmfConfig config = WrmfConfig.load(
                null, List.of("input.columns.name=\"\"", "input.columns.weight=\"\"", "report.item-link=\"a b\""));
        assertEquals(null, config.optionalString("wrmf.input.columns.name"));
        assertEquals(null, SettingsReader.input(config).nameColumn());
        assertEquals(null, SettingsReader.input(config).weightColumn());
        assertEquals("a b", config.string("wrmf.report.item-link"));
        assertTrue(config.isSet("wrmf.input.columns.name"));
        assertTrue(!WrmfConfig.load(null, List.of()).isSet("wrmf.input.columns.name"), "left at its default");
    }
}
