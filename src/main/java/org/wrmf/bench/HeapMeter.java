package org.wrmf.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The driver JVM's heap over a stretch of work, sampled every few milliseconds by a daemon thread: the
 * most the heap held ({@link #peak()}), and the most that survived a collection in the old generation
 * ({@link #live()}: the data the stretch kept alive, a lower bound of the heap it needs). The JVM's own
 * per-pool peaks are not used: they are reached at different moments, and their sum can exceed -Xmx.
 * In local mode the driver runs every task, so these are the job's; on a cluster, the driver's alone.
 */
final class HeapMeter implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 20;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile long live;

    private HeapMeter() {
        sampler = new Thread(this::sample, "heap-meter");
        sampler.setDaemon(true);
    }

    /** Collects garbage (so the stretch starts from what is live now), then samples until closed. */
    static HeapMeter start() {
        System.gc();
        HeapMeter meter = new HeapMeter();
        meter.measure();
        meter.sampler.start();
        return meter;
    }

    private void sample() {
        while (running) {
            measure();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void measure() {
        long used = 0;
        long afterCollection = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
                MemoryUsage collected = pool.getCollectionUsage();
                if (collected != null
                        && pool.getName().toLowerCase(java.util.Locale.ROOT).contains("old")) {
                    afterCollection += collected.getUsed();
                }
            }
        }
        peak = Math.max(peak, used);
        live = Math.max(live, afterCollection);
    }

    /** The most the heap held since start, in bytes. */
    long peak() {
        measure();
        return peak;
    }

    /** The most the old generation held right after a collection since start, in bytes (0: none ran). */
    long live() {
        measure();
        return live;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** The largest heap the JVM may grow to (-Xmx), in bytes. */
    static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
