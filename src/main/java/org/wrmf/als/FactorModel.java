package org.wrmf.als;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.wrmf.linalg.Gram;

/**
 * Trained factors: one vector of {@code rank} doubles per dense user index and per dense item index.
 * Doubles, not floats, so that results agree with an exact reference to the last digits; outputs
 * narrow them to float when written.
 */
public record FactorModel(int rank, JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items) {

    /** G = YᵀY of a factor RDD: one dsyrk per partition over its vectors, summed on the driver (k x k). */
    public static double[] gram(JavaPairRDD<Integer, double[]> factors, int rank) {
        return factors.values()
                .mapPartitions(it -> {
                    List<double[]> vectors = new ArrayList<>();
                    it.forEachRemaining(vectors::add);
                    return Collections.singletonList(Gram.local(vectors, rank)).iterator();
                })
                .treeReduce(Gram::add);
    }
}
