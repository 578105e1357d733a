package org.wrmf.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import scala.Tuple2;

class EvaluatorTest {
    private static final double EPS = 1e-12;
    private final JavaSparkContext jsc = SparkTestSession.jsc();

    /**
     * Rank 1, item factors 4, 3, 2, 1, k = 2. User 0 (x = 1) trained on {0}, held out {2, 3}; user 1
     * (x = -1) trained on {3}, held out {1}; user 2 (x = 0, every score ties) trained on {1}, held out
     * {0}; user 3 (x = 2) trained on {0, 1}, nothing held out. The expected values are worked out in the
     * comments from the definitions.
     */
    @Test
    void handComputedTinyCase() {
        double[][] users = {{1}, {-1}, {0}, {2}};
        double[][] items = {{4}, {3}, {2}, {1}};
        List<Rating> train = List.of(r(0, 0), r(1, 3), r(2, 1), r(3, 0), r(3, 1));
        List<Rating> test = List.of(r(0, 2), r(0, 3), r(1, 1), r(2, 0));

        for (Evaluator.Plan plan : new Evaluator.Plan[] {Evaluator.Plan.BROADCAST_ITEMS, Evaluator.Plan.BLOCKED}) {
            checkTinyCase(users, items, train, test, plan);
        }
    }

    private void checkTinyCase(
            double[][] users, double[][] items, List<Rating> train, List<Rating> test, Evaluator.Plan plan) {
        Metrics holdout = evaluate(users, items, train, test, EvaluatedUsers.HOLDOUT, 2, 2, plan);
        assertEquals(3, holdout.users());
        // top 2 over all items: user 0 {0, 1}, user 1 {3, 2}, user 2 {0, 1} (ties to the lower id)
        assertEquals(3.0 / 6, holdout.value(NotebookPrecisionAtK.TRAIN), EPS);
        assertEquals(1.0 / 6, holdout.value(NotebookPrecisionAtK.TEST), EPS);
        // top 2 without training likes: user 0 {1, 2}, user 1 {2, 1}, user 2 {0, 2}
        assertEquals((0.5 + 0.5 + 0.5) / 3, holdout.value(PrecisionAtK.NAME), EPS);
        assertEquals((0.5 + 1 + 1) / 3, holdout.value(RecallAtK.NAME), EPS);
        double discount2 = 1 / (Math.log(3) / Math.log(2));
        assertEquals((discount2 / (1 + discount2) + discount2 + 1) / 3, holdout.value(Ndcg.NAME), EPS);
        assertEquals((0.5 / 2 + 0.5 / 1 + 1.0) / 3, holdout.value(AveragePrecision.NAME), EPS);
        // user 0: positives 2, 3 both below negative 1; user 1: positive 1 (-3) above 0 (-4), below 2 (-2);
        // user 2: all tied, one half
        assertEquals((0 + 0.5 + 0.5) / 3, holdout.value(Auc.NAME), EPS);
        // squared errors of full rows: user 0 train 9+9+4+1, user 1 16+9+4+4, user 2 1; test 16+9+1+0, 16+16+4+1, 1
        assertEquals(57.0 / 12, holdout.value(FullRowMse.TRAIN), EPS);
        assertEquals(64.0 / 12, holdout.value(FullRowMse.TEST), EPS);

        Metrics all = evaluate(users, items, train, test, EvaluatedUsers.ALL, 2, 3, plan);
        assertEquals(4, all.users());
        assertEquals(5.0 / 8, all.value(NotebookPrecisionAtK.TRAIN), EPS);
        assertEquals(1.0 / 8, all.value(NotebookPrecisionAtK.TEST), EPS);
        for (String name : List.of(PrecisionAtK.NAME, RecallAtK.NAME, Ndcg.NAME, AveragePrecision.NAME, Auc.NAME)) {
            assertEquals(holdout.value(name), all.value(name), EPS, name + ": user 3 holds nothing out, not ranked");
        }
        // user 3 predicts 8, 6, 4, 2: train row 49+25+16+4, test row 64+36+16+4
        assertEquals((57.0 + 94) / 16, all.value(FullRowMse.TRAIN), EPS);
        assertEquals((64.0 + 120) / 16, all.value(FullRowMse.TEST), EPS);
    }

    /** Every metric against a dense computation over random factors and likes, with several block counts. */
    @Test
    void matchesDenseReferenceOnRandomData() {
        Random random = new Random(7);
        int numUsers = 30;
        int numItems = 45;
        int rank = 3;
        double[][] users = gaussian(random, numUsers, rank);
        double[][] items = gaussian(random, numItems, rank);
        List<Rating> train = new ArrayList<>();
        List<Rating> test = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            int[] liked = IntStream.range(0, numItems)
                    .filter(i -> random.nextInt(4) == 0)
                    .toArray();
            boolean holdout = u % 3 == 0 && liked.length >= 4;
            for (int j = 0; j < liked.length; j++) {
                (holdout && j % 2 == 0 ? test : train).add(r(u, liked[j]));
            }
        }
        for (EvaluatedUsers mode : List.of(EvaluatedUsers.HOLDOUT, EvaluatedUsers.ALL, EvaluatedUsers.sample(0.5, 7))) {
            Metrics expected = dense(users, items, train, test, mode, 5);
            for (Evaluator.Plan plan : new Evaluator.Plan[] {Evaluator.Plan.BROADCAST_ITEMS, Evaluator.Plan.BLOCKED}) {
                for (int blocks : new int[] {1, 4}) {
                    Metrics got = evaluate(users, items, train, test, mode, 5, blocks, plan);
                    assertEquals(expected.users(), got.users());
                    for (String name : Metrics.NAMES) {
                        assertEquals(
                                expected.value(name),
                                got.value(name),
                                1e-9,
                                mode + " " + plan + " " + name + " blocks " + blocks);
                    }
                }
            }
        }
    }

    /** A sample keeps a seeded share of the users, the same for the same seed, and nothing else decides. */
    @Test
    void aSampleKeepsASeededShareOfTheUsers() {
        EvaluatedUsers tenth = EvaluatedUsers.sample(0.1, 42);
        long kept = IntStream.range(0, 100_000).filter(tenth::keeps).count();
        assertEquals(10_000, kept, 400, "about a tenth");
        assertTrue(IntStream.range(0, 1000)
                .allMatch(u -> tenth.keeps(u) == EvaluatedUsers.sample(0.1, 42).keeps(u)));
        assertTrue(
                IntStream.range(0, 1000)
                        .anyMatch(u ->
                                tenth.keeps(u) != EvaluatedUsers.sample(0.1, 43).keeps(u)),
                "another seed, another sample");
        assertTrue(
                IntStream.range(0, 1000)
                        .allMatch(u -> !tenth.keeps(u)
                                || EvaluatedUsers.sample(0.2, 42).keeps(u)),
                "a larger share keeps the smaller one's users");
        assertEquals("sample of 10% of the holdout (seed 42)", tenth.describe());
    }

    private Metrics evaluate(
            double[][] users,
            double[][] items,
            List<Rating> train,
            List<Rating> test,
            EvaluatedUsers mode,
            int k,
            int blocks,
            Evaluator.Plan plan) {
        FactorModel model = new FactorModel(users[0].length, factors(users), factors(items));
        try (Evaluator evaluator = new Evaluator(
                        jsc.parallelize(train, 2), jsc.parallelize(test, 2), items.length, mode, k, blocks)
                .plan(plan)) {
            return evaluator.evaluate(model);
        }
    }

    /** The metrics' definitions, computed on the dense users x items score matrix. */
    private static Metrics dense(
            double[][] users, double[][] items, List<Rating> train, List<Rating> test, EvaluatedUsers mode, int k) {
        List<Set<Integer>> trainOf = likesOf(train, users.length);
        List<Set<Integer>> testOf = likesOf(test, users.length);
        double notebookTrain = 0, notebookTest = 0, seTrain = 0, seTest = 0;
        double precision = 0, recall = 0, ndcg = 0, map = 0, auc = 0;
        int evaluated = 0, ranked = 0;
        for (int u = 0; u < users.length; u++) {
            boolean inScope = mode == EvaluatedUsers.ALL
                    ? !trainOf.get(u).isEmpty() || !testOf.get(u).isEmpty()
                    : !testOf.get(u).isEmpty() && mode.keeps(u);
            if (!inScope) {
                continue;
            }
            evaluated++;
            double[] scores = new double[items.length];
            for (int i = 0; i < items.length; i++) {
                scores[i] = Evaluator.dot(users[u], items[i]);
                double trainTarget = trainOf.get(u).contains(i) ? 1 : 0;
                double testTarget = testOf.get(u).contains(i) ? 1 : 0;
                seTrain += (trainTarget - scores[i]) * (trainTarget - scores[i]);
                seTest += (testTarget - scores[i]) * (testTarget - scores[i]);
            }
            List<Integer> all = order(scores, Set.of());
            for (int r = 0; r < k; r++) {
                notebookTrain += trainOf.get(u).contains(all.get(r)) ? 1 : 0;
                notebookTest += testOf.get(u).contains(all.get(r)) ? 1 : 0;
            }
            Set<Integer> held = testOf.get(u);
            if (held.isEmpty()) {
                continue;
            }
            ranked++;
            List<Integer> top = order(scores, trainOf.get(u)).subList(0, k);
            int hits = 0;
            double dcg = 0, idcg = 0, ap = 0;
            for (int r = 0; r < k; r++) {
                if (held.contains(top.get(r))) {
                    hits++;
                    dcg += 1 / (Math.log(r + 2) / Math.log(2));
                    ap += (double) hits / (r + 1);
                }
                if (r < held.size()) {
                    idcg += 1 / (Math.log(r + 2) / Math.log(2));
                }
            }
            precision += (double) hits / k;
            recall += (double) hits / Math.min(k, held.size());
            ndcg += dcg / idcg;
            map += ap / Math.min(k, held.size());
            double correct = 0;
            int pairs = 0;
            for (int p : held) {
                for (int n = 0; n < items.length; n++) {
                    if (!held.contains(n) && !trainOf.get(u).contains(n)) {
                        pairs++;
                        correct += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
                    }
                }
            }
            auc += correct / pairs;
        }
        double cells = (double) evaluated * items.length;
        Map<String, Double> values = Map.of(
                NotebookPrecisionAtK.TRAIN,
                notebookTrain / (evaluated * k),
                NotebookPrecisionAtK.TEST,
                notebookTest / (evaluated * k),
                FullRowMse.TRAIN,
                seTrain / cells,
                FullRowMse.TEST,
                seTest / cells,
                PrecisionAtK.NAME,
                precision / ranked,
                RecallAtK.NAME,
                recall / ranked,
                Ndcg.NAME,
                ndcg / ranked,
                AveragePrecision.NAME,
                map / ranked,
                Auc.NAME,
                auc / ranked);
        return new Metrics(
                k,
                evaluated,
                Metrics.NAMES.stream()
                        .mapToDouble(name -> {
                            assertTrue(values.containsKey(name), "no dense reference for " + name);
                            return values.get(name);
                        })
                        .toArray());
    }

    private static List<Integer> order(double[] scores, Set<Integer> skip) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!skip.contains(i)) {
                ids.add(i);
            }
        }
        ids.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return ids;
    }

    private static List<Set<Integer>> likesOf(List<Rating> ratings, int numUsers) {
        List<Set<Integer>> out = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            out.add(new HashSet<>());
        }
        ratings.forEach(r -> out.get(r.user()).add(r.item()));
        return out;
    }

    private JavaPairRDD<Integer, double[]> factors(double[][] rows) {
        List<Tuple2<Integer, double[]>> list = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            list.add(new Tuple2<>(i, rows[i]));
        }
        return jsc.parallelizePairs(list, 3);
    }

    private static double[][] gaussian(Random random, int n, int rank) {
        double[][] out = new double[n][rank];
        for (double[] row : out) {
            Arrays.setAll(row, f -> random.nextGaussian());
        }
        return out;
    }

    private static Rating r(int user, int item) {
        return new Rating(user, item, 1f);
    }
}
