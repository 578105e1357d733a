package org.wrmf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import org.wrmf.als.AlsParams;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Rating;

/** The job's one training path, {@link Wrmf#fitIndexed}: its hook's calls, objective and warm start. */
class WrmfFitIndexedTest {
    private static final int USERS = 30;
    private static final int ITEMS = 20;
    private static final AlsParams PARAMS = TestParams.als()
            .factors(4)
            .regularizationUsers(0.5)
            .regularizationItems(0.2)
            .alpha(3)
            .blocks(3)
            .seed(17L)
            .checkpointInterval(0)
            .build();

    /** A seeded random like matrix, about a third of the cells liked with weights 1 to 5. */
    private static JavaRDD<Rating> likes() {
        Random random = new Random(5);
        List<Rating> likes = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int i = 0; i < ITEMS; i++) {
                if (random.nextDouble() < 0.3) {
                    likes.add(new Rating(u, i, 1 + random.nextInt(5)));
                }
            }
        }
        return SparkTestSession.jsc().parallelize(likes, 2);
    }

    @ParameterizedTest
    @EnumSource(FitExecution.class)
    void theHookSeesEachPartInOrderAndTheObjectiveNeverRises(FitExecution execution) {
        List<String> calls = new ArrayList<>();
        List<Double> objectives = new ArrayList<>();
        FitHook hook = new FitHook() {
            @Override
            public boolean objectivePerIteration() {
                return true;
            }

            @Override
            public void started() {
                calls.add("started");
            }

            @Override
            public void iterated(int iteration, double objective) {
                calls.add("iterated " + iteration);
                objectives.add(objective);
            }

            @Override
            public void iterationsDone() {
                calls.add("iterationsDone");
            }

            @Override
            public void finalSolved() {
                calls.add("finalSolved");
            }
        };
        try (TrainedFactors fit = Wrmf.fitIndexed(likes(), USERS, ITEMS, PARAMS, execution, 4, "test", hook)) {
            assertEquals(
                    List.of(
                            "started",
                            "iterated 1",
                            "iterated 2",
                            "iterated 3",
                            "iterated 4",
                            "iterationsDone",
                            "finalSolved"),
                    calls);
            // each half-iteration of exact ALS minimises the objective over one side, and so does the model's
            // final user solve: at the training state after iterations 1 to 3, at the model after 4, it never
            // rises
            for (int i = 1; i < objectives.size(); i++) {
                assertTrue(
                        objectives.get(i) <= objectives.get(i - 1) * (1 + 1e-12),
                        "objective rose after iteration " + (i + 1) + ": " + objectives);
            }
            assertTrue(objectives.get(3) < objectives.get(0), "the objective went down: " + objectives);
            // the last one is the objective at the returned model
            assertEquals(fit.loss(), objectives.get(3), 1e-9 * Math.abs(fit.loss()));
            assertEquals(USERS, fit.model().users().count());
            assertEquals(ITEMS, fit.model().items().count());
        }
        try (TrainedFactors quiet =
                Wrmf.fitIndexed(likes(), USERS, ITEMS, PARAMS, FitExecution.LOCAL, 2, "test", FitHook.NONE)) {
            assertEquals(4, quiet.model().rank());
            assertEquals(FitExecution.LOCAL, quiet.execution());
        }
    }

    /**
     * An iteration starts with the users solved exactly against the items, so with the exact solver the
     * users it starts from do not matter: 3 iterations from a 2-iteration model are 5 iterations, here 3 in one
     * JVM continuing 2 distributed ones.
     */
    @Test
    @Slow
    void aWarmStartContinuesWhereTheModelWas() {
        JavaRDD<Rating> likes = likes().cache();
        try (TrainedFactors two = Wrmf.fitIndexed(
                        likes, USERS, ITEMS, PARAMS, FitExecution.DISTRIBUTED, 2, "test", FitHook.NONE);
                TrainedFactors five = Wrmf.fitIndexed(
                        likes, USERS, ITEMS, PARAMS, FitExecution.DISTRIBUTED, 5, "test", FitHook.NONE)) {
            FitHook fromTwo = new FitHook() {
                @Override
                public FactorModel warmStart() {
                    return two.model();
                }
            };
            try (TrainedFactors continued =
                    Wrmf.fitIndexed(likes, USERS, ITEMS, PARAMS, FitExecution.LOCAL, 3, "test", fromTwo)) {
                assertSameFactors(
                        five.model().users().collectAsMap(),
                        continued.model().users().collectAsMap());
                assertSameFactors(
                        five.model().items().collectAsMap(),
                        continued.model().items().collectAsMap());
            }
            // and not what a random start gives after 3
            try (TrainedFactors three =
                    Wrmf.fitIndexed(likes, USERS, ITEMS, PARAMS, FitExecution.AUTO, 3, "test", FitHook.NONE)) {
                assertTrue(three.loss() > five.loss(), "3 iterations from random reach 5's objective");
            }
        } finally {
            likes.unpersist(false);
        }
    }

    private static void assertSameFactors(Map<Integer, double[]> expected, Map<Integer, double[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<Integer, double[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), 1e-6, "factors of " + e.getKey());
        }
    }
}
