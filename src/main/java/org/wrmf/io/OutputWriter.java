package org.wrmf.io;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import org.wrmf.rank.Popularity;

/**
 * The final model's outputs, written under one folder, each one safely ({@link SafeOutput}):
 * <pre>
 *   factors/users, factors/items   id (original), features array&lt;float&gt;
 *   model/                         what Spark ML's ALSModel.load reads (dense int ids, see SparkMlModel);
 *                                  with BM25 also model/bm25-idf (Bm25Idf)
 *   similar-items/                 id, similar_id, score (cosine), rank [, name, similar_name]
 *   recommendations/               user, item, score, rank; liked items excluded (and what the
 *                                  business rules exclude: RecommendationRules)
 *   report/                        index.html, index.md (after manifest.json and curves/ exist)
 * </pre>
 * <p>The factor RDDs are read by every output: pass them cached (the trainer's final factors are).
 * Similar items and recommendations go through the blocked top-k kernel of the rank package
 * ({@code org.wrmf.rank.TopK}), never through a cross join.
 */
public final class OutputWriter {
    private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);

    private OutputWriter() {}

    /**
     * @param userIds   columns {@code id} (string), {@code idx} (int)
     * @param itemIds   columns {@code id} (string), {@code idx} (int), optionally {@code name}
     * @param likes     the likes the model was trained on (their items are not recommended again)
     * @param bm25      the training's BM25 statistics when the model was trained with BM25, else null
     * @return the recommendations' popularity figures, null when none are written (top-n = 0)
     */
    public static Popularity writeAll(
            SparkSession spark,
            FactorModel model,
            Dataset<Row> userIds,
            Dataset<Row> itemIds,
            JavaRDD<Rating> likes,
            Bm25.Statistics bm25,
            OutputSettings settings) {
        return writeAll(spark, model, userIds, itemIds, likes, bm25, RecommendationRules.NONE, settings);
    }

    /**
     * The same under business rules: similar items obey the item rules, recommendations all of them (the
     * factors and the model are written whole).
     */
    public static Popularity writeAll(
            SparkSession spark,
            FactorModel model,
            Dataset<Row> userIds,
            Dataset<Row> itemIds,
            JavaRDD<Rating> likes,
            Bm25.Statistics bm25,
            RecommendationRules rules,
            OutputSettings settings) {
        SafeOutput output = safeOutput(spark, settings);
        output.writeParquet(
                FactorFrames.withOriginalIds(spark, model.users(), userIds), target(settings, "factors/users"));
        output.writeParquet(
                FactorFrames.withOriginalIds(spark, model.items(), itemIds), target(settings, "factors/items"));
        IdMappings ids = new IdMappings(userIds, itemIds);
        SparkMlModel.write(
                spark, model, ids, bm25 == null ? null : bm25.idf(), output, target(settings, SparkMlModel.FOLDER));
        if (settings.similarItems() > 0) {
            spark.sparkContext().setJobDescription("similar items, top " + settings.similarItems());
            output.writeParquet(
                    SimilarItems.compute(
                            spark, model.items(), itemIds, rules.items(), settings.similarItems(), settings.blocks()),
                    target(settings, "similar-items"));
        }
        Popularity popularity = null;
        if (settings.topN() > 0) {
            spark.sparkContext().setJobDescription("recommendations, top " + settings.topN());
            popularity = Recommendations.write(
                    spark,
                    new RecommendationSource(model, ids, likes),
                    rules,
                    settings.topN(),
                    settings.blocks(),
                    output,
                    target(settings, "recommendations"));
            LOG.info(
                    "recommendations: {} of {} items recommended (coverage {}), Gini {}",
                    popularity.recommendedItems(),
                    popularity.catalogueItems(),
                    popularity.coverage(),
                    popularity.gini());
        }
        spark.sparkContext().setJobDescription(null);
        LOG.info("final model outputs written under {}", settings.path());
        return popularity;
    }

    private static SafeOutput safeOutput(SparkSession spark, OutputSettings settings) {
        return new SafeOutput(spark.sparkContext().hadoopConfiguration(), settings.overwrite());
    }

    private static String target(OutputSettings settings, String name) {
        return new Path(settings.path(), name).toString();
    }
}
