package org.wrmf.eval;

import java.io.Serializable;
import java.util.Arrays;
import org.wrmf.rank.Ranking;
import org.wrmf.rank.Scored;

/**
 * Running sums from which {@link Metrics} are averaged: one user's contribution is added per ranked
 * user, sums of different partitions merge. Spark-free, so the distributed evaluator and the in-task
 * grid share the metric definitions.
 */
public final class MetricSums implements Serializable {
    long users;
    long trainHitsUnexcluded;
    long testHitsUnexcluded;
    double quadraticSum;         // sum over users of x_u' G x_u
    double observedTrainSum;     // sum over their training likes of r^2 - 2 r x_u.y_i, r = 1
    double observedTestSum;      // the same over their held-out likes
    long usersWithTest;
    long hits;
    double recallSum;
    double ndcgSum;
    double averagePrecisionSum;
    long aucUsers;
    double aucSum;

    /**
     * Adds one evaluated user: its ranking (top with training likes excluded, and unexcluded top),
     * its sorted train and test likes and x_u' G x_u.
     */
    void addUser(Ranking ranking, int[] train, int[] test, double quadratic, int k) {
        users++;
        quadraticSum += quadratic;
        trainHitsUnexcluded += countHits(ranking.unexcludedTop(), train);
        testHitsUnexcluded += countHits(ranking.unexcludedTop(), test);
        if (test.length == 0) {
            return;
        }
        usersWithTest++;
        Scored[] top = ranking.top();
        int userHits = 0;
        double dcg = 0;
        double precisionsAtHits = 0;
        for (int r = 0; r < top.length; r++) {
            if (Arrays.binarySearch(test, top[r].id()) >= 0) {
                userHits++;
                dcg += 1.0 / log2(r + 2);
                precisionsAtHits += (double) userHits / (r + 1);
            }
        }
        int idealHits = Math.min(k, test.length);
        double idealDcg = 0;
        for (int r = 0; r < idealHits; r++) {
            idealDcg += 1.0 / log2(r + 2);
        }
        hits += userHits;
        recallSum += (double) userHits / test.length;
        ndcgSum += dcg / idealDcg;
        averagePrecisionSum += precisionsAtHits / idealHits;
        if (ranking.negatives() > 0) {
            aucUsers++;
            aucSum += ranking.correctPairsTwice() / (2.0 * test.length * ranking.negatives());
        }
    }

    private static int countHits(Scored[] top, int[] sortedLikes) {
        int n = 0;
        for (Scored s : top) {
            if (Arrays.binarySearch(sortedLikes, s.id()) >= 0) {
                n++;
            }
        }
        return n;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    MetricSums merge(MetricSums o) {
        users += o.users;
        trainHitsUnexcluded += o.trainHitsUnexcluded;
        testHitsUnexcluded += o.testHitsUnexcluded;
        quadraticSum += o.quadraticSum;
        observedTrainSum += o.observedTrainSum;
        observedTestSum += o.observedTestSum;
        usersWithTest += o.usersWithTest;
        hits += o.hits;
        recallSum += o.recallSum;
        ndcgSum += o.ndcgSum;
        averagePrecisionSum += o.averagePrecisionSum;
        aucUsers += o.aucUsers;
        aucSum += o.aucSum;
        return this;
    }

    /**
     * The averages. A full row's squared error is the observed likes' sum (1 - 2 x_u.y_i) for binary
     * targets plus the quadratic form x_u' G x_u, which covers every cell as if unobserved.
     */
    public Metrics toMetrics(int k, int numItems) {
        double cells = (double) users * numItems;
        return new Metrics(k, users,
                ratio(trainHitsUnexcluded, (double) users * k), ratio(testHitsUnexcluded, (double) users * k),
                ratio(quadraticSum + observedTrainSum, cells), ratio(quadraticSum + observedTestSum, cells),
                ratio(hits, (double) usersWithTest * k), ratio(recallSum, usersWithTest),
                ratio(ndcgSum, usersWithTest), ratio(averagePrecisionSum, usersWithTest), ratio(aucSum, aucUsers));
    }

    private static double ratio(double sum, double count) {
        return count == 0 ? Double.NaN : sum / count;
    }
}
