package org.wrmf.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Bytes written to shuffle files by the tasks of a fit, from Spark's task metrics: what a cluster sends
 * over its network per iteration (a local run writes the same files, to one disk).
 */
final class ShuffleMeter extends SparkListener {
    private final SparkContext sc;
    private final AtomicLong bytes = new AtomicLong();

    private ShuffleMeter(SparkContext sc) {
        this.sc = sc;
    }

    static ShuffleMeter attach(SparkContext sc) {
        ShuffleMeter meter = new ShuffleMeter(sc);
        sc.addSparkListener(meter);
        return meter;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() != null) {
            bytes.addAndGet(taskEnd.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
    }

    /** Starts a measurement: the events of earlier tasks are counted first, then dropped. */
    void reset() {
        drain();
        bytes.set(0);
    }

    /** The bytes since {@link #reset}, once the listener has seen every finished task's event. */
    long bytes() {
        drain();
        return bytes.get();
    }

    private void drain() {
        try {
            sc.listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
    }

    void detach() {
        sc.removeSparkListener(this);
    }
}
