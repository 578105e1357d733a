package org.wrmf.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.bench.AlsBench;
import org.wrmf.data.Preparation;
import org.wrmf.data.PreparedData;

/**
 * {@code bench als}: {@link AlsBench} on the default synthetic likes after the usual preparation
 * (5-core) and, when {@code wrmf.bench.als.movielens} names a u.data file, on MovieLens-100K read as
 * TSV by the same preparation (no threshold). Both are split by the data package's holdout with the
 * {@code wrmf.holdout.*} settings, so p@5 is measured on the users and likes the grid would use; with
 * {@code wrmf.bench.als.split-seeds}, once per seed in place of {@code holdout.seed}.
 */
public final class AlsBenchCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        AlsBench.AlsBenchSettings settings = SettingsReader.alsBench(config, spark.sparkContext());
        String base = SettingsReader.outputPath(config) + "/bench/als";
        WrmfConfig split = config.with("holdout.enabled", true);
        List<Long> splitSeeds = config.longList("wrmf.bench.als.split-seeds");
        if (splitSeeds.isEmpty()) {
            splitSeeds = List.of(config.longValue("wrmf.holdout.seed"));
        }
        List<AlsBench.Likes> datasets = new ArrayList<>();
        datasets.add(new AlsBench.Likes(
                "synthetic",
                prepare(
                        spark,
                        split.with("input.format", "synthetic")
                                .with("generate.path", "")
                                .with("output.path", base + "/synthetic"),
                        splitSeeds)));
        String movieLens = config.optionalString("wrmf.bench.als.movielens");
        if (movieLens != null) {
            datasets.add(new AlsBench.Likes(
                    "movielens-100k", prepare(spark, movieLens(split, movieLens, base + "/movielens"), splitSeeds)));
        }
        Checkpoints.use(spark, config);
        AlsBench.run(spark, datasets, settings, System.out);
    }

    /** One prepared split per holdout seed, each in a folder of its own. */
    private static List<PreparedData> prepare(SparkSession spark, WrmfConfig config, List<Long> splitSeeds) {
        List<PreparedData> splits = new ArrayList<>();
        for (long seed : splitSeeds) {
            WrmfConfig seeded = config.with("holdout.seed", seed);
            if (splitSeeds.size() > 1) {
                seeded = seeded.with("output.path", SettingsReader.outputPath(config) + "/split-" + seed);
            }
            splits.add(Preparation.run(spark, SettingsReader.prepare(seeded)).data());
        }
        return splits;
    }

    /**
     * u.data (user item rating time, tab-separated, no header) as likes of weight 1 with their times, every
     * one kept.
     */
    static WrmfConfig movieLens(WrmfConfig config, String uData, String output) {
        return config.with("input.format", "tsv")
                .with("input.path", uData)
                .with("input.header", false)
                .with("input.columns.user", "0")
                .with("input.columns.item", "1")
                .with("input.columns.weight", "")
                .with("input.columns.name", "")
                .with("input.columns.timestamp", "3") // so the time protocols split it too
                .with("threshold.min-user-likes", 1)
                .with("threshold.min-item-likes", 1)
                .with("output.path", output);
    }
}
