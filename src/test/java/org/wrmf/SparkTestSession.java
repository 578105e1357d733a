package org.wrmf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.wrmf.common.RecordKryoRegistrator;

/** The one local SparkSession the whole test suite shares (starting Spark costs seconds). */
public final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2]")
                    .setAppName("wrmf-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.default.parallelism", "4")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.sql.adaptive.enabled", "false")
                    // the serializer the job runs with (Main), so tests see what users get
                    .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", RecordKryoRegistrator.class.getName());
            Main.localDefaults(conf, 2); // and its local shuffle settings
            spark = SparkSession.builder().config(conf).getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            try {
                spark.sparkContext()
                        .setCheckpointDir(
                                Files.createTempDirectory("wrmf-test-ckpt").toString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return spark;
    }

    public static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }

    /**
     * The shared MovieLens-100K folder, or null when it is absent (a user's clone has no ../shared):
     * tests that need it skip with that reason; CI always has it.
     */
    public static Path movieLens() {
        Path dir = Path.of(System.getProperty("wrmf.shared.data", "../shared/data"), "movielens-100k");
        return Files.isRegularFile(dir.resolve("u.data")) ? dir : null;
    }
}
