package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.Objective;
import org.wrmf.als.Rating;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;
import org.wrmf.eval.EvaluatedUsers;

/**
 * The resume store's key: a rerun on the same output folder reuses a finished point only for the same
 * data and every setting its curve depends on.
 */
class GridStoreKeyTest {
    /** The point's own coordinates (its file name) and what does not change a curve (checkpoints). */
    private static final Set<String> NOT_IN_THE_KEY = Set.of(
            "factors",
            "regularizationUsers",
            "regularizationItems",
            "alpha",
            "regularizationScaling",
            "regularizationExponent",
            "checkpointInterval");

    /** A setting changed from a base that uses it (epsilon matters only to the log form). */
    private record Change(UnaryOperator<TestParams.Builder> base, UnaryOperator<TestParams.Builder> changed) {
        Change(UnaryOperator<TestParams.Builder> changed) {
            this(b -> b, changed);
        }
    }

    /** Every other training setting, changed one at a time. */
    private static final Map<String, Change> CHANGES = Map.ofEntries(
            Map.entry("confidence", new Change(b -> b.confidence(Confidence.LOG))),
            Map.entry(
                    "epsilon",
                    new Change(
                            b -> b.confidence(Confidence.LOG),
                            b -> b.confidence(Confidence.LOG).epsilon(1e-3))),
            Map.entry(
                    "k1",
                    new Change(
                            b -> b.confidence(Confidence.BM25),
                            b -> b.confidence(Confidence.BM25).bm25K1(50))),
            Map.entry(
                    "b",
                    new Change(
                            b -> b.confidence(Confidence.BM25),
                            b -> b.confidence(Confidence.BM25).bm25B(0.5))),
            Map.entry("method", new Change(b -> b.solver(Solver.CG))),
            Map.entry("cgSteps", new Change(b -> b.cgSteps(5))),
            Map.entry("blockSize", new Change(b -> b.blockSize(7))),
            Map.entry("blockSweeps", new Change(b -> b.blockSweeps(2))),
            Map.entry("finalSolve", new Change(b -> b.finalSolve(FinalSolve.ITERATIVE))),
            Map.entry("blocks", new Change(b -> b.blocks(3))),
            Map.entry("seed", new Change(b -> b.seed(7))));

    /** The components of the model description and of every confidence form. */
    private static Set<String> settings() {
        return Stream.of(
                        Objective.class,
                        SolverSettings.class,
                        Confidence.Linear.class,
                        Confidence.Log.class,
                        Confidence.Bm25Weighted.class)
                .flatMap(type -> Arrays.stream(type.getRecordComponents()))
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
    }

    private static GridSettings grid(AlsParams base, int[] epochs, int k, EvaluatedUsers evaluated) {
        return GridSettings.builder()
                .factors(List.of(4))
                .regularization(List.of(0.1))
                .alpha(List.of(10.0))
                .epochs(epochs)
                .k(k)
                .metric("p_at_k_test")
                .parallelism(1)
                .resume(true)
                .evaluatedUsers(evaluated)
                .execution(Execution.JOBS)
                .base(base)
                .build();
    }

    @Test
    @Slow
    void theKeyHoldsTheDataAndEverySettingACurveDependsOn() {
        JavaRDD<Rating> train = SparkTestSession.jsc()
                .parallelize(List.of(new Rating(0, 0, 1f), new Rating(1, 1, 1f), new Rating(1, 0, 2f)), 2);
        JavaRDD<Rating> test = SparkTestSession.jsc().parallelize(List.of(new Rating(0, 1, 1f)), 1);
        AlsParams base = TestParams.als().build();
        int[] epochs = {1, 2};
        String key = GridStore.key(train, test, null, 2, 2, grid(base, epochs, 5, EvaluatedUsers.HOLDOUT));

        Set<String> covered = new HashSet<>(NOT_IN_THE_KEY);
        covered.addAll(CHANGES.keySet());
        assertEquals(
                settings(), covered, "a new training setting: if a curve depends on it, GridStore.key must hold it");
        CHANGES.forEach((field, change) -> assertNotEquals(
                GridStore.key(
                        train,
                        test,
                        null,
                        2,
                        2,
                        grid(change.base().apply(TestParams.als()).build(), epochs, 5, EvaluatedUsers.HOLDOUT)),
                GridStore.key(
                        train,
                        test,
                        null,
                        2,
                        2,
                        grid(change.changed().apply(TestParams.als()).build(), epochs, 5, EvaluatedUsers.HOLDOUT)),
                field));
        assertEquals(
                key,
                GridStore.key(
                        train,
                        test,
                        null,
                        2,
                        2,
                        grid(
                                TestParams.from(base)
                                        .checkpointInterval(1)
                                        .factors(8)
                                        .build(),
                                epochs,
                                5,
                                EvaluatedUsers.HOLDOUT)));

        assertNotEquals(
                key, GridStore.key(train, test, null, 2, 2, grid(base, new int[] {1, 3}, 5, EvaluatedUsers.HOLDOUT)));
        assertNotEquals(key, GridStore.key(train, test, null, 2, 2, grid(base, epochs, 3, EvaluatedUsers.HOLDOUT)));
        assertNotEquals(key, GridStore.key(train, test, null, 2, 2, grid(base, epochs, 5, EvaluatedUsers.ALL)));
        assertNotEquals(key, GridStore.key(train, test, null, 2, 3, grid(base, epochs, 5, EvaluatedUsers.HOLDOUT)));
        JavaRDD<Rating> reweighted = SparkTestSession.jsc()
                .parallelize(List.of(new Rating(0, 0, 1f), new Rating(1, 1, 1f), new Rating(1, 0, 3f)), 3);
        assertNotEquals(
                key,
                GridStore.key(reweighted, test, null, 2, 2, grid(base, epochs, 5, EvaluatedUsers.HOLDOUT)),
                "the data: one weight changed");
        assertNotEquals(
                key,
                GridStore.key(test, train, null, 2, 2, grid(base, epochs, 5, EvaluatedUsers.HOLDOUT)),
                "the data: train and test swapped");
        assertNotEquals(
                key,
                GridStore.key(train, test, reweighted, 2, 2, grid(base, epochs, 5, EvaluatedUsers.HOLDOUT)),
                "the held-out users' likes to fold in");
    }
}
