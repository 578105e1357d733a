package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wrmf.common.ConfigError;
import org.wrmf.data.HoldoutSettings;
import org.wrmf.data.PrepareSettings;
import org.wrmf.data.SyntheticLikes;

/** The time settings: the timestamp column, the protocols and their keys, generate.days. */
class TimeSettingsTest {
    private static PrepareSettings prepare(String... overrides) {
        return SettingsReader.prepare(WrmfConfig.load(null, List.of(overrides)));
    }

    private static String refusal(String... overrides) {
        return assertThrows(ConfigError.class, () -> prepare(overrides)).getMessage();
    }

    @Test
    void defaultsAreTodaysSplitWithoutTimes() {
        PrepareSettings settings = prepare("output.path=out");
        assertEquals(HoldoutSettings.Protocol.LIKES, settings.holdout().protocol());
        assertNull(settings.holdout().cutoff(), "auto");
        assertEquals(0.2, settings.holdout().timeFraction());
        assertNull(settings.input().timeColumn());
        assertEquals(1, settings.generate().days());
    }

    @Test
    void timeProtocolsNeedATimeColumnNamingTheKey() {
        for (String protocol : new String[] {"time", "per-user-last"}) {
            String message = refusal("output.path=out", "holdout.protocol=" + protocol);
            assertTrue(message.startsWith("wrmf.holdout.protocol: " + protocol), message);
            assertTrue(message.contains("input.columns.timestamp"), message);
        }
        // generated likes over several days have their times
        PrepareSettings days = prepare("output.path=out", "holdout.protocol=time", "generate.days=3");
        assertEquals(SyntheticLikes.TIME_COLUMN, days.input().timeColumn());
        assertEquals(HoldoutSettings.Protocol.TIME, days.holdout().protocol());
        PrepareSettings csv = prepare(
                "output.path=out",
                "input.format=csv",
                "input.path=likes.csv",
                "input.columns.timestamp=ts",
                "holdout.protocol=per-user-last");
        assertEquals("ts", csv.input().timeColumn());
        assertEquals(HoldoutSettings.Protocol.PER_USER_LAST, csv.holdout().protocol());
    }

    @Test
    void cutoffIsATimeOrAuto() {
        String[] timed = {"output.path=out", "generate.days=2", "holdout.protocol=time"};
        assertEquals(
                1_709_251_200L,
                SettingsReader.prepare(WrmfConfig.load(null, List.of(timed)).with("holdout.cutoff", "2024-03-01"))
                        .holdout()
                        .cutoff());
        assertEquals(
                881_250_949L,
                SettingsReader.prepare(WrmfConfig.load(null, List.of(timed)).with("holdout.cutoff", "881250949"))
                        .holdout()
                        .cutoff());
        String message = refusal("output.path=out", "holdout.cutoff=tomorrow");
        assertTrue(message.startsWith("wrmf.holdout.cutoff"), message);
    }

    @Test
    void givenNeedsATestPathAndAFileInput() {
        String noPath =
                refusal("output.path=out", "input.format=csv", "input.path=likes.csv", "holdout.protocol=given");
        assertTrue(noPath.startsWith("wrmf.holdout.test.path"), noPath);
        String synthetic = refusal("output.path=out", "holdout.protocol=given", "holdout.test.path=test.csv");
        assertTrue(synthetic.startsWith("wrmf.holdout.protocol"), synthetic);
        PrepareSettings given = prepare(
                "output.path=out",
                "input.format=tsv",
                "input.path=likes.tsv",
                "input.header=false",
                "input.columns.user=0",
                "input.columns.item=1",
                "holdout.protocol=given",
                "holdout.test.path=test.tsv");
        assertEquals("test.tsv", given.holdout().testInput().path());
        assertEquals("tsv", given.holdout().testInput().format());
        assertEquals("0", given.holdout().testInput().userColumn());
    }

    @Test
    void randomIsTheNotebooksProtocolAndOthersAreRefused() {
        assertEquals(
                HoldoutSettings.Protocol.LIKES,
                prepare("output.path=out", "holdout.protocol=random").holdout().protocol());
        String message = refusal("output.path=out", "holdout.protocol=latest");
        assertTrue(message.startsWith("wrmf.holdout.protocol"), message);
    }
}
