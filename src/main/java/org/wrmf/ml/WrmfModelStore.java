package org.wrmf.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Bm25;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;
import org.wrmf.io.Bm25Idf;
import org.wrmf.io.SparkMlModel;

/**
 * {@link WrmfModel}'s folder: ALSModel's layout ({@code metadata/}, {@code userFactors/},
 * {@code itemFactors/} with dense int ids) plus {@code user-ids/}, {@code item-ids/}, {@code likes/},
 * {@code wrmf/} (one line of JSON: the model's params, the objective and solver settings, the sizes,
 * bm25's N and avg_len) and {@code bm25-idf/}. Written through Spark's {@link MLWriter}, so
 * {@code write().overwrite().save(path)} replaces a folder and {@code save(path)} refuses an existing one.
 */
final class WrmfModelStore {
    static final String WRMF = "wrmf";
    static final String USER_IDS = SparkMlModel.USER_IDS;
    static final String ITEM_IDS = SparkMlModel.ITEM_IDS;
    static final String LIKES = "likes";
    private static final int FORMAT = 1;

    private WrmfModelStore() {}

    static final class Writer extends MLWriter {
        private final WrmfModel model;

        Writer(WrmfModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            WrmfModel.TrainedState fitted = model.fitted();
            String className =
                    loadedByItsClassName(path, model.uid()) ? WrmfModel.class.getName() : SparkMlModel.MODEL_CLASS;
            text(
                    spark,
                    SparkMlModel.metadataJson(
                            className,
                            model.uid(),
                            spark.version(),
                            fitted.rank(),
                            model.getPredictionCol(),
                            model.getColdStartStrategy()),
                    new Path(path, "metadata"));
            fitted.userFactors().write().parquet(new Path(path, "userFactors").toString());
            fitted.itemFactors().write().parquet(new Path(path, "itemFactors").toString());
            fitted.userIds().select("id", "idx").write().parquet(new Path(path, USER_IDS).toString());
            fitted.itemIds().select("id", "idx").write().parquet(new Path(path, ITEM_IDS).toString());
            fitted.likes().write().parquet(new Path(path, LIKES).toString());
            text(spark, description(model), new Path(path, WRMF));
            if (fitted.bm25() != null) {
                double[] idf = fitted.bm25().idf();
                List<Row> rows = new ArrayList<>(idf.length);
                for (int i = 0; i < idf.length; i++) {
                    rows.add(RowFactory.create(i, idf[i]));
                }
                StructType schema = new StructType()
                        .add("idx", DataTypes.IntegerType, false)
                        .add("idf", DataTypes.DoubleType, false);
                spark.createDataFrame(rows, schema).write().parquet(new Path(path, Bm25Idf.FOLDER).toString());
            }
        }
    }

    static final class Reader extends MLReader<WrmfModel> {
        @Override
        public WrmfModel load(String path) {
            SparkSession spark = sparkSession();
            JsonNode metadata = json(firstLine(spark, new Path(path, "metadata"), path));
            String className = metadata.path("class").asText();
            if (!className.equals(SparkMlModel.MODEL_CLASS) && !className.equals(WrmfModel.class.getName())) {
                throw new IllegalArgumentException(path + " holds a " + className + ", not a WrmfModel");
            }
            Path wrmf = new Path(path, WRMF);
            try {
                if (!wrmf.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .exists(wrmf)) {
                    throw new IllegalArgumentException(path + " has no " + WRMF + "/ folder: it was not written by"
                            + " WrmfModel (an ALSModel folder: read it with ALSModel.load)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + wrmf, e);
            }
            JsonNode description = json(firstLine(spark, wrmf, path));
            if (description.path("format").asInt() != FORMAT) {
                throw new IllegalArgumentException(path + ": unknown model format " + description.path("format"));
            }
            AlsParams params = params(description);
            int numUsers = description.path("numUsers").asInt();
            int numItems = description.path("numItems").asInt();
            Bm25.Statistics bm25 = null;
            JsonNode statistics = description.path("bm25");
            if (statistics.isObject()) {
                bm25 = new Bm25.Statistics(
                        statistics.path("users").asInt(),
                        statistics.path("averageLength").asDouble(),
                        Bm25Idf.read(spark, path, numItems));
            }
            WrmfModel.TrainedState fitted = new WrmfModel.TrainedState(
                    metadata.path("rank").asInt(),
                    params,
                    bm25,
                    spark.read().parquet(new Path(path, "userFactors").toString()),
                    spark.read().parquet(new Path(path, "itemFactors").toString()),
                    spark.read().parquet(new Path(path, USER_IDS).toString()),
                    spark.read().parquet(new Path(path, ITEM_IDS).toString()),
                    spark.read().parquet(new Path(path, LIKES).toString()),
                    numUsers,
                    numItems);
            WrmfModel model = new WrmfModel(metadata.path("uid").asText(), fitted);
            Iterator<Map.Entry<String, JsonNode>> fields =
                    description.path("params").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (model.hasParam(field.getKey())) {
                    Param<Object> param = model.getParam(field.getKey());
                    model.set(param, param.jsonDecode(field.getValue().toString()));
                }
            }
            return model;
        }
    }

    /**
     * Spark loads the stages of a pipeline and the best model (and sub-models) of a tuning run by the class
     * their metadata names, where ALSModel.load insists on its own: a folder Spark made for such a stage
     * ({@code stages/N_uid}, {@code bestModel}, {@code subModels/...}) gets ours.
     */
    static boolean loadedByItsClassName(String path, String uid) {
        Path folder = new Path(path);
        Path parent = folder.getParent();
        String name = folder.getName();
        return name.equals("bestModel")
                || (parent != null && parent.getName().equals("stages") && name.matches("\\d+_" + Pattern.quote(uid)))
                || (parent != null && parent.getName().equals("subModels")) // TrainValidationSplit's
                || (parent != null
                        && parent.getParent() != null
                        && parent.getParent().getName().equals("subModels")); // CrossValidator's, by fold
    }

    /** The model's description, one line of JSON. */
    static String description(WrmfModel model) {
        ObjectMapper mapper = new ObjectMapper();
        WrmfModel.TrainedState fitted = model.fitted();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("numUsers", fitted.numUsers());
        root.put("numItems", fitted.numItems());
        Objective o = fitted.params().objective();
        ObjectNode objective = root.putObject("objective");
        objective.put("factors", o.factors());
        objective.put("regularizationUsers", o.regularizationUsers());
        objective.put("regularizationItems", o.regularizationItems());
        objective.put("regularizationScaling", o.regularizationScaling().word());
        objective.put("regularizationExponent", o.regularizationExponent());
        objective.put("confidence", o.confidence().form());
        objective.put("alpha", o.alpha());
        if (o.confidence() instanceof Confidence.Log log) {
            objective.put("epsilon", log.epsilon());
        }
        if (o.confidence() instanceof Confidence.Bm25Weighted bm25) {
            objective.put("k1", bm25.k1());
            objective.put("b", bm25.b());
        }
        SolverSettings s = fitted.params().solver();
        ObjectNode solver = root.putObject("solver");
        solver.put("method", s.method().word());
        solver.put("cgSteps", s.cgSteps());
        solver.put("blockSize", s.blockSize());
        solver.put("blockSweeps", s.blockSweeps());
        solver.put("finalSolve", s.finalSolve().word());
        solver.put("blocks", s.blocks());
        solver.put("seed", s.seed());
        solver.put("checkpointInterval", s.checkpointInterval());
        if (fitted.bm25() != null) {
            ObjectNode bm25 = root.putObject("bm25");
            bm25.put("users", fitted.bm25().users());
            bm25.put("averageLength", fitted.bm25().averageLength());
        }
        ObjectNode params = root.putObject("params");
        for (ParamPair<?> pair : scala.jdk.javaapi.CollectionConverters.asJava(
                model.extractParamMap().toSeq())) {
            @SuppressWarnings("unchecked")
            Param<Object> param = (Param<Object>) pair.param();
            params.set(param.name(), json(param.jsonEncode(pair.value())));
        }
        return root.toString();
    }

    private static AlsParams params(JsonNode description) {
        JsonNode o = description.path("objective");
        double alpha = o.path("alpha").asDouble();
        Confidence confidence = switch (o.path("confidence").asText()) {
            case Confidence.LOG -> new Confidence.Log(alpha, o.path("epsilon").asDouble());
            case Confidence.BM25 ->
                new Confidence.Bm25Weighted(
                        alpha, o.path("k1").asDouble(), o.path("b").asDouble());
            default -> new Confidence.Linear(alpha);
        };
        JsonNode s = description.path("solver");
        return new AlsParams(
                new Objective(
                        o.path("factors").asInt(),
                        o.path("regularizationUsers").asDouble(),
                        o.path("regularizationItems").asDouble(),
                        RegularizationScaling.valueOf(
                                o.path("regularizationScaling").asText().toUpperCase(java.util.Locale.ROOT)),
                        o.path("regularizationExponent").asDouble(),
                        confidence),
                new SolverSettings(
                        Solver.valueOf(s.path("method").asText().toUpperCase(java.util.Locale.ROOT)),
                        s.path("cgSteps").asInt(),
                        s.path("blockSize").asInt(),
                        s.path("blockSweeps").asInt(),
                        FinalSolve.valueOf(s.path("finalSolve").asText().toUpperCase(java.util.Locale.ROOT)),
                        s.path("blocks").asInt(),
                        s.path("seed").asLong(),
                        s.path("checkpointInterval").asInt()));
    }

    /** One line written as a one-partition text folder, as Spark writes its metadata. */
    private static void text(SparkSession spark, String line, Path folder) {
        JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(line), 1)
                .saveAsTextFile(folder.toString());
    }

    private static String firstLine(SparkSession spark, Path folder, String model) {
        try {
            Dataset<Row> lines = spark.read().text(folder.toString());
            return lines.first().getString(0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read " + folder + " of the model at " + model + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable model JSON: " + text, e);
        }
    }
}
