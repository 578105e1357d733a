package org.wrmf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparkTestSessionTest {
    @Test
    void sessionRunsAJob() {
        assertEquals(
                10L,
                SparkTestSession.jsc()
                        .parallelize(java.util.List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 3)
                        .count());
    }
}
