package org.wrmf.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The driver JVM's peak heap over a stretch of work: the heap pools' peak usage since the last reset. In
 * local mode the driver runs every task, so this is the job's heap; on a cluster, the driver's alone.
 */
final class HeapMeter {
    private HeapMeter() {
    }

    /** Collects garbage, then starts a new stretch: the peaks drop to what is live now. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset, in bytes. */
    static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The largest heap the JVM may grow to (-Xmx), in bytes. */
    static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
