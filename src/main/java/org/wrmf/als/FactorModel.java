package org.wrmf.als;

import org.apache.spark.api.java.JavaPairRDD;

/**
 * Trained factors: one vector of {@code rank} doubles per dense user index and per dense item index.
 * Doubles, not floats, so that results agree with an exact reference to the last digits; outputs
 * narrow them to float when written.
 */
public record FactorModel(int rank, JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items) {
}
