package org.wrmf.cli;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.LikeStats;
import org.wrmf.data.PrepareReport;
import org.wrmf.data.PreparedData;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;
import org.wrmf.tuning.CurveRow;
import org.wrmf.tuning.Curves;
import org.wrmf.tuning.GridResult;
import org.wrmf.tuning.GridSearch;
import org.wrmf.tuning.GridSettings;

/**
 * {@code grid}: prepare the data, grid-search factors x regularization x alpha with a learning curve per
 * point, write {@code <output>/curves} (Parquet) and the best point to the manifest
 * ({@code best.factors, .regularization, .alpha, .epoch, .metric, .value}).
 */
public final class GridCommand implements Command {

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        GridSettings settings =
                SettingsReader.grid(config, spark.sparkContext()); // a bad grid setting fails before any work
        String output = SettingsReader.outputPath(config);
        GridResult[] result = new GridResult[1];
        Run.onPreparedData(
                spark, config, "grid", (data, manifest) -> result[0] = search(spark, settings, output, data, manifest));
        System.out.println(String.format(
                Locale.ROOT,
                "Best: %s, epoch %d: %s = %.5f (%d points, %d reused)",
                result[0].best().point().describe(),
                result[0].best().epoch(),
                result[0].metric(),
                result[0].best().metrics().value(result[0].metric()),
                result[0].points(),
                result[0].reusedPoints()));
    }

    /**
     * Why the grid has no held-out likes to score, naming the key to change: the holdout is off, no user
     * has the likes it needs, or the fraction of users is too small to pick one.
     */
    static ConfigError noTestUsers(PrepareReport.HoldoutReport holdout, LikeStats kept) {
        if (holdout == null || !holdout.enabled()) {
            return ConfigError.key("wrmf.holdout.enabled", "the grid scores held-out likes: enable the holdout");
        }
        if ("time".equals(holdout.protocol())) {
            return ConfigError.key(
                    "wrmf.holdout.cutoff",
                    "no like after the cutoff " + holdout.cutoffTime() + " is of a user and an item known before it ("
                            + holdout.usersFirstSeenAfterCutoff() + " users first seen after it, "
                            + holdout.testLikesOfUnknownItems()
                            + " likes of items first seen after it): set it earlier");
        }
        boolean byUsers = "users".equals(holdout.protocol());
        String rule =
                byUsers ? "at least 2 likes" : "at least 2 x holdout.per-user = " + 2 * holdout.perUser() + " likes";
        long users = kept == null ? 0 : kept.users();
        long eligible = holdout.eligibleUsers() == null ? 0 : holdout.eligibleUsers();
        String what = "the holdout picked no user to test on: " + eligible + " of the " + users
                + " users kept by the threshold are eligible (" + rule + ")";
        if (eligible == 0) {
            return byUsers
                    ? ConfigError.key("wrmf.threshold.min-user-likes", what + ": keep users with more likes")
                    : ConfigError.key("wrmf.holdout.per-user", what + ": lower it");
        }
        return ConfigError.key(
                "wrmf.holdout.user-fraction",
                what + ", and " + holdout.userFraction() + " of " + users + " users is less than one: raise it");
    }

    /**
     * The grid over prepared data, curves written to {@code <output>/curves}; records the best point and
     * the grid's figures in the manifest.
     */
    public static GridResult search(
            SparkSession spark, GridSettings settings, String output, PreparedData data, Manifest manifest) {
        long start = System.nanoTime();
        if (data.test().isEmpty()) {
            RunManifest run = manifest.toRecord();
            throw noTestUsers(
                    run.holdout(),
                    run.threshold() == null ? null : run.threshold().after());
        }
        JavaRDD<Rating> train = IndexedLikes.ratings(data.train()).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Rating> test = IndexedLikes.ratings(data.test()).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Rating> foldIn =
                data.foldsIn() ? IndexedLikes.ratings(data.foldIn()).persist(StorageLevel.MEMORY_AND_DISK()) : null;
        try {
            GridResult result = new GridSearch(train, test, data.numUsers(), data.numItems(), settings, output)
                    .foldingIn(foldIn)
                    .run();
            Curves.write(spark, result.curves(), output + "/curves");
            CurveRow best = result.best();
            manifest.grid(
                            new RunManifest.Grid(
                                    result.points(),
                                    result.reusedPoints(),
                                    settings.epochs().length,
                                    settings.parallelism(),
                                    result.trainSeconds(),
                                    result.evalSeconds(),
                                    settings.evaluatedUsers().describe()),
                            RunManifest.Best.of(
                                    best.point(),
                                    best.epoch(),
                                    result.metric(),
                                    best.metrics().value(result.metric())))
                    .timing("grid", start);
            return result;
        } finally {
            train.unpersist(false);
            test.unpersist(false);
            if (foldIn != null) {
                foldIn.unpersist(false);
            }
        }
    }
}
