package org.wrmf.linalg;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the Gram matrix G = Y^T Y of a block of factor vectors ({@link Gram#ofPacked}, one dsyrk and the
 * mirroring), what every source block computes once per half-iteration. Run as the README's
 * "Development" section says; never by the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GramBenchmark {
    /** Vectors in the block: a source block of a few thousand items or users. */
    private static final int VECTORS = 4096;

    @Param({"40", "128", "512", "1024"})
    public int rank;

    private double[] factors;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        factors = new double[VECTORS * rank];
        for (int j = 0; j < factors.length; j++) {
            factors[j] = random.nextGaussian() * 0.1;
        }
    }

    @Benchmark
    public double[] gram() {
        return Gram.ofPacked(factors, VECTORS, rank);
    }
}
