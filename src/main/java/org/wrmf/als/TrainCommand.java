package org.wrmf.als;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.Command;
import org.wrmf.config.ConfigError;
import org.wrmf.config.WrmfConfig;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.PreparedData;
import org.wrmf.data.Preparation;
import org.wrmf.output.Manifest;

import java.util.List;

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
        AlsSettings settings = AlsSettings.from(config, spark.sparkContext().defaultParallelism());  // fail fast
        refuseExisting(spark, config, output + "/factors");
        Manifest manifest = Manifest.forRun(spark, "train", config);
        long total = System.nanoTime();
        PreparedData prepared = Preparation.run(spark, config, manifest);
        useCheckpointDir(spark, config, output);

        long start = System.nanoTime();
        spark.sparkContext().setJobDescription("train: blocks");
        try (ImplicitAls als = new ImplicitAls(IndexedLikes.ratings(prepared.train()), prepared.numUsers(),
                prepared.numItems(), settings.params())) {
            als.initialize();
            spark.sparkContext().setJobDescription("train: " + settings.iterations() + " iterations");
            als.iterate(settings.iterations());
            FactorModel model = als.model();
            spark.sparkContext().setJobDescription("train: write factors");
            write(spark, model.users(), prepared.indexed().users(), output + "/factors/users");
            write(spark, model.items(), prepared.indexed().items(), output + "/factors/items");
            manifest.timing("train", start)
                    .put("als", settings.asMap())
                    .put("blas", als.blasImplementation());
        }
        manifest.timing("total", total);
        manifest.write(spark.sparkContext().hadoopConfiguration(), output);
        LOG.info("train: factors written to {}/factors in {} s", output, manifest.get("timings.train"));
    }

    /** Factors joined back to the original ids: columns id (string), features (array<float>). */
    static void write(SparkSession spark, JavaPairRDD<Integer, double[]> factors, Dataset<Row> ids, String path) {
        StructType schema = new StructType().add("idx", DataTypes.IntegerType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false));
        Dataset<Row> byIndex = spark.createDataFrame(factors.map(t -> {
            Float[] features = new Float[t._2().length];
            for (int f = 0; f < features.length; f++) {
                features[f] = (float) t._2()[f];
            }
            return RowFactory.create(t._1(), features);
        }), schema);
        ids.select("id", "idx").join(byIndex, "idx").select("id", "features")
                .write().mode(SaveMode.Overwrite).parquet(path);
    }

    private static void refuseExisting(SparkSession spark, WrmfConfig config, String path) throws java.io.IOException {
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(target) && !config.bool("wrmf.output.overwrite")) {
            throw new ConfigError(path + " exists; set wrmf.output.overwrite=true to replace it");
        }
    }

    /** wrmf.spark.checkpoint-dir, else <output>/_checkpoints, unless the session already has one. */
    static void useCheckpointDir(SparkSession spark, WrmfConfig config, String output) {
        if (spark.sparkContext().getCheckpointDir().isEmpty()) {
            String dir = config.optionalString("wrmf.spark.checkpoint-dir");
            spark.sparkContext().setCheckpointDir(dir != null ? dir : output + "/_checkpoints");
        }
    }
}
