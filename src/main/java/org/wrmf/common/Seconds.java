package org.wrmf.common;

/** Stage durations as the manifest records them: seconds, to the millisecond. */
public final class Seconds {
    private Seconds() {}

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()} reading), rounded to the millisecond. */
    public static double since(long startNanos) {
        return between(startNanos, System.nanoTime());
    }

    /** Seconds from one {@link System#nanoTime()} reading to a later one, rounded to the millisecond. */
    public static double between(long startNanos, long endNanos) {
        return Math.round((endNanos - startNanos) / 1e6) / 1e3;
    }
}
