package org.wrmf.als;

import org.apache.spark.sql.SparkSession;
import org.wrmf.Command;
import org.wrmf.config.WrmfConfig;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.data.Preparation;
import org.wrmf.output.Manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench als}: {@link AlsBench} on the default synthetic likes after the usual preparation
 * (5-core; its own holdout) and, when {@code wrmf.bench.als.movielens} names a u.data file, on
 * MovieLens-100K.
 */
public final class AlsBenchCommand implements Command {
    @Override
    public String summary() {
        return "our ALS against Spark MLlib's (s/iteration, ratio, p@5, peak heap) on synthetic likes and MovieLens";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        String base = config.string("wrmf.output.path") + "/bench/als";
        WrmfConfig synthetic = config.with("input.format", "synthetic").with("generate.path", "")
                .with("holdout.enabled", false).with("output.path", base + "/synthetic");
        PreparedData prepared = Preparation.run(spark, synthetic, new Manifest());
        List<AlsBench.Likes> datasets = new ArrayList<>();
        datasets.add(new AlsBench.Likes("synthetic", IndexedLikes.ratings(prepared.all()), prepared.numUsers(),
                prepared.numItems()));
        String movieLens = config.optionalString("wrmf.bench.als.movielens");
        if (movieLens != null) {
            datasets.add(AlsBench.movieLens(spark, movieLens));
        }
        int blocks = config.intAtLeast("wrmf.als.blocks", 0);
        int[] ranks = config.intList("wrmf.bench.als.ranks").stream().mapToInt(Integer::intValue).toArray();
        org.wrmf.Checkpoints.use(spark, config);
        AlsBench.run(spark, datasets, ranks, config.intAtLeast("wrmf.bench.als.iterations", 1),
                blocks == 0 ? spark.sparkContext().defaultParallelism() : blocks,
                config.doubleIn("wrmf.bench.als.alpha", 0, Double.MAX_VALUE), config.longValue("wrmf.als.seed"),
                System.out);
    }
}
