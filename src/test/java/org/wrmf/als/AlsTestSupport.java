package org.wrmf.als;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.wrmf.SparkTestSession;
import scala.Tuple2;

/** Small likes matrices, conversions between the engine's RDDs and dense arrays, and comparisons. */
final class AlsTestSupport {
    private AlsTestSupport() {}

    /** users x items weights, NaN where not liked; density in (0, 1]; the last user and item have no like. */
    static double[][] randomWeights(int users, int items, double density, long seed) {
        Random random = new Random(seed);
        double[][] w = new double[users][items];
        for (double[] row : w) {
            Arrays.fill(row, Double.NaN);
        }
        for (int u = 0; u < users - 1; u++) {
            for (int i = 0; i < items - 1; i++) {
                if (random.nextDouble() < density) {
                    w[u][i] = 1 + random.nextInt(5);
                }
            }
        }
        return w;
    }

    static JavaRDD<Rating> ratings(double[][] weights, int partitions) {
        List<Rating> list = new ArrayList<>();
        for (int u = 0; u < weights.length; u++) {
            for (int i = 0; i < weights[u].length; i++) {
                if (!Double.isNaN(weights[u][i])) {
                    list.add(new Rating(u, i, (float) weights[u][i]));
                }
            }
        }
        return SparkTestSession.jsc().parallelize(list, partitions);
    }

    static double[][] randomFactors(int count, int rank, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[count][rank];
        for (double[] row : m) {
            for (int f = 0; f < rank; f++) {
                row[f] = random.nextGaussian() * 0.3;
            }
        }
        return m;
    }

    static JavaPairRDD<Integer, double[]> toRdd(double[][] factors) {
        List<Tuple2<Integer, double[]>> list = new ArrayList<>();
        for (int i = 0; i < factors.length; i++) {
            list.add(new Tuple2<>(i, factors[i].clone()));
        }
        return SparkTestSession.jsc().parallelizePairs(list, 3);
    }

    static double[][] toDense(JavaPairRDD<Integer, double[]> factors, int count) {
        double[][] m = new double[count][];
        for (Tuple2<Integer, double[]> t : factors.collect()) {
            if (m[t._1()] != null) {
                throw new AssertionError("index " + t._1() + " appears twice");
            }
            m[t._1()] = t._2();
        }
        for (int i = 0; i < count; i++) {
            if (m[i] == null) {
                throw new AssertionError("index " + i + " has no factor");
            }
        }
        return m;
    }

    /** max |a - b| / max |b|: the relative disagreement of two factor matrices. */
    static double relativeDifference(double[][] a, double[][] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < b.length; i++) {
            for (int f = 0; f < b[i].length; f++) {
                diff = Math.max(diff, Math.abs(a[i][f] - b[i][f]));
                scale = Math.max(scale, Math.abs(b[i][f]));
            }
        }
        return diff / scale;
    }
}
