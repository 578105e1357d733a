package org.wrmf.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import scala.Tuple2;

/**
 * JMH: top-k scoring ({@link BlockScorer}) of one block of {@value #QUERIES} users against
 * {@value #CANDIDATES} items, top 10 by dot product, each user with {@value #EXCLUDED} excluded
 * (liked) items: the recommendation pass; and the grid's evaluation pass over the same users, each with
 * {@value #POSITIVES} held-out positives: top 5 with and without the exclusions and the AUC counts of
 * every candidate against the positives. Scores are per user.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TopKBenchmark {
    private static final int QUERIES = 256;
    private static final int CANDIDATES = 16384;
    private static final int EXCLUDED = 36;
    private static final int POSITIVES = 5;

    @Param({"40", "128", "512", "1024"})
    public int rank;

    private QueryBlock queries;
    private QueryBlock evaluated;
    private CandidateBlock candidates;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        List<Tuple2<Integer, QueryRow>> rows = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            double[] factors = new double[rank];
            for (int f = 0; f < rank; f++) {
                factors[f] = random.nextGaussian();
            }
            int[] excluded =
                    random.ints(EXCLUDED, 0, CANDIDATES).distinct().sorted().toArray();
            rows.add(new Tuple2<>(q, new QueryRow(factors, excluded, null, null)));
        }
        queries = QueryBlock.pack(rows.iterator(), false);
        double[] items = new double[CANDIDATES * rank];
        for (int j = 0; j < items.length; j++) {
            items[j] = random.nextGaussian();
        }
        candidates = CandidateBlock.ofDense(items, CANDIDATES, rank);
        List<Tuple2<Integer, QueryRow>> withPositives = new ArrayList<>();
        for (Tuple2<Integer, QueryRow> row : rows) {
            int[] excluded = row._2().excluded();
            int[] positives = random.ints(0, CANDIDATES)
                    .filter(c -> java.util.Arrays.binarySearch(excluded, c) < 0)
                    .distinct()
                    .limit(POSITIVES)
                    .sorted()
                    .toArray();
            double[] scores = new double[positives.length];
            for (int p = 0; p < positives.length; p++) {
                scores[p] = BlockScorer.pairScore(row._2().factors(), items, positives[p] * rank);
            }
            withPositives.add(new Tuple2<>(row._1(), new QueryRow(row._2().factors(), excluded, positives, scores)));
        }
        evaluated = QueryBlock.pack(withPositives.iterator(), false);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public Ranking[] topTen() {
        return BlockScorer.score(queries, candidates, 10, RankOptions.RECOMMEND);
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public Ranking[] evaluateTopFiveAndAuc() {
        return BlockScorer.score(evaluated, candidates, 5, RankOptions.EVALUATE);
    }
}
