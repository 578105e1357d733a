package org.wrmf.eval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of one model at one epoch, as data (one row of a learning curve): k, the number of
 * evaluated users and one value per metric of {@link MetricRegistry}, looked up by name.
 */
public final class Metrics implements Serializable {

    /** Metric names as used in configuration and in the curves' columns, in the registry's order. */
    public static final List<String> NAMES =
            MetricRegistry.ALL.stream().map(MetricRegistry.Definition::name).toList();

    private final int k;
    private final long users;
    private final double[] values;

    /** @param values one per metric, in the order of {@link #NAMES} */
    public Metrics(int k, long users, double[] values) {
        if (values.length != NAMES.size()) {
            throw new IllegalArgumentException("expected " + NAMES.size() + " metric values, got " + values.length);
        }
        this.k = k;
        this.users = users;
        this.values = values.clone();
    }

    public int k() {
        return k;
    }

    public long users() {
        return users;
    }

    public double value(String name) {
        int at = NAMES.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("unknown metric '" + name + "', expected one of " + NAMES);
        }
        return values[at];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metrics m && k == m.k && users == m.users && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * k + Long.hashCode(users)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Metrics[k=" + k + ", users=" + users);
        for (int i = 0; i < values.length; i++) {
            out.append(", ").append(NAMES.get(i)).append('=').append(values[i]);
        }
        return out.append(']').toString();
    }
}
