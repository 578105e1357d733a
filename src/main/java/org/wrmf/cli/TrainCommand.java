package org.wrmf.cli;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.data.Preparation;
import org.wrmf.io.FactorFrames;
import org.wrmf.report.Manifest;
import org.wrmf.io.SafeOutput;

import java.util.List;
import org.wrmf.als.FactorModel;
import org.wrmf.als.ImplicitAls;
import org.wrmf.linalg.Blas;

/**
 * {@code train}: prepares the likes, trains implicit ALS on the training likes (all of them when the
 * holdout is off) and writes {@code <output>/factors/users} and {@code /items} as Parquet
 * (id: the original id, features: array&lt;float&gt;); the manifest gets timings.train, als and blas.
 */
public final class TrainCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Override
    public String summary() {
        return "prepare, then train implicit ALS (wrmf.als.*) and write factors/users and factors/items";
    }

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        String output = config.string("wrmf.output.path");
        SafeOutput writer = new SafeOutput(spark.sparkContext().hadoopConfiguration(), config.bool("wrmf.output.overwrite"));
        writer.checkWritable(output + "/factors/users");
        writer.checkWritable(output + "/factors/items");
        AlsSettings settings = AlsSettings.from(config, AlsSettings.defaultBlocks(spark.sparkContext()));
        Manifest manifest = Manifest.forRun(spark, "train", config);
        long total = System.nanoTime();
        PreparedData prepared = Preparation.run(spark, config, manifest);
        Checkpoints.use(spark, config);

        long start = System.nanoTime();
        spark.sparkContext().setJobDescription("train: blocks");
        try (ImplicitAls als = new ImplicitAls(IndexedLikes.ratings(prepared.train()), prepared.numUsers(),
                prepared.numItems(), settings.params())) {
            als.initialize();
            spark.sparkContext().setJobDescription("train: " + settings.iterations() + " iterations");
            als.iterate(settings.iterations());
            FactorModel model = als.model();
            spark.sparkContext().setJobDescription("train: write factors");
            writer.writeParquet(FactorFrames.withOriginalIds(spark, model.users(), prepared.indexed().users()),
                    output + "/factors/users");
            writer.writeParquet(FactorFrames.withOriginalIds(spark, model.items(), prepared.indexed().items()),
                    output + "/factors/items");
            manifest.timing("train", start)
                    .put("als", settings.asMap())
                    .put("final.loss", als.loss())
                    .put("blas", Blas.describe());
        }
        manifest.timing("total", total);
        manifest.write(spark.sparkContext().hadoopConfiguration(), output);
        LOG.info("train: factors written to {}/factors in {} s", output, manifest.get("timings.train"));
    }
}
