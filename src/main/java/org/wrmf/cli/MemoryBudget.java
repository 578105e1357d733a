package org.wrmf.cli;

import java.util.Collections;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.wrmf.common.ConfigError;
import org.wrmf.rank.BlockScorer;

/**
 * Upper bounds on the settings that size memory (rank, blocks, k of the top-k, the generated catalogue),
 * checked before any work: a setting whose own arrays pass what the JVMs can hold is exit 2 naming the
 * key and the estimate, rather than an OutOfMemoryError minutes later. Each estimate counts only what the
 * setting itself allocates, whatever the data, so a refused setting could never run; one that passes may
 * still need more with the data.
 *
 * @param driverHeap the driver's heap, in bytes
 * @param taskMemory one task's share of an executor's heap (local: the driver's heap over its cores)
 * @param taskSlots  tasks running at once in one JVM
 */
public record MemoryBudget(long driverHeap, long taskMemory, int taskSlots) {
    /** The scores (double) and ids (int) of one top-k heap entry. */
    private static final int HEAP_ENTRY_BYTES = 12;
    /** One generated catalogue item: its id and name strings, taste, popularity and cumulative weights. */
    private static final int CATALOGUE_ITEM_BYTES = 128;

    /** What the session's JVMs can hold, as Spark is configured. */
    public static MemoryBudget of(SparkContext sc) {
        long heap = Runtime.getRuntime().maxMemory();
        if (sc.isLocal()) {
            int threads = SettingsReader.defaultBlocks(sc); // the master's threads: tasks running at once
            return new MemoryBudget(heap, heap / threads, threads);
        }
        SparkConf conf = sc.getConf();
        long executorMemory = conf.getSizeAsBytes("spark.executor.memory", "1g");
        int cores = Math.max(1, conf.getInt("spark.executor.cores", 1));
        return new MemoryBudget(heap, executorMemory / cores, cores);
    }

    /** Throws a ConfigError naming the first setting whose estimate passes the memory it has. */
    public void check(WrmfConfig config) {
        checkRank("wrmf.als.factors", config.intAtLeast("wrmf.als.factors", 1));
        checkRank("wrmf.grid.factors", Collections.max(config.intList("wrmf.grid.factors", 1)));
        checkRank("wrmf.bench.scale.rank", config.intAtLeast("wrmf.bench.scale.rank", 1));
        for (String key : new String[] {"wrmf.als.blocks", "wrmf.output.blocks"}) {
            int blocks = config.intAtLeast(key, 0);
            // the driver tracks a size per (map, reduce) block of each shuffle between blocks
            require(
                    key,
                    blocks,
                    8.0 * blocks * blocks,
                    "the driver's record of " + blocks + " x " + blocks + " shuffle blocks",
                    driverHeap);
        }
        for (String key : new String[] {"wrmf.grid.k", "wrmf.output.top-n", "wrmf.output.similar-items"}) {
            int k = config.intAtLeast(key, 0);
            require(
                    key,
                    k,
                    (double) HEAP_ENTRY_BYTES * k * BlockScorer.QUERY_CHUNK,
                    "a top-" + k + " heap for each of the " + BlockScorer.QUERY_CHUNK + " rows a task scores at once",
                    taskMemory);
        }
        double items = config.intAtLeast("wrmf.generate.items", 1) * config.doubleIn("wrmf.generate.scale", 1e-4, 1e4);
        require(
                "wrmf.generate.items",
                (long) items,
                CATALOGUE_ITEM_BYTES * items,
                "the generated catalogue, held by every task that generates likes",
                taskMemory);
    }

    /** Each running solve holds a rank x rank system and its factorization (doubles); the Gram matrix once more. */
    private void checkRank(String key, int rank) {
        require(
                key,
                rank,
                8.0 * rank * rank * (2 * taskSlots + 1),
                "two " + rank + " x " + rank + " matrices of doubles per running task, and the Gram matrix",
                taskMemory * (double) taskSlots);
    }

    private static void require(String key, long value, double bytes, String what, double available) {
        if (bytes > available) {
            throw ConfigError.key(
                    key,
                    String.format(
                            Locale.ROOT,
                            "%d needs about %s (%s), more than the %s there is: lower it, or give the JVMs more"
                                    + " memory (WRMF_DRIVER_MEMORY, the heap of a local run; WRMF_EXECUTOR_MEMORY"
                                    + " on a cluster)",
                            value,
                            size(bytes),
                            what,
                            size(available)));
        }
    }

    private static String size(double bytes) {
        return bytes >= 1L << 40
                ? String.format(Locale.ROOT, "%.3g TB", bytes / (1L << 40))
                : String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / (1 << 20)));
    }
}
