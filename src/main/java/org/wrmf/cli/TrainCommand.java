package org.wrmf.cli;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.als.AlsTrainer;
import org.wrmf.als.FactorModel;
import org.wrmf.als.FitExecution;
import org.wrmf.als.Rating;
import org.wrmf.data.IndexedLikes;
import org.wrmf.io.FactorFrames;
import org.wrmf.io.IdMappings;
import org.wrmf.io.OutputSettings;
import org.wrmf.io.SafeOutput;
import org.wrmf.io.SparkMlModel;
import org.wrmf.linalg.Blas;
import org.wrmf.ml.TrainedFactors;
import org.wrmf.report.RunManifest;

/**
 * {@code train}: prepares the likes, trains implicit ALS on the training likes (all of them when the
 * holdout is off) and writes {@code <output>/factors/users} and {@code /items} as Parquet
 * (id: the original id, features: array&lt;float&gt;) and {@code <output>/model} (Spark ML's ALSModel
 * layout with the id mappings, as {@code all} writes it: {@code fold-in} and {@code explain} read it);
 * the manifest gets als, final, blas and timings: {@code train} is the sum of the fit's parts
 * (through the library's training path, {@link TimedFit}), {@code train_loss}, {@code write_factors} and {@code write_model}.
 */
public final class TrainCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws Exception {
        OutputSettings outputs = SettingsReader.output(config);
        String output = outputs.path();
        SafeOutput writer = new SafeOutput(spark.sparkContext().hadoopConfiguration(), outputs.overwrite());
        AlsSettings settings = SettingsReader.als(config, spark.sparkContext());
        RunManifest run = Run.onPreparedData(spark, config, "train", (prepared, manifest) -> {
            Checkpoints.use(spark, config);
            long start = System.nanoTime();
            TimedFit timed = new TimedFit(manifest, "train", start);
            JavaRDD<Rating> likes = IndexedLikes.ratings(prepared.train());
            // where the fit runs, from the likes the preparation counted: counting them again would run the
            // holdout's split once more (about 0.3 s of a 4 s fit of the default data)
            FitExecution where = AlsTrainer.chosen(
                    likes,
                    prepared.trainLikes(),
                    prepared.numUsers(),
                    prepared.numItems(),
                    settings.params(),
                    settings.execution());
            try (TrainedFactors fit = timed.fit(
                    likes,
                    prepared.numUsers(),
                    prepared.numItems(),
                    settings.params(),
                    where,
                    settings.iterations(),
                    "train")) {
                double loss = timed.loss(fit);
                FactorModel model = fit.model();
                spark.sparkContext().setJobDescription("train: write factors");
                long write = System.nanoTime();
                writer.writeParquet(
                        FactorFrames.withOriginalIds(
                                spark, model.users(), prepared.indexed().users()),
                        output + "/factors/users");
                writer.writeParquet(
                        FactorFrames.withOriginalIds(
                                spark, model.items(), prepared.indexed().items()),
                        output + "/factors/items");
                manifest.timing("write_factors", write);
                write = System.nanoTime();
                // Spark ML's layout with the id mappings (and BM25's idf): what fold-in and explain read
                SparkMlModel.write(
                        spark,
                        model,
                        new IdMappings(
                                prepared.indexed().users(), prepared.indexed().items()),
                        fit.bm25() == null ? null : fit.bm25().idf(),
                        writer,
                        output + "/" + SparkMlModel.FOLDER);
                manifest.timing("write_model", write)
                        .timingSum("train", "train_fit", "train_loss", "write_factors", "write_model")
                        .als(settings.report())
                        .finalModel(RunManifest.Final.of(settings.params(), settings.iterations(), loss, fit.bm25()))
                        .blas(Blas.describe());
            }
        });
        LOG.info(
                "train: factors written to {}/factors in {} s",
                output,
                run.timings().get("train"));
    }
}
