package org.wrmf.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.report.Manifest;
import org.wrmf.errors.ConfigError;
import org.wrmf.cli.GenerateCommand;

/**
 * Load, deduplicate, threshold, index and split: the data half of the job, stage by stage, each
 * stage's figures and duration recorded in the manifest. The intermediate tables are written under
 * {@code <output>/rejected} and {@code <output>/prepared}, replaced by each run.
 */
public final class Preparation {
    private static final Logger LOG = LoggerFactory.getLogger(Preparation.class);

    private Preparation() {
    }

    public static PreparedData run(SparkSession spark, WrmfConfig config, Manifest manifest) {
        String output = config.string("wrmf.output.path");
        InputSettings input = InputSettings.from(config);
        HoldoutSettings holdout = HoldoutSettings.from(config);
        int minUserLikes = config.intAtLeast("wrmf.threshold.min-user-likes", 1);
        int minItemLikes = config.intAtLeast("wrmf.threshold.min-item-likes", 1);

        if (input.format().equals("synthetic")) {
            long start = System.nanoTime();
            String generated = GenerateCommand.target(config);
            SyntheticLikes.write(spark, SyntheticLikes.Settings.from(config), generated);
            manifest.timing("generate", start);
            input = input.asPsv(generated);
            LOG.info("generate: synthetic likes written to {}", generated);
        }
        manifest.put("input.path", input.path()).put("input.format", input.format());

        long start = System.nanoTime();
        spark.sparkContext().setJobDescription("load " + input.path());
        LoadedLikes loaded = LikesReader.read(spark, input);
        loaded.rejected().write().mode(SaveMode.Overwrite).json(output + "/rejected");
        manifest.put("input.rows_read", loaded.rowsRead())
                .put("input.rows_rejected", loaded.rowsRejected())
                .put("input.duplicates", loaded.duplicates())
                .put("input.likes", loaded.likeCount())
                .timing("load", start);

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("threshold");
        Threshold.Result kept = Threshold.apply(loaded.likes(), minUserLikes, minItemLikes);
        manifest.put("threshold.min_user_likes", minUserLikes)
                .put("threshold.min_item_likes", minItemLikes)
                .put("threshold.rounds", kept.rounds())
                .put("threshold.before", kept.before().asMap())
                .put("threshold.after", kept.after().asMap())
                .timing("threshold", start);
        if (kept.after().likes() == 0) {
            throw new org.wrmf.errors.ConfigError("wrmf.threshold: no like survives min-user-likes=" + minUserLikes
                    + " and min-item-likes=" + minItemLikes + " (before: " + kept.before() + ")");
        }

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("index");
        IndexedLikes indexed = Indexer.index(spark, kept.likes());
        manifest.timing("index", start);

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("holdout");
        PreparedData prepared;
        if (holdout.enabled()) {
            Holdout.Split split = Holdout.split(indexed.likes(), indexed.numUsers(), holdout);
            manifest.put("holdout.enabled", true)
                    .put("holdout.per_user", holdout.perUser())
                    .put("holdout.user_fraction", holdout.userFraction())
                    .put("holdout.seed", holdout.seed())
                    .put("holdout.eligible_users", split.eligibleUsers())
                    .put("holdout.train_likes", split.trainLikes())
                    .put("holdout.test_likes", split.testLikes())
                    .put("holdout.test_users", split.testUserCount());
            prepared = new PreparedData(indexed, indexed.likes(), split.train(), split.test(), split.testUsers());
        } else {
            Dataset<Row> none = indexed.likes().limit(0);
            manifest.put("holdout.enabled", false)
                    .put("holdout.train_likes", kept.after().likes())
                    .put("holdout.test_likes", 0)
                    .put("holdout.test_users", 0);
            prepared = new PreparedData(indexed, indexed.likes(), indexed.likes(), none, none.select("user"));
        }
        manifest.timing("holdout", start);

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("write prepared data");
        indexed.users().write().mode(SaveMode.Overwrite).parquet(output + "/prepared/users");
        indexed.items().write().mode(SaveMode.Overwrite).parquet(output + "/prepared/items");
        prepared.train().write().mode(SaveMode.Overwrite).parquet(output + "/prepared/train");
        prepared.test().write().mode(SaveMode.Overwrite).parquet(output + "/prepared/test");
        manifest.timing("write_prepared", start);
        return prepared;
    }
}
