package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;

class JobGroupTest {

    @Test
    void labelsThePointsJobsAndClearsTheGroup() {
        JavaSparkContext jsc = SparkTestSession.jsc();
        try (JobGroup jobs = JobGroup.open(jsc, "grid 17/180", "blocks")) {
            assertEquals("grid-17-180", jsc.getLocalProperty("spark.jobGroup.id"));
            assertEquals("grid 17/180 blocks", jsc.getLocalProperty("spark.job.description"));
            jobs.describe("epoch 12");
            assertEquals("grid 17/180 epoch 12", jsc.getLocalProperty("spark.job.description"));
        }
        assertNull(jsc.getLocalProperty("spark.jobGroup.id"));
    }
}
