package org.wrmf.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;
import org.wrmf.data.InputSettings;
import org.wrmf.data.RuleLists;
import org.wrmf.io.RecommendationRules;
import org.wrmf.rank.ItemRules;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * The business rules' files ({@link RecommendRules}) made into rules on a model's dense indices: each
 * file read and matched against the model's ids ({@link RuleLists}), the figures logged and recorded in
 * the manifest's {@code rules} section. A problem with a file is reported under its own key.
 */
final class BusinessRules {
    private static final Logger LOG = LoggerFactory.getLogger(BusinessRules.class);

    static final String EXCLUDE_ITEMS = "wrmf.recommend.exclude-items";
    static final String CANDIDATE_ITEMS = "wrmf.recommend.candidate-items";
    static final String USERS = "wrmf.recommend.users";
    static final String EXCLUDE_PAIRS = "wrmf.recommend.exclude-pairs";

    private BusinessRules() {}

    /** The rules ready to apply, and the cached lists to release once the outputs are written. */
    record Applied(RecommendationRules rules, List<RuleLists.Matched<?>> cached) {
        void release() {
            cached.forEach(RuleLists.Matched::unpersist);
        }
    }

    /** Fails (exit 2, naming the key) when a rule's path names no file: before the run does any work. */
    static void checkPaths(SparkSession spark, RecommendRules rules) {
        check(spark, rules.excludeItems(), EXCLUDE_ITEMS);
        check(spark, rules.candidateItems(), CANDIDATE_ITEMS);
        check(spark, rules.users(), USERS);
        check(spark, rules.excludePairs(), EXCLUDE_PAIRS);
    }

    private static void check(SparkSession spark, InputSettings list, String key) {
        if (list != null) {
            underKey(key, () -> {
                RuleLists.checkExists(spark, list);
                return null;
            });
        }
    }

    /**
     * Reads and matches the rules' files against the model's ids, logs and records what they held.
     *
     * @param userIds columns {@code id} (string), {@code idx} (int)
     * @param itemIds columns {@code id} (string), {@code idx} (int)
     */
    static Applied apply(
            SparkSession spark,
            RecommendRules settings,
            FactorModel model,
            Dataset<Row> userIds,
            Dataset<Row> itemIds,
            int blocks,
            Manifest manifest) {
        if (settings.isNone()) {
            return new Applied(RecommendationRules.NONE, List.of());
        }
        spark.sparkContext().setJobDescription("recommendation rules: read and match");
        List<RuleLists.Matched<?>> cached = new ArrayList<>();
        RuleLists.Matched<Integer> excludeItems = ids(spark, settings.excludeItems(), itemIds, EXCLUDE_ITEMS, cached);
        RuleLists.Matched<Integer> candidateItems =
                ids(spark, settings.candidateItems(), itemIds, CANDIDATE_ITEMS, cached);
        RuleLists.Matched<Integer> users = ids(spark, settings.users(), userIds, USERS, cached);
        RuleLists.Matched<Rating> excludePairs = null;
        if (settings.excludePairs() != null) {
            excludePairs =
                    underKey(EXCLUDE_PAIRS, () -> RuleLists.pairs(spark, settings.excludePairs(), userIds, itemIds));
            cached.add(excludePairs);
        }
        ItemRules items = new ItemRules(
                excludeItems == null ? null : excludeItems.known(),
                candidateItems == null ? null : candidateItems.known());
        long catalogue = model.items().count();
        long allowed = items.isNone()
                ? catalogue
                : items.restrict(model.items(), new HashPartitioner(blocks)).count();
        RunManifest.Rules figures = new RunManifest.Rules(
                figures(excludeItems),
                figures(candidateItems),
                figures(users),
                figures(excludePairs),
                allowed,
                catalogue);
        manifest.rules(figures);
        log(figures);
        return new Applied(
                new RecommendationRules(
                        items,
                        users == null ? null : users.known(),
                        excludePairs == null ? null : excludePairs.known()),
                cached);
    }

    private static RuleLists.Matched<Integer> ids(
            SparkSession spark,
            InputSettings list,
            Dataset<Row> mapping,
            String key,
            List<RuleLists.Matched<?>> cached) {
        if (list == null) {
            return null;
        }
        RuleLists.Matched<Integer> matched = underKey(key, () -> RuleLists.ids(spark, list, mapping));
        cached.add(matched);
        return matched;
    }

    private static RuleLists.Figures figures(RuleLists.Matched<?> matched) {
        return matched == null ? null : matched.figures();
    }

    private static void log(RunManifest.Rules rules) {
        List<String> parts = new ArrayList<>();
        describe(parts, "exclude-items", "ids", rules.excludeItems());
        describe(parts, "candidate-items", "ids", rules.candidateItems());
        describe(parts, "users", "ids", rules.users());
        describe(parts, "exclude-pairs", "pairs", rules.excludePairs());
        LOG.info(
                "recommendation rules: {}; {} of {} items may be recommended",
                String.join("; ", parts),
                rules.allowedItems(),
                rules.catalogueItems());
    }

    private static void describe(List<String> parts, String rule, String unit, RuleLists.Figures figures) {
        if (figures == null) {
            return;
        }
        String text = String.format(
                Locale.ROOT,
                "%s %d %s, %d not in the model (ignored)",
                rule,
                figures.distinct(),
                unit,
                figures.unknown());
        if (figures.rowsRejected() > 0) {
            text += String.format(Locale.ROOT, ", %d malformed rows", figures.rowsRejected());
        }
        parts.add(text);
    }

    /**
     * Runs a read of one rule's file, reporting a setting error under the rule's key: a missing file as
     * the key's own problem, any other (a column the header lacks, say) with the setting it came from.
     */
    private static <T> T underKey(String key, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigError e) {
            String problem = e.setting() == null || e.setting() == Setting.INPUT_PATH
                    ? e.getMessage()
                    : SettingsReader.message(e);
            throw ConfigError.key(key, problem);
        }
    }
}
