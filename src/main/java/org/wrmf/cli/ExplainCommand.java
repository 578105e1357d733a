package org.wrmf.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Explainer;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.data.IndexedLikes;
import org.wrmf.io.IdMapping;
import org.wrmf.report.FinishedRun;

/**
 * {@code explain --set explain.user=ID --set explain.item=ID}: why the final model scores an item
 * for a user, as the contributions of the user's liked items ({@link Explainer}), on a finished run:
 * the model from {@code model/} (with its id mappings), the likes it was trained on from
 * {@code prepared/} (train and test: the final model sees all of them), and its regularization (with
 * its scaling), alpha and confidence form from the manifest ({@code final.*}; under bm25 the likes are
 * weighted with the training's statistics, {@code final.bm25_*} and {@code model/bm25-idf}).
 */
public final class ExplainCommand implements Command {
    @Override
    public void run(SparkSession spark, WrmfConfig config, List<String> args) throws IOException {
        String output = SettingsReader.outputPath(config);
        String userId = required(config, "wrmf.explain.user");
        String itemId = required(config, "wrmf.explain.item");
        int top = config.intAtLeast("wrmf.explain.top", 1);

        FinishedRun run = FinishedRun.open(spark, output, "wrmf.output.path");
        FactorModel model = run.model();
        Dataset<Row> userIds = run.userIds();
        Dataset<Row> itemIds = run.itemIds();
        int user = lookup(userIds, userId, "wrmf.explain.user", "user");
        int item = lookup(itemIds, itemId, "wrmf.explain.item", "item");
        JavaRDD<Rating> likes = IndexedLikes.ratings(spark.read()
                .parquet(new Path(output, "prepared/train").toString())
                .unionByName(spark.read().parquet(new Path(output, "prepared/test").toString())));

        AlsParams params = run.trainedParams(model.rank(), 1);
        int items = (int) itemIds.count();
        Explainer.Explanation explanation = Explainer.explain(model, likes, user, item, params, run.bm25(items), items);
        List<Integer> shown = new ArrayList<>(List.of(item));
        explanation.contributions().stream().limit(top).forEach(c -> shown.add(c.likedItem()));
        System.out.println("user " + userId);
        System.out.print(Explainer.describe(explanation, IdMapping.labels(itemIds, shown), top));
    }

    private static String required(WrmfConfig config, String key) {
        String value = config.optionalString(key);
        if (value == null) {
            throw ConfigError.key(key, "set it to an original id (--set " + key.substring("wrmf.".length()) + "=ID)");
        }
        return value;
    }

    private static int lookup(Dataset<Row> mapping, String id, String key, String what) {
        try {
            return IdMapping.index(mapping, id, what);
        } catch (IllegalArgumentException e) {
            throw ConfigError.key(key, e.getMessage());
        }
    }
}
