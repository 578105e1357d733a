package org.wrmf.als;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * One training run of the model, whichever way it runs: distributed over Spark ({@link ImplicitAls}) or in
 * one JVM ({@link InMemoryAls}). Both minimise the same objective with the same kernel from the same seeded
 * initial factors, so they give the same factors up to the summation order of floating-point sums.
 *
 * <p>The calls: {@link #initialize()} or {@link #warmStart}, then {@link #iterate} any number of times, then
 * {@link #model()} (the users solved once more against the last items) and {@link #loss()} at that model.
 * Not thread-safe; close it to release what it cached.
 */
public interface AlsTrainer extends AutoCloseable {
    /** The seeded random initial factors (see {@link ImplicitAls#initialize()}). */
    void initialize();

    /** Continues from the given factors; indices the model lacks get the seeded initial vectors. */
    void warmStart(FactorModel model);

    /** The same from factors in the driver's memory; rows without a vector get the seeded initial vectors. */
    void warmStart(PackedFactors factors);

    /** Runs n full iterations (users, then items); {@code iterate(a); iterate(b)} equals {@code iterate(a + b)}. */
    void iterate(int n);

    /** Iterations run since the last initialize() or warmStart(). */
    int iterationsDone();

    /**
     * The consistent model (users solved against the final items, see {@link ImplicitAls#model()}), as
     * (index, vector) pairs partitioned by a hash partitioner of the solver's blocks. Use it before the next
     * iterate() or close().
     */
    FactorModel model();

    /** The objective at {@link #model()}'s factors, in its parts. */
    Loss lossParts();

    /**
     * The objective at the training state, in its parts: the users and items as the last iteration left them
     * (the users solved against the items before the iteration's item half), with no user solve: a pass over
     * the likes. Never below {@link #lossParts()}, which solves the users against the final items first.
     */
    Loss trainingStateLossParts();

    /** The total objective at {@link #model()}'s factors. */
    default double loss() {
        return lossParts().total();
    }

    /** The BM25 statistics the likes were weighted with, null unless {@link Confidence.Bm25Weighted}. */
    Bm25.Statistics bm25();

    /** Where this run executes: {@link FitExecution#LOCAL} or {@link FitExecution#DISTRIBUTED}. */
    FitExecution execution();

    /** Releases what the run cached (RDDs, checkpoints, threads). */
    @Override
    void close();

    /**
     * Starts a run on {@code ratings} (dense indices below numUsers and numItems; repeated pairs summed) where
     * {@code execution} says; {@link FitExecution#AUTO} decides as its doc says and logs why.
     */
    static AlsTrainer open(
            JavaRDD<Rating> ratings, int numUsers, int numItems, AlsParams params, FitExecution execution) {
        FitExecution chosen = chosen(ratings, numUsers, numItems, params, execution);
        if (chosen == FitExecution.LOCAL) {
            return new InMemoryAls(ratings, numUsers, numItems, params, inMemoryThreads(ratings.context()));
        }
        return new ImplicitAls(ratings, numUsers, numItems, params);
    }

    /**
     * Where {@link #open} runs a fit of {@code execution}: itself unless {@link FitExecution#AUTO}, which decides as
     * its doc says and logs why (counting the ratings: cache them first). What precedes a fit can ask first
     * and prepare its start where the fit will run, then open the fit with the answer.
     */
    static FitExecution chosen(
            JavaRDD<Rating> ratings, int numUsers, int numItems, AlsParams params, FitExecution execution) {
        return chosen(ratings, -1, numUsers, numItems, params, execution);
    }

    /**
     * The same when the caller knows how many ratings there are ({@code likes}, e.g. as the preparation counted
     * them): no Spark job to count them; a negative {@code likes} counts them.
     */
    static FitExecution chosen(
            JavaRDD<Rating> ratings, long likes, int numUsers, int numItems, AlsParams params, FitExecution execution) {
        return execution == FitExecution.AUTO
                ? InMemoryAls.choose(ratings, likes, numUsers, numItems, params)
                : execution;
    }

    /**
     * The threads a fit in the driver's JVM takes ({@link FitExecution#LOCAL}), and what prepares its start there:
     * in local mode {@link #localThreads}, else every core of the driver.
     */
    static int inMemoryThreads(SparkContext sc) {
        int cores = Runtime.getRuntime().availableProcessors();
        return sc.isLocal() ? localThreads(sc.master(), cores) : cores;
    }

    /**
     * The threads a fit in one JVM takes in local mode: the task slots the master names ({@code local}: 1,
     * {@code local[N]} or {@code local[N,F]}: N, {@code [*]}: every core), at most the machine's cores.
     * Not spark.default.parallelism: the job sets it to twice the cores, and twice as many solving
     * threads as cores only compete.
     */
    static int localThreads(String master, int cores) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(master);
        if (!m.matches()) {
            return 1;
        }
        int slots = m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
        return Math.max(1, Math.min(slots, cores));
    }
}
