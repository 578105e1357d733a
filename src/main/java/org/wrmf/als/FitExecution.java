package org.wrmf.als;

import java.util.Locale;

/** Where a fit runs ({@link AlsTrainer#open}). */
public enum FitExecution {
    /**
     * {@link #LOCAL} when Spark runs in local mode (the driver is the only executor) and the problem takes at
     * most a quarter of the driver's heap, else {@link #DISTRIBUTED}.
     */
    AUTO,
    /**
     * In the driver's JVM on all its cores ({@link InMemoryAls}): the likes collected once, no Spark job per
     * iteration. For problems that fit one machine's memory.
     */
    LOCAL,
    /** As Spark jobs over blocks of users and items ({@link ImplicitAls}): any size, any number of executors. */
    DISTRIBUTED;

    /** The word the settings and the manifest use: {@code auto}, {@code local}, {@code distributed}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
