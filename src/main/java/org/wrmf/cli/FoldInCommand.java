package org.wrmf.cli;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FoldIn;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;
import org.wrmf.data.FoldInLikes;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.InputSettings;
import org.wrmf.data.LikesReader;
import org.wrmf.data.LikesTable;
import org.wrmf.io.FactorFrames;
import org.wrmf.io.IdMappings;
import org.wrmf.io.RecommendationSource;
import org.wrmf.io.Recommendations;
import org.wrmf.io.SafeOutput;
import org.wrmf.report.FinishedRun;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * {@code fold-in}: users the finished run at {@code output.path} never saw get factors and
 * recommendations without retraining. Their likes are read like any input ({@code input.*}); likes of
 * items the model does not know are set aside and counted; each user with a known like is solved
 * exactly against the run's item factors ({@link FoldIn}) with the run's {@code final.*} regularization,
 * alpha and confidence form (under bm25, the likes weighted with the training's statistics:
 * {@code final.bm25_*} and {@code model/bm25-idf}). Writes under {@code fold-in.output}: {@code users/}
 * (id, features), {@code recommendations/} (user, item, score, rank; their likes and the
 * {@code fold-in.exclude} pairs excluded), {@code users-without-known-likes/} (id, likes),
 * {@code rejected/} and {@code manifest.json}.
 */
public final class FoldInCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) {
        FoldInSettings settings = SettingsReader.foldIn(config);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        SafeOutput output = new SafeOutput(hadoop, settings.overwrite());
        List<String> targets = targets(settings);
        targets.forEach(output::checkWritable);
        long start = System.nanoTime();

        FinishedRun run = FinishedRun.open(spark, settings.run(), "wrmf.output.path");
        FactorModel model = run.model();
        AlsParams params = run.trainedParams(model.rank(), settings.blocks());
        Dataset<Row> itemIds = run.itemIds();

        LikesTable loaded = LikesReader.readTable(spark, settings.likes());
        FoldInLikes likes = FoldInLikes.match(spark, loaded.likes(), itemIds);
        System.out.printf(
                Locale.ROOT,
                "Fold-in: %d rows read, %d rejected; %d likes of known items, %d of items"
                        + " the model does not know (set aside)%n",
                loaded.rowsRead(),
                loaded.rowsRejected(),
                likes.knownLikes(),
                likes.unknownLikes());
        if (likes.withoutKnownCount() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "Fold-in: %d users have no like of a known item: not folded in, listed"
                            + " in users-without-known-likes/%n",
                    likes.withoutKnownCount());
        }

        JavaRDD<Rating> ratings = IndexedLikes.ratings(likes.known()).persist(StorageLevel.MEMORY_AND_DISK());
        spark.sparkContext().setJobDescription("fold-in: solve users");
        FoldIn.FixedFactors fixed = FoldIn.FixedFactors.of(model.items(), model.rank());
        Bm25.Statistics bm25 = run.bm25(fixed.count());
        JavaPairRDD<Integer, double[]> users =
                FoldIn.solve(ratings, fixed, params, bm25, settings.blocks()).persist(StorageLevel.MEMORY_AND_DISK());
        long userCount = users.count();
        System.out.printf(Locale.ROOT, "Fold-in: %d users folded in%n", userCount);

        output.writeParquet(FactorFrames.withOriginalIds(spark, users, likes.users()), targets.get(0));
        output.writeParquet(likes.withoutKnown(), targets.get(1));
        output.writeParquet(loaded.rejected(), targets.get(2));
        Manifest manifest = Manifest.forRun(spark, "fold-in", config.renderJson());
        long excluded = 0;
        if (settings.topN() > 0) {
            JavaRDD<Rating> exclusions = ratings;
            if (settings.exclude() != null) {
                JavaRDD<Rating> pairs = exclusionPairs(spark, settings.exclude(), likes.users(), itemIds)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                excluded = pairs.count();
                exclusions = ratings.union(pairs);
            }
            spark.sparkContext().setJobDescription("fold-in: recommendations, top " + settings.topN());
            manifest.recommendations(Recommendations.write(
                    spark,
                    new RecommendationSource(
                            new FactorModel(model.rank(), users, model.items()),
                            new IdMappings(likes.users(), itemIds),
                            exclusions),
                    settings.topN(),
                    settings.blocks(),
                    output,
                    targets.get(3)));
        }
        manifest.foldIn(new RunManifest.FoldInFigures(
                run.modelPath().toString(),
                settings.output(),
                loaded.rowsRead(),
                loaded.rowsRejected(),
                likes.knownLikes(),
                likes.unknownLikes(),
                userCount,
                likes.withoutKnownCount(),
                excluded));
        manifest.timing("total", start);
        manifest.write(hadoop, settings.output());
        spark.sparkContext().setJobDescription(null);
        ratings.unpersist(false);
        users.unpersist(false);
        System.out.println("Outputs under " + settings.output());
    }

    /** users/, users-without-known-likes/, rejected/ and, when top-n > 0, recommendations/, in that order. */
    static List<String> targets(FoldInSettings settings) {
        List<String> targets = new java.util.ArrayList<>();
        for (String name : List.of("users", "users-without-known-likes", "rejected", "recommendations")) {
            if (!name.equals("recommendations") || settings.topN() > 0) {
                targets.add(new Path(settings.output(), name).toString());
            }
        }
        return targets;
    }

    /** The exclusion table's pairs of folded-in users and known items, as ratings; other pairs cannot occur. */
    private static JavaRDD<Rating> exclusionPairs(
            SparkSession spark, InputSettings exclude, Dataset<Row> userIds, Dataset<Row> itemIds) {
        LikesTable pairs;
        try {
            pairs = LikesReader.readTable(spark, exclude);
        } catch (ConfigError e) {
            if (e.setting() == Setting.INPUT_PATH) {
                throw ConfigError.key("wrmf.fold-in.exclude", e.getMessage());
            }
            throw e;
        }
        Dataset<Row> indexed = pairs.likes()
                .join(userIds.select(col("id").as("user"), col("idx").as("u")), "user")
                .join(itemIds.select(col("id").as("item"), col("idx").as("i")), "item")
                .select(
                        col("u").as("user"),
                        col("i").as("item"),
                        col("weight").cast("float").as("weight"));
        return IndexedLikes.ratings(indexed);
    }
}
