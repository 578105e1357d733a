package org.wrmf.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.wrmf.data.SyntheticLikes;
import org.wrmf.io.OutputFolder;

/**
 * {@code generate}: writes Sketchfab-shaped synthetic likes in the notebook's PSV layout (over
 * {@code generate.days} > 1, day by day with times: {@link SyntheticLikes}). Into the output
 * folder (the default target) it is a run like the others: it claims the folder ({@link OutputFolder}).
 */
public final class GenerateCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) {
        SyntheticLikes.SyntheticLikesSettings settings = SettingsReader.generate(config);
        String path = SettingsReader.generatedPath(config);
        boolean inOutput = OutputFolder.contains(
                spark.sparkContext().hadoopConfiguration(), SettingsReader.outputPath(config), path);
        try (OutputFolder folder = inOutput ? Run.claim(spark, config, "generate") : null) {
            long start = System.nanoTime();
            SyntheticLikes.write(spark, settings, path);
            System.out.printf(
                    "generate: %,d users x %,d models (scale %s) written to %s in %.1f s%n",
                    settings.scaledUsers(),
                    settings.scaledItems(),
                    settings.scale(),
                    path,
                    (System.nanoTime() - start) / 1e9);
            if (settings.days() > 1) {
                System.out.printf(
                        "generate: %d days: snapshots (every like up to each day) in %s/day=1..%d,"
                                + " each day's likes alone in %s/delta/day=1..%d%n",
                        settings.days(), path, settings.days(), path, settings.days());
            }
        }
    }
}
