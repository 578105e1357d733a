package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class AlsSettingsTest {

    /** blocks = 0 means one per core: local[N]'s N, not the doubled default parallelism. */
    @Test
    void defaultBlocksAreTheLocalMastersThreads() {
        org.apache.spark.SparkContext sc = SparkTestSession.get().sparkContext();
        String threads = sc.master().replaceAll("local\\[(\\d+)\\]", "$1");
        assertEquals(Integer.parseInt(threads), AlsSettings.defaultBlocks(sc));
    }
}
