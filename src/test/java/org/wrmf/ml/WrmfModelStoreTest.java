package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrmfModelStoreTest {
    /** The folders Spark's pipeline and tuning writers give a stage, and nothing else, name our class. */
    @Test
    void onlyFoldersSparkLoadsByClassNameGetOurs() {
        String uid = "wrmf_1a2b3c";
        assertTrue(WrmfModelStore.loadedByItsClassName("/runs/p/stages/0_" + uid, uid));
        assertTrue(WrmfModelStore.loadedByItsClassName("hdfs://nn/p/stages/12_" + uid, uid));
        assertTrue(WrmfModelStore.loadedByItsClassName("/runs/tvs/bestModel", uid));
        assertTrue(WrmfModelStore.loadedByItsClassName("/runs/tvs/subModels/3", uid));
        assertTrue(WrmfModelStore.loadedByItsClassName("/runs/cv/subModels/fold0/1", uid));
        assertFalse(WrmfModelStore.loadedByItsClassName("/runs/p/stages/0_wrmf_other", uid));
        assertFalse(WrmfModelStore.loadedByItsClassName("/runs/models/" + uid, uid));
        assertFalse(WrmfModelStore.loadedByItsClassName("/runs/stages", uid));
    }
}
