package org.wrmf.als;

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
import org.wrmf.TestParams;
import org.wrmf.linalg.Gram;
import org.wrmf.linalg.Narrowing;

/**
 * JMH: the per-row solves of a half-iteration on one synthetic destination block of {@value #ROWS}
 * rows (one CG chunk) with {@value #RATINGS_PER_ROW} ratings each (about the default data's mean)
 * among {@value #SOURCES} source vectors: the exact Cholesky solve, a chunk of CG (3 steps, float
 * sources), and a sweep of the iALS++ block descent (blocks of 64). Scores are per row. Every call
 * starts from the same warm start, so the work does not shrink as the rows converge.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class AlsKernelBenchmark {
    private static final int ROWS = 256;
    private static final int RATINGS_PER_ROW = 36;
    private static final int SOURCES = 4096;
    private static final double LAMBDA = 0.1;

    @Param({"40", "128", "512", "1024"})
    public int rank;

    private AlsParams cholesky;
    private AlsParams conjugateGradient;
    private AlsParams blockDescent;
    private double[] sources;
    private float[] floatSources;
    private double[] gram;
    private CompressedRows ratings;
    private double[] start;
    private double[] x;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2);
        cholesky = TestParams.als().factors(rank).alpha(10).build();
        conjugateGradient = TestParams.from(cholesky).solver(Solver.CG).build();
        blockDescent =
                TestParams.from(cholesky).solver(Solver.BLOCK).blockSize(64).build();
        sources = new double[SOURCES * rank];
        for (int j = 0; j < sources.length; j++) {
            sources[j] = random.nextGaussian() * 0.1;
        }
        floatSources = Narrowing.toFloats(sources);
        gram = Gram.ofPacked(sources, SOURCES, rank);
        List<Rating> likes = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < RATINGS_PER_ROW; j++) {
                likes.add(new Rating(r, random.nextInt(SOURCES), 1 + random.nextInt(3)));
            }
        }
        ratings = CompressedRows.of(likes, ROWS, Side.USERS);
        start = new double[ROWS * rank];
        for (int j = 0; j < start.length; j++) {
            start[j] = random.nextGaussian() * 0.1;
        }
        x = new double[start.length];
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double[] choleskyRowSolve() {
        System.arraycopy(start, 0, x, 0, x.length);
        AlsKernel.solveExactly(cholesky, gram, LAMBDA, SOURCES, sources, ratings, x);
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double[] conjugateGradientChunk() {
        System.arraycopy(start, 0, x, 0, x.length);
        AlsKernel.solveConjugateGradient(conjugateGradient, gram, LAMBDA, SOURCES, floatSources, ratings, x);
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double[] blockDescentRowSolve() {
        System.arraycopy(start, 0, x, 0, x.length);
        AlsKernel.solveBlock(blockDescent, gram, LAMBDA, SOURCES, sources, ratings, x);
        return x;
    }
}
