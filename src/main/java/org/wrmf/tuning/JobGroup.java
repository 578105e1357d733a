package org.wrmf.tuning;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark jobs a driver thread submits for one grid point, as one job group: the UI describes them
 * as "grid 17/180 epoch 12" and groups them under the label without spaces or slashes. Closing clears
 * the thread's group.
 */
final class JobGroup implements AutoCloseable {
    private final JavaSparkContext jsc;
    private final String id;
    private final String label;

    private JobGroup(JavaSparkContext jsc, String label) {
        this.jsc = jsc;
        this.id = label.replace(' ', '-').replace('/', '-');
        this.label = label;
    }

    /** Starts the group with the description of its first jobs, "label stage". */
    static JobGroup open(JavaSparkContext jsc, String label, String stage) {
        JobGroup group = new JobGroup(jsc, label);
        group.describe(stage);
        return group;
    }

    /** Describes the jobs this thread submits next, "label stage". */
    void describe(String stage) {
        jsc.setJobGroup(id, label + " " + stage, false);
    }

    @Override
    public void close() {
        jsc.clearJobGroup();
    }
}
