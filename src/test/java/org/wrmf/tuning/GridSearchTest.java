package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.TestParams;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.Loss;
import org.wrmf.als.NonFiniteFactorsException;
import org.wrmf.als.Rating;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.eval.Auc;
import org.wrmf.eval.EvaluatedUsers;
import org.wrmf.eval.FullRowMse;
import org.wrmf.eval.Metrics;
import org.wrmf.eval.MovieLensSplit;
import org.wrmf.eval.NotebookPrecisionAtK;

@Slow
class GridSearchTest {
    private final JavaSparkContext jsc = SparkTestSession.jsc();

    @TempDir
    Path output;

    /** A grid killed after two points and rerun on the same output ends exactly as an uninterrupted run. */
    @Test
    void killedGridResumesToIdenticalCurves() throws IOException {
        Random random = new Random(11);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            int held = 0;
            for (int i = 0; i < 40; i++) {
                if (random.nextInt(5) == 0) {
                    (u % 2 == 0 && held++ < 2 ? test : train).add(new Rating(u, i, 1f));
                }
            }
        }
        JavaRDD<Rating> trainRdd = jsc.parallelize(train, 2).cache();
        JavaRDD<Rating> testRdd = jsc.parallelize(test, 2).cache();
        GridSettings settings = settings(List.of(2, 3), List.of(0.1), List.of(1.0, 20.0), new int[] {1, 3}, 1, true);

        GridResult uninterrupted = new GridSearch(
                        trainRdd, testRdd, 50, 40, settings, output.resolve("a").toString())
                .run();

        String resumed = output.resolve("b").toString();
        assertThrows(
                IllegalStateException.class,
                () -> new GridSearch(trainRdd, testRdd, 50, 40, settings, resumed)
                        .stopAfterPoints(2)
                        .run());
        try (Stream<Path> files = Files.walk(output.resolve("b"))) {
            assertEquals(2, files.filter(p -> p.toString().endsWith(".tsv")).count(), "two finished points kept");
        }
        GridResult rerun = new GridSearch(trainRdd, testRdd, 50, 40, settings, resumed).run();
        assertEquals(2, rerun.reusedPoints());
        assertSameCurves(uninterrupted, rerun);

        GridSettings fresh = settings(List.of(2, 3), List.of(0.1), List.of(1.0, 20.0), new int[] {1, 3}, 1, false);
        GridResult retrained = new GridSearch(trainRdd, testRdd, 50, 40, fresh, resumed).run();
        assertEquals(0, retrained.reusedPoints(), "resume=false trains every point again");
        assertSameCurves(uninterrupted, retrained);
    }

    /**
     * A point trained inside one task (local ALS, local scoring) follows the distributed jobs: same
     * initial factors, same kernel, so the same curves up to the Gram matrix's summation order.
     */
    @Test
    void pointsInsideTasksMatchDistributedJobs() {
        Random random = new Random(5);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 30; i++) {
                if (random.nextInt(4) == 0) {
                    (u % 3 == 0 && i % 2 == 0 ? test : train).add(new Rating(u, i, 1 + random.nextInt(3)));
                }
            }
        }
        JavaRDD<Rating> trainRdd = jsc.parallelize(train, 2).cache();
        JavaRDD<Rating> testRdd = jsc.parallelize(test, 2).cache();
        for (EvaluatedUsers evaluated :
                List.of(EvaluatedUsers.HOLDOUT, EvaluatedUsers.ALL, EvaluatedUsers.sample(0.5, 3))) {
            GridResult jobs = new GridSearch(
                            trainRdd,
                            testRdd,
                            40,
                            30,
                            settings(
                                    List.of(3),
                                    List.of(0.5),
                                    List.of(2.0, 8.0),
                                    new int[] {1, 4},
                                    2,
                                    false,
                                    Execution.JOBS,
                                    evaluated),
                            output.resolve("jobs").toString())
                    .run();
            GridResult tasks = new GridSearch(
                            trainRdd,
                            testRdd,
                            40,
                            30,
                            settings(
                                    List.of(3),
                                    List.of(0.5),
                                    List.of(2.0, 8.0),
                                    new int[] {1, 4},
                                    2,
                                    false,
                                    Execution.TASKS,
                                    evaluated),
                            output.resolve("tasks").toString())
                    .run();
            assertEquals(jobs.curves().size(), tasks.curves().size());
            for (int i = 0; i < jobs.curves().size(); i++) {
                Metrics a = jobs.curves().get(i).metrics();
                Metrics b = tasks.curves().get(i).metrics();
                assertEquals(a.users(), b.users());
                for (String name : Metrics.NAMES) {
                    assertEquals(a.value(name), b.value(name), 1e-9, evaluated + " " + name + " row " + i);
                }
            }
        }
    }

    /**
     * Strong generalization: held-out users (not in train) folded in at each checkpoint score the same
     * inside tasks as in distributed jobs, and they do better than a random ranking; under BM25 too,
     * where both fold in with their trainer's statistics.
     */
    @ParameterizedTest
    @ValueSource(strings = {Confidence.LINEAR, Confidence.BM25})
    void heldOutUsersFoldedInScoreTheSameInTasksAndJobs(String confidence) {
        AlsParams base = TestParams.als()
                .blocks(2)
                .confidence(confidence)
                .bm25K1(1.2)
                .bm25B(0.75)
                .build();
        Random random = new Random(8);
        List<Rating> train = new ArrayList<>();
        List<Rating> foldIn = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            int taste = u % 2;
            for (int i = 0; i < 30; i++) {
                if (i % 2 == taste && random.nextInt(2) == 0) {
                    (u % 4 != 0 ? train : i < 20 ? foldIn : test).add(new Rating(u, i, 1));
                }
            }
        }
        JavaRDD<Rating> trainRdd = jsc.parallelize(train, 2).cache();
        JavaRDD<Rating> foldInRdd = jsc.parallelize(foldIn, 2).cache();
        JavaRDD<Rating> testRdd = jsc.parallelize(test, 2).cache();
        GridResult jobs = new GridSearch(
                        trainRdd,
                        testRdd,
                        40,
                        30,
                        settings(
                                        List.of(3),
                                        List.of(0.5),
                                        List.of(4.0),
                                        new int[] {2, 4},
                                        1,
                                        false,
                                        Execution.JOBS,
                                        EvaluatedUsers.HOLDOUT)
                                .toBuilder()
                                .base(base)
                                .build(),
                        output.resolve("jobs").toString())
                .foldingIn(foldInRdd)
                .run();
        GridResult tasks = new GridSearch(
                        trainRdd,
                        testRdd,
                        40,
                        30,
                        settings(
                                        List.of(3),
                                        List.of(0.5),
                                        List.of(4.0),
                                        new int[] {2, 4},
                                        1,
                                        false,
                                        Execution.TASKS,
                                        EvaluatedUsers.HOLDOUT)
                                .toBuilder()
                                .base(base)
                                .build(),
                        output.resolve("tasks").toString())
                .foldingIn(foldInRdd)
                .run();
        assertEquals(2, jobs.curves().size());
        for (int i = 0; i < jobs.curves().size(); i++) {
            Metrics a = jobs.curves().get(i).metrics();
            Metrics b = tasks.curves().get(i).metrics();
            long scored = test.stream()
                    .map(Rating::user)
                    .distinct()
                    .filter(u -> foldIn.stream().anyMatch(r -> r.user() == u))
                    .count();
            assertEquals(scored, a.users(), "the held-out users with likes to fold in from are scored");
            for (String name : Metrics.NAMES) {
                assertEquals(a.value(name), b.value(name), 1e-9, name + " row " + i);
            }
            assertTrue(a.value(Auc.NAME) > 0.6, "folded-in users rank their tastes first: auc " + a.value(Auc.NAME));
        }
    }

    /**
     * The grid varies lambda's scaling (constant once, count and frequency per exponent), and a point
     * inside a task keeps following the distributed jobs, metrics and loss parts alike.
     */
    @Test
    void scaledPointsAndTheirLossAgreeInTasksAndJobs() {
        Random random = new Random(8);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 25; i++) {
                if (random.nextInt(4) == 0) {
                    (u % 3 == 0 && i % 2 == 0 ? test : train).add(new Rating(u, i, 1 + random.nextInt(3)));
                }
            }
        }
        JavaRDD<Rating> trainRdd = jsc.parallelize(train, 2).cache();
        JavaRDD<Rating> testRdd = jsc.parallelize(test, 2).cache();
        List<GridResult> results = new ArrayList<>();
        for (Execution execution : List.of(Execution.JOBS, Execution.TASKS)) {
            GridSettings settings = settings(
                            List.of(3),
                            List.of(0.05),
                            List.of(4.0),
                            new int[] {1, 3},
                            2,
                            false,
                            execution,
                            EvaluatedUsers.HOLDOUT)
                    .toBuilder()
                    .regularizationScaling(List.of(
                            RegularizationScaling.CONSTANT,
                            RegularizationScaling.COUNT,
                            RegularizationScaling.FREQUENCY))
                    .regularizationExponent(List.of(1.0, 0.5))
                    .build();
            assertEquals(5, settings.points().size(), "constant once, count and frequency with each exponent");
            results.add(new GridSearch(
                            trainRdd,
                            testRdd,
                            30,
                            25,
                            settings,
                            output.resolve(execution.name()).toString())
                    .run());
        }
        List<CurveRow> jobs = results.get(0).curves();
        List<CurveRow> tasks = results.get(1).curves();
        assertEquals(10, jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(jobs.get(i).point(), tasks.get(i).point());
            assertEquals(
                    jobs.get(i).metrics().value(NotebookPrecisionAtK.TEST),
                    tasks.get(i).metrics().value(NotebookPrecisionAtK.TEST),
                    1e-9,
                    "row " + i);
            Loss a = jobs.get(i).loss();
            Loss b = tasks.get(i).loss();
            assertTrue(a.isFinite() && a.total() > 0, "row " + i + " loss " + a);
            assertEquals(a.observed(), b.observed(), 1e-9 * a.total(), "row " + i);
            assertEquals(a.unobserved(), b.unobserved(), 1e-9 * a.total(), "row " + i);
            assertEquals(a.regularization(), b.regularization(), 1e-9 * a.total(), "row " + i);
        }
        assertTrue(jobs.get(2).loss().regularization() != jobs.get(0).loss().regularization(), "count differs");
    }

    /** An overflowing confidence stops the grid with an error naming the point and the iteration. */
    /**
     * The block solver (blocks of 2 dimensions at rank 5) and the iterative final solve in the grid's
     * learning curves: a point inside a task follows the distributed jobs, metrics and loss alike.
     */
    @Test
    void blockSolverCurvesAgreeInTasksAndJobs() {
        Random random = new Random(9);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 25; i++) {
                if (random.nextInt(4) == 0) {
                    (u % 3 == 0 && i % 2 == 0 ? test : train).add(new Rating(u, i, 1 + random.nextInt(3)));
                }
            }
        }
        JavaRDD<Rating> trainRdd = jsc.parallelize(train, 2).cache();
        JavaRDD<Rating> testRdd = jsc.parallelize(test, 2).cache();
        AlsParams base = TestParams.als()
                .blocks(2)
                .solver(Solver.BLOCK)
                .blockSize(2)
                .finalSolve(FinalSolve.ITERATIVE)
                .build();
        List<GridResult> results = new ArrayList<>();
        for (Execution execution : List.of(Execution.JOBS, Execution.TASKS)) {
            GridSettings settings = settings(
                            List.of(5),
                            List.of(0.1),
                            List.of(4.0),
                            new int[] {1, 3},
                            2,
                            false,
                            execution,
                            EvaluatedUsers.HOLDOUT)
                    .toBuilder()
                    .base(base)
                    .build();
            results.add(new GridSearch(
                            trainRdd,
                            testRdd,
                            30,
                            25,
                            settings,
                            output.resolve("block-" + execution).toString())
                    .run());
        }
        List<CurveRow> jobs = results.get(0).curves();
        List<CurveRow> tasks = results.get(1).curves();
        assertEquals(2, jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(
                    jobs.get(i).metrics().value(NotebookPrecisionAtK.TEST),
                    tasks.get(i).metrics().value(NotebookPrecisionAtK.TEST),
                    1e-9,
                    "row " + i);
            Loss a = jobs.get(i).loss();
            assertTrue(a.isFinite() && a.total() > 0, "row " + i + " loss " + a);
            assertEquals(a.total(), tasks.get(i).loss().total(), 1e-9 * a.total(), "row " + i);
        }
    }

    @Test
    void nonFiniteFactorsNameTheGridPointAndIteration() {
        JavaRDD<Rating> train = jsc.parallelize(
                List.of(new Rating(0, 0, 1f), new Rating(0, 1, 3e38f), new Rating(1, 1, 1f), new Rating(2, 0, 1f)), 2);
        JavaRDD<Rating> test = jsc.parallelize(List.of(new Rating(1, 0, 1f)), 1);
        for (Execution execution : List.of(Execution.JOBS, Execution.TASKS)) {
            GridSettings settings = settings(
                    List.of(2),
                    List.of(0.1),
                    List.of(1e300),
                    new int[] {2},
                    1,
                    false,
                    execution,
                    EvaluatedUsers.HOLDOUT);
            NonFiniteFactorsException error = assertThrows(
                    NonFiniteFactorsException.class,
                    () -> new GridSearch(
                                    train,
                                    test,
                                    3,
                                    2,
                                    settings,
                                    output.resolve(execution.name()).toString())
                            .run());
            assertTrue(
                    error.getMessage().contains("grid 1/1 (factors: 2 | regularization: 0.1 | alpha: 1.0E300)")
                            && error.getMessage().contains("iteration 1"),
                    execution + ": " + error.getMessage());
        }
    }

    /** The 2 x 2 x 2 grid on MovieLens-100K, two points at a time, curves written as Parquet. */
    @Test
    void movieLensTwoByTwoByTwo() {
        Path dir = SparkTestSession.movieLens();
        Assumptions.assumeTrue(dir != null, "needs ../shared/data/movielens-100k");
        MovieLensSplit data = MovieLensSplit.load(dir, 5, 3);
        JavaRDD<Rating> train = jsc.parallelize(data.train(), 4).cache();
        JavaRDD<Rating> test = jsc.parallelize(data.test(), 4).cache();
        GridSettings settings = settings(
                List.of(5, 10),
                List.of(0.1, 10.0),
                List.of(1.0, 10.0),
                new int[] {2, 4},
                2,
                true,
                Execution.AUTO,
                EvaluatedUsers.HOLDOUT);

        GridResult result =
                new GridSearch(train, test, data.numUsers(), data.numItems(), settings, output.toString()).run();

        assertEquals(8 * 2, result.curves().size());
        double bestSeen = result.curves().stream()
                .mapToDouble(r -> r.metrics().value(NotebookPrecisionAtK.TEST))
                .max()
                .orElseThrow();
        assertEquals(bestSeen, result.best().metrics().value(NotebookPrecisionAtK.TEST));
        // a random ranking would hit 5 held-out among 1682 items about 0.3% of the time
        assertTrue(bestSeen > 0.05, "best test p@5 " + bestSeen);
        for (CurveRow row : result.curves()) {
            double auc = row.metrics().value(Auc.NAME);
            assertTrue(auc > 0.5 && auc <= 1, "auc " + auc);
            assertTrue(
                    row.metrics().value(FullRowMse.TEST) > 0,
                    "mse " + row.metrics().value(FullRowMse.TEST));
        }
        String curves = output.resolve("curves").toString();
        Curves.write(SparkTestSession.get(), result.curves(), curves);
        assertEquals(16, SparkTestSession.get().read().parquet(curves).count());
        System.out.printf(
                "MovieLens 2x2x2 grid, 2 checkpoints: wall %.1f s, train %.1f s, eval %.1f s (%.0f%%)%n",
                result.wallSeconds(), result.trainSeconds(), result.evalSeconds(), 100 * result.evaluationShare());
    }

    private static GridSettings settings(
            List<Integer> factors,
            List<Double> regularization,
            List<Double> alpha,
            int[] epochs,
            int parallelism,
            boolean resume) {
        return settings(
                factors, regularization, alpha, epochs, parallelism, resume, Execution.JOBS, EvaluatedUsers.HOLDOUT);
    }

    private static GridSettings settings(
            List<Integer> factors,
            List<Double> regularization,
            List<Double> alpha,
            int[] epochs,
            int parallelism,
            boolean resume,
            Execution execution,
            EvaluatedUsers evaluated) {
        AlsParams base = TestParams.als().blocks(2).build();
        return GridSettings.builder()
                .factors(factors)
                .regularization(regularization)
                .alpha(alpha)
                .epochs(epochs)
                .k(5)
                .metric("p_at_k_test")
                .parallelism(parallelism)
                .resume(resume)
                .evaluatedUsers(evaluated)
                .execution(execution)
                .base(base)
                .build();
    }

    private static void assertSameCurves(GridResult expected, GridResult got) {
        assertEquals(expected.curves().size(), got.curves().size());
        for (int i = 0; i < expected.curves().size(); i++) {
            CurveRow e = expected.curves().get(i);
            CurveRow g = got.curves().get(i);
            assertEquals(e.point(), g.point());
            assertEquals(e.epoch(), g.epoch());
            assertEquals(e.metrics(), g.metrics(), "row " + i);
        }
        assertEquals(expected.best().point(), got.best().point());
        assertEquals(expected.best().epoch(), got.best().epoch());
    }
}
