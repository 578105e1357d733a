package org.wrmf.io;

import org.apache.spark.api.java.JavaRDD;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;

/**
 * What recommendations are ranked from: the factors, their id mappings, and the likes never recommended
 * again (dense indices: the likes the model was trained on, and any other excluded pairs).
 */
public record RecommendationSource(FactorModel model, IdMappings ids, JavaRDD<Rating> excluded) {}
