package org.wrmf.tuning;

/** How grid points are run concurrently. */
public enum Execution {
    /** TASKS when the whole problem fits a task's share of an executor's memory, else JOBS (see GridSearch). */
    AUTO,
    /** Each point's Spark jobs (distributed ALS, distributed evaluation) from a driver thread, FAIR pools. */
    JOBS,
    /** Each point trained and scored whole inside one Spark task, on a broadcast copy of the data. */
    TASKS
}
