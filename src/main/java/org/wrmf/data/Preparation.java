package org.wrmf.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Seconds;
import org.wrmf.common.Setting;

/**
 * Load, deduplicate, threshold, index and split: the data half of the job, stage by stage, each stage's
 * figures and duration returned in a {@link PrepareReport}. The intermediate tables are written under
 * {@code <output>/rejected} and {@code <output>/prepared} by the caller's {@link TableWriter}.
 *
 * <p>Ids become ints (their ranks among the sorted ids) right after loading, so the threshold's rounds
 * and the holdout run on cached blocks of ints; the kept ids are then renumbered 0..n-1 in the same
 * order ({@link Indexer}).
 */
public final class Preparation {
    private static final Logger LOG = LoggerFactory.getLogger(Preparation.class);

    /** The prepared likes, what preparing them did, and each stage's seconds (generate, load, ...). */
    public record PreparationResult(PreparedData data, PrepareReport report, Map<String, Double> timings) {}

    private Preparation() {}

    /** Prepares, writing the tables in place (benchmarks' scratch). */
    public static PreparationResult run(SparkSession spark, PrepareSettings settings) {
        return run(spark, settings, TableWriter.IN_PLACE);
    }

    public static PreparationResult run(SparkSession spark, PrepareSettings settings, TableWriter tables) {
        return run(spark, settings, tables, null);
    }

    /**
     * Prepares the input with {@code earlier} likes added to its rows before deduplication (a refit's
     * delta: the previous run's kept likes and the new ones), or the input alone when null. The input
     * counts ({@code rows_read}, duplicates) then count the earlier likes as rows.
     *
     * @param earlier columns user, item (string ids), weight (double), name (string, may be null)
     */
    public static PreparationResult run(
            SparkSession spark, PrepareSettings settings, TableWriter tables, Dataset<Row> earlier) {
        String output = settings.output();
        InputSettings input = settings.input();
        HoldoutSettings holdout = settings.holdout();
        ThresholdSettings threshold = settings.threshold();
        Map<String, Double> timings = new LinkedHashMap<>();

        if (input.format().equals("synthetic")) {
            long start = System.nanoTime();
            SyntheticLikes.write(spark, settings.generate(), settings.generated());
            timings.put("generate", Seconds.since(start));
            input = input.asPsv(SyntheticLikes.likesPath(settings.generate(), settings.generated()));
            LOG.info("generate: synthetic likes written to {}", settings.generated());
        }

        long start = System.nanoTime();
        spark.sparkContext().setJobDescription("load " + input.path());
        LoadedLikes loaded = LikesReader.read(spark, input, earlier);
        tables.write(loaded.rejected(), "json", output + "/rejected");
        PrepareReport.Input inputReport = new PrepareReport.Input(
                input.path(),
                input.format(),
                loaded.rowsRead(),
                loaded.rowsRejected(),
                loaded.duplicates(),
                loaded.likeCount(),
                loaded.trimmedIds());
        timings.put("load", Seconds.since(start));

        // Ids become ints before the threshold, which then never compares strings; "index" times both steps.
        start = System.nanoTime();
        spark.sparkContext().setJobDescription("index");
        RankedLikes ranked = Indexer.rank(loaded);
        double ranking = Seconds.since(start);

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("threshold");
        Threshold.KCore kept = Threshold.apply(ranked, threshold.minUserLikes(), threshold.minItemLikes());
        PrepareReport.ThresholdReport thresholdReport = new PrepareReport.ThresholdReport(
                threshold.minUserLikes(), threshold.minItemLikes(), kept.rounds(), kept.before(), kept.after());
        timings.put("threshold", Seconds.since(start));
        if (kept.after().likes() == 0) {
            throw ConfigError.of(
                    Setting.THRESHOLD,
                    "no like survives min-user-likes=" + threshold.minUserLikes() + " and min-item-likes="
                            + threshold.minItemLikes() + " (before: " + kept.before() + ")");
        }

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("index");
        Indexer.Indexed indexed = Indexer.index(spark, ranked, kept.users(), kept.items());
        timings.put("index", ranking + Seconds.since(start));

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("holdout");
        IndexedLikes likes = indexed.likes();
        PreparedData prepared;
        PrepareReport.HoldoutReport holdoutReport;
        if (holdout.enabled()) {
            HoldoutSettings.Protocol protocol = holdout.protocol();
            if (protocol.needsTime() && !input.timed()) {
                throw ConfigError.of(
                        Setting.INPUT_TIME_COLUMN,
                        "holdout protocol " + protocol.key() + " orders likes by time: name the column of times");
            }
            Holdout.Split split = protocol == HoldoutSettings.Protocol.GIVEN
                    ? GivenSplit.split(spark, likes, holdout, tables, output + "/prepared/test-rejected")
                    : Holdout.split(spark, indexed.byUser(), likes.numUsers(), holdout);
            holdoutReport = report(holdout, split);
            prepared = new PreparedData(
                    likes,
                    likes.likes(),
                    split.train(),
                    split.test(),
                    split.testUsers(),
                    split.foldIn(),
                    split.trainLikes());
        } else {
            Dataset<Row> none = likes.likes().limit(0);
            holdoutReport = new PrepareReport.HoldoutReport(
                    false, null, null, null, null, kept.after().likes(), 0, 0);
            prepared = new PreparedData(
                    likes,
                    likes.likes(),
                    likes.likes(),
                    none,
                    none.select("user"),
                    none,
                    kept.after().likes());
        }
        timings.put("holdout", Seconds.since(start));

        start = System.nanoTime();
        spark.sparkContext().setJobDescription("write prepared data");
        tables.write(likes.users(), "parquet", output + "/prepared/users");
        tables.write(likes.items(), "parquet", output + "/prepared/items");
        tables.write(prepared.train(), "parquet", output + "/prepared/train");
        tables.write(prepared.test(), "parquet", output + "/prepared/test");
        tables.write(prepared.foldIn(), "parquet", output + "/prepared/fold-in");
        timings.put("write_prepared", Seconds.since(start));
        return new PreparationResult(prepared, new PrepareReport(inputReport, thresholdReport, holdoutReport), timings);
    }

    /** The manifest's holdout section: what each protocol did. */
    static PrepareReport.HoldoutReport report(HoldoutSettings holdout, Holdout.Split split) {
        HoldoutSettings.Protocol protocol = holdout.protocol();
        boolean users = protocol == HoldoutSettings.Protocol.USERS;
        boolean time = protocol == HoldoutSettings.Protocol.TIME;
        boolean given = protocol == HoldoutSettings.Protocol.GIVEN;
        boolean chosen = !time && !given;
        Holdout.Dropped dropped = split.dropped();
        return new PrepareReport.HoldoutReport(
                true,
                chosen && !users ? holdout.perUser() : null,
                chosen ? holdout.userFraction() : null,
                chosen ? holdout.seed() : null,
                split.eligibleUsers(),
                split.trainLikes(),
                split.testLikes(),
                split.testUserCount(),
                protocol.key(),
                users ? holdout.foldInFraction() : null,
                users ? split.foldInLikes() : null,
                time ? dropped.cutoff() : null,
                time ? Timestamps.iso(dropped.cutoff()) : null,
                time && holdout.cutoff() == null ? holdout.timeFraction() : null,
                time ? dropped.newUsers() : null,
                time ? dropped.newUserLikes() : null,
                given ? holdout.testInput().path() : null,
                given ? dropped.testRowsRead() : null,
                given ? dropped.testRowsRejected() : null,
                given ? dropped.unknownUserLikes() : null,
                time || given ? dropped.unknownItemLikes() : null,
                given ? dropped.removedFromTrain() : null);
    }
}
