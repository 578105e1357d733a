package org.wrmf.cli;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.bench.NextDayQuality;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * {@code bench refit [SCALE]...}: the daily rhythm on generated days. At each scale, the synthetic likes
 * are generated over {@code bench.refit.day + 2} days; day N's {@code recommend} runs from scratch, then
 * day N+1's {@code refit} from it and day N+1's {@code recommend} from scratch, each through its command
 * (same settings as the job's, {@code als.*} and {@code refit.*}). Printed per run: its stages' times
 * (from its manifest), its quality on day N+2's new likes ({@link NextDayQuality}), and how much its
 * top-k moved from day N's (the users in both: mean |old top-k ∩ new top-k| / k). Day N's row is the model
 * left as it was, scored on the same likes. All runs share one JVM: day N's pays the JIT's warm-up, the
 * two day N+1 runs are compared warm. Scratch outputs go under {@code <output>/bench/refit/scale-S}.
 */
public final class RefitBenchCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        List<String> scales = args.isEmpty() ? config.stringList("wrmf.bench.refit.scales") : args;
        int day = config.intAtLeast("wrmf.bench.refit.day", 1);
        for (String scale : scales) {
            run(spark, config, scale, day, System.out);
        }
    }

    static void run(SparkSession spark, WrmfConfig config, String scale, int day, PrintStream out) throws Exception {
        String base = SettingsReader.outputPath(config) + "/bench/refit/scale-" + scale;
        String generated = base + "/generated";
        WrmfConfig common = config.with("output.overwrite", true).with("refit.compare-full", false);
        new GenerateCommand()
                .run(
                        spark,
                        common.with("generate.scale", scale)
                                .with("generate.days", day + 2)
                                .with("generate.path", generated)
                                .with("output.path", base + "/generate"),
                        List.of());
        List<DayRun> runs = new ArrayList<>();
        String before = base + "/day-" + day + "-scratch";
        runs.add(timed(
                spark, new RecommendCommand(), snapshot(common, generated, day, before), before, day + " scratch"));
        String refit = base + "/day-" + (day + 1) + "-refit";
        runs.add(timed(
                spark,
                new RefitCommand(),
                snapshot(common, generated, day + 1, refit).with("refit.from", before),
                refit,
                (day + 1) + " refit"));
        String scratch = base + "/day-" + (day + 1) + "-scratch";
        runs.add(timed(
                spark,
                new RecommendCommand(),
                snapshot(common, generated, day + 1, scratch),
                scratch,
                (day + 1) + " scratch"));

        int k = SettingsReader.output(common).topN();
        Dataset<Row> nextLikes = spark.read()
                .option("sep", "|")
                .option("header", "true")
                .option("quote", "\\")
                .csv(generated + "/delta/day=" + (day + 2))
                .select(col("uid").as("user"), col("mid").as("item"))
                .cache();
        Dataset<Row> oldRecommendations = spark.read().parquet(before + "/recommendations");
        List<NextDayQuality> qualities = new ArrayList<>();
        List<RunManifest.Drift> drifts = new ArrayList<>();
        for (DayRun run : runs) {
            Dataset<Row> recommendations = spark.read().parquet(run.folder() + "/recommendations");
            Dataset<Row> users = spark.read().parquet(run.folder() + "/factors/users");
            Dataset<Row> items = spark.read().parquet(run.folder() + "/factors/items");
            qualities.add(NextDayQuality.of(recommendations, nextLikes, users, items, k));
            drifts.add(
                    run.folder().equals(before)
                            ? null
                            : RefitDrift.of(spark, oldRecommendations, recommendations, run.folder(), k));
        }
        nextLikes.unpersist(false);
        print(out, scale, day, k, runs, qualities, drifts);
    }

    private static void print(
            PrintStream out,
            String scale,
            int day,
            int k,
            List<DayRun> runs,
            List<NextDayQuality> qualities,
            List<RunManifest.Drift> drifts) {
        out.printf(
                Locale.ROOT,
                "bench refit: scale %s, %d days: day %d's recommend from scratch, day %d's refit from it and"
                        + " recommend from scratch; quality on day %d's new likes, top-%d overlap with day %d's%n",
                scale,
                day + 2,
                day,
                day + 1,
                day + 2,
                k,
                day);
        out.printf(
                Locale.ROOT,
                "%-16s %5s %8s %8s %8s %8s %9s %8s %8s %9s %8s %8s %8s %10s%n",
                "run",
                "iters",
                "wall-s",
                "prep-s",
                "start-s",
                "fit-s",
                "outputs-s",
                "users",
                "likes",
                "ndcg@" + k,
                "p@" + k,
                "recall",
                "overlap",
                "score-chg");
        for (int i = 0; i < runs.size(); i++) {
            DayRun run = runs.get(i);
            NextDayQuality quality = qualities.get(i);
            RunManifest.Drift drift = drifts.get(i);
            out.printf(
                    Locale.ROOT,
                    "%-16s %5d %8.2f %8.2f %8.2f %8.2f %9.2f %8d %8d %9.4f %8.4f %8.4f %8s %10s%n",
                    run.label(),
                    run.manifest().finalModel().iterations(),
                    run.wallSeconds(),
                    run.preparation(),
                    run.timing("refit_start"),
                    run.timing("final_fit"),
                    run.timing("outputs"),
                    quality.users(),
                    quality.likes(),
                    quality.ndcg(),
                    quality.precision(),
                    quality.recall(),
                    drift == null || drift.overlap() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.4f", drift.overlap()),
                    drift == null || drift.scoreChange() == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%+.4f", drift.scoreChange().mean()));
        }
        DayRun refit = runs.get(1);
        DayRun scratch = runs.get(2);
        out.printf(
                Locale.ROOT,
                "day %d, refit against scratch: start + fit %.3f of scratch's fit, wall %.3f of its wall; ndcg@%d"
                        + " %+.4f; new likes of unknown users or items left out of the scores: %d%n",
                day + 1,
                (refit.timing("refit_start") + refit.timing("final_fit")) / scratch.timing("final_fit"),
                refit.wallSeconds() / scratch.wallSeconds(),
                k,
                qualities.get(1).ndcg() - qualities.get(2).ndcg(),
                qualities.get(2).unknownLikes());
    }

    private static WrmfConfig snapshot(WrmfConfig config, String generated, int day, String output) {
        return config.with("input.format", "psv")
                .with("input.path", generated + "/day=" + day)
                .with("output.path", output);
    }

    private static DayRun timed(SparkSession spark, Command command, WrmfConfig config, String folder, String label)
            throws Exception {
        long start = System.nanoTime();
        command.run(spark, config, List.of());
        double wall = (System.nanoTime() - start) / 1e9;
        RunManifest manifest =
                Manifest.read(spark.sparkContext().hadoopConfiguration(), new Path(folder, "manifest.json"));
        return new DayRun(folder, "day " + label, wall, manifest);
    }

    /** One command's run: its folder, its time as the bench saw it, and its manifest's. */
    private record DayRun(String folder, String label, double wallSeconds, RunManifest manifest) {
        double timing(String key) {
            return manifest.timings().getOrDefault(key, 0.0);
        }

        /** The run's time outside the model's start, fit, loss and outputs: reading and preparing the likes. */
        double preparation() {
            return timing("total")
                    - timing("refit_start")
                    - timing("final_train")
                    - timing("outputs")
                    - timing("refit_changes");
        }
    }
}
