package org.wrmf.common;

/** Stage durations as the manifest records them: seconds, to the millisecond. */
public final class Seconds {
    private Seconds() {}

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()} reading), rounded to the millisecond. */
    public static double since(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
    }
}
