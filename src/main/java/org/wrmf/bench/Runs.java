package org.wrmf.bench;

import java.util.Arrays;

/**
 * One metric of one engine at one point (rank, lambda) over its runs: {@code values[s][m]} is the run on
 * holdout split s with model seed m. A single run hides how much the figure moves with the initial factors
 * (the seeds: ALS has local optima) and with the test set (the splits: a small holdout is noisy); the mean
 * and the spread of several runs say it, and {@link #minus} turns two engines' runs into a difference with
 * its standard error.
 */
public record Runs(double[][] values) {

    public Runs {
        if (values.length == 0 || Arrays.stream(values).anyMatch(split -> split.length == 0)) {
            throw new IllegalArgumentException("need at least one run per split");
        }
    }

    /** This mean minus another engine's, and the standard error of that difference (NaN: not estimable). */
    public record Difference(double mean, double standardError) {}

    /** One run on one split. */
    public static Runs single(double value) {
        return new Runs(new double[][] {{value}});
    }

    public int count() {
        return Arrays.stream(values).mapToInt(split -> split.length).sum();
    }

    /** Mean over every run. */
    public double mean() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).average().orElseThrow();
    }

    /** Sample standard deviation over every run (n - 1 in the denominator); NaN for a single run. */
    public double standardDeviation() {
        return standardDeviation(
                Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray());
    }

    /**
     * The difference of the means, this minus {@code other} (the same splits, in the same order). Runs on
     * one split share its test users, so with two or more splits the difference is paired: per split, this
     * engine's mean over its seeds minus the other's; the standard error is the standard deviation of those
     * per-split differences over sqrt(splits), which holds both the seeds' and the splits' share of the
     * noise. On one split there is nothing to pair: the error of two independent means,
     * sqrt(sd_a^2 / n_a + sd_b^2 / n_b) (NaN when either has a single run).
     */
    public Difference minus(Runs other) {
        if (other.values.length != values.length) {
            throw new IllegalArgumentException("runs on " + values.length + " splits against " + other.values.length);
        }
        int splits = values.length;
        double[] perSplit = new double[splits];
        for (int s = 0; s < splits; s++) {
            perSplit[s] = mean(values[s]) - mean(other.values[s]);
        }
        double difference = mean(perSplit);
        if (splits >= 2) {
            return new Difference(difference, standardDeviation(perSplit) / Math.sqrt(splits));
        }
        double a = standardDeviation(values[0]);
        double b = standardDeviation(other.values[0]);
        return new Difference(difference, Math.sqrt(a * a / values[0].length + b * b / other.values[0].length));
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static double standardDeviation(double[] xs) {
        if (xs.length < 2) {
            return Double.NaN;
        }
        double mean = mean(xs);
        double squares = 0;
        for (double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (xs.length - 1));
    }
}
