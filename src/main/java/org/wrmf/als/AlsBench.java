package org.wrmf.als;

import dev.ludovic.netlib.blas.BLAS;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: our engine against Spark MLlib's ALS (implicitPrefs) on the same likes, in the
 * same session, at the same rank and iterations. For each engine and rank it trains at every
 * regularization of {@link #REGULARIZATIONS} (MLlib scales its lambda by each row's count, ours is
 * constant, so each engine gets its own best), scores p@5 on one holdout, and prints per engine the
 * seconds per iteration (whole fit, block building included, over the iteration count; ours also
 * without building), the ratio, the best p@5 and the peak heap of the runs.
 */
public final class AlsBench {
    static final double[] REGULARIZATIONS = {0.01, 0.1, 1, 10};
    private static final int TOP = 5;
    private static final int HOLDOUT_PER_USER = 5;
    /** Enough test users for a stable p@5 while scoring stays seconds on one machine. */
    private static final int MAX_TEST_USERS = 2000;

    private AlsBench() {
    }

    /** Likes with dense 0-based indices and the index ranges. */
    public record Likes(String name, JavaRDD<Rating> ratings, int numUsers, int numItems) {
    }

    /** One printed row. */
    public record Result(String data, String engine, int rank, double bestRegularization, double secondsPerIteration,
                         double iterationSecondsPerIteration, double precisionAt5, long peakHeapBytes) {
    }

    /**
     * MovieLens-100K's u.data (tab-separated user, item, rating, timestamp; ids 1-based and dense):
     * every rating is a like of weight 1, as in the seed's binary likes.
     */
    public static Likes movieLens(SparkSession spark, String uData) {
        JavaRDD<Rating> ratings = spark.read().textFile(uData).javaRDD().map(line -> {
            String[] f = line.split("\t");
            return new Rating(Integer.parseInt(f[0]) - 1, Integer.parseInt(f[1]) - 1, 1f);
        });
        return new Likes("movielens-100k", ratings, 943, 1682);
    }

    /** Runs every (data, rank) pair for both engines and prints the table to out. */
    public static List<Result> run(SparkSession spark, List<Likes> datasets, int[] ranks, int iterations, int blocks,
                                   double alpha, long seed, PrintStream out) {
        List<Result> results = new ArrayList<>();
        out.printf(Locale.ROOT, "ALS bench: %d iterations, %d blocks, alpha %s, master %s, %s%n", iterations, blocks,
                alpha, spark.sparkContext().master(), AlsKernel.implementation());
        out.printf(Locale.ROOT, "%-16s %-13s %5s %8s %10s %10s %8s %7s %9s%n", "data", "engine", "rank", "best-reg",
                "s/iter", "s/iter-it", "ratio", "p@5", "peak-MB");
        for (Likes likes : datasets) {
            Holdout holdout = Holdout.split(likes.ratings(), HOLDOUT_PER_USER,
                    Math.min(1.0, MAX_TEST_USERS / (double) likes.numUsers()), seed);
            for (int rank : ranks) {
                // MLlib first, so each of our rows prints with its ratio as soon as it is measured.
                Result mllib = best(likes, "mllib", rank,
                        reg -> trainMllib(spark, likes, holdout, rank, reg, iterations, blocks, alpha, seed));
                print(out, mllib, mllib);
                results.add(mllib);
                for (Solver solver : Solver.values()) {
                    Result ours = best(likes, "wrmf-" + solver.name().toLowerCase(Locale.ROOT), rank,
                            reg -> trainOurs(likes, holdout, rank, reg, solver, iterations, blocks, alpha, seed));
                    print(out, ours, mllib);
                    results.add(ours);
                }
                out.flush();
            }
            holdout.close();
        }
        return results;
    }

    private static void print(PrintStream out, Result r, Result mllib) {
        out.printf(Locale.ROOT, "%-16s %-13s %5d %8s %10.3f %10.3f %8.2f %7.4f %9d%n", r.data(), r.engine(), r.rank(),
                r.bestRegularization(), r.secondsPerIteration(), r.iterationSecondsPerIteration(),
                mllib.secondsPerIteration() / r.secondsPerIteration(), r.precisionAt5(), r.peakHeapBytes() >> 20);
        out.flush();
    }

    private interface Trainer {
        Result train(double regularization);
    }

    /** Best p@5 over the regularizations; its timing is the mean over all of them, its heap the max. */
    private static Result best(Likes likes, String engine, int rank, Trainer trainer) {
        Result best = null;
        double seconds = 0;
        double iterationSeconds = 0;
        long heap = 0;
        for (double reg : REGULARIZATIONS) {
            Result r = trainer.train(reg);
            seconds += r.secondsPerIteration() / REGULARIZATIONS.length;
            iterationSeconds += r.iterationSecondsPerIteration() / REGULARIZATIONS.length;
            heap = Math.max(heap, r.peakHeapBytes());
            if (best == null || r.precisionAt5() > best.precisionAt5()) {
                best = r;
            }
        }
        return new Result(likes.name(), engine, rank, best.bestRegularization(), seconds, iterationSeconds,
                best.precisionAt5(), heap);
    }

    private static Result trainOurs(Likes likes, Holdout holdout, int rank, double reg, Solver solver, int iterations,
                                    int blocks, double alpha, long seed) {
        AlsParams params = new AlsParams(rank, reg, reg, alpha, Confidence.LINEAR, 1e-8, solver, 3, blocks, seed, 0);
        resetPeakHeap();
        long start = System.nanoTime();
        try (ImplicitAls als = new ImplicitAls(holdout.train, likes.numUsers(), likes.numItems(), params)) {
            als.initialize();
            long iterationsStart = System.nanoTime();
            als.iterate(iterations);
            long end = System.nanoTime();
            FactorModel model = als.model();
            double p5 = holdout.precision(toMap(model.users().collect()), toMap(model.items().collect()), rank);
            return new Result(likes.name(), "wrmf-" + solver.name().toLowerCase(Locale.ROOT), rank, reg, (end - start) / 1e9 / iterations,
                    (end - iterationsStart) / 1e9 / iterations, p5, peakHeap());
        }
    }

    private static Result trainMllib(SparkSession spark, Likes likes, Holdout holdout, int rank, double reg,
                                     int iterations, int blocks, double alpha, long seed) {
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                .add("weight", DataTypes.FloatType);
        Dataset<Row> train = spark.createDataFrame(holdout.train.map(r -> org.apache.spark.sql.RowFactory.create(
                r.user(), r.item(), r.weight())), schema);
        ALS als = new ALS().setImplicitPrefs(true).setRank(rank).setMaxIter(iterations).setRegParam(reg)
                .setAlpha(alpha).setNumUserBlocks(blocks).setNumItemBlocks(blocks).setSeed(seed)
                .setUserCol("user").setItemCol("item").setRatingCol("weight");
        resetPeakHeap();
        long start = System.nanoTime();
        ALSModel model = als.fit(train);
        long end = System.nanoTime();
        double p5 = holdout.precision(mllibFactors(model.userFactors()), mllibFactors(model.itemFactors()), rank);
        return new Result(likes.name(), "mllib", rank, reg, (end - start) / 1e9 / iterations, Double.NaN, p5, peakHeap());
    }

    private static Map<Integer, double[]> mllibFactors(Dataset<Row> factors) {
        Map<Integer, double[]> map = new HashMap<>();
        for (Row row : factors.collectAsList()) {
            List<Float> features = row.getList(1);
            double[] v = new double[features.size()];
            for (int f = 0; f < v.length; f++) {
                v[f] = features.get(f);
            }
            map.put(row.getInt(0), v);
        }
        return map;
    }

    private static Map<Integer, double[]> toMap(List<Tuple2<Integer, double[]>> pairs) {
        Map<Integer, double[]> map = new HashMap<>();
        for (Tuple2<Integer, double[]> t : pairs) {
            map.put(t._1(), t._2());
        }
        return map;
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * A per-user holdout: a seeded share of the users with at least 2 x perUser likes give perUser
     * random likes (seeded per user) to test. p@5 ranks every item the user did not like in training, top 5 by one matrix
     * product per block of users.
     */
    static final class Holdout {
        final JavaRDD<Rating> train;
        final Map<Integer, int[]> trainItems = new HashMap<>();
        final Map<Integer, int[]> testItems = new HashMap<>();

        private Holdout(JavaRDD<Rating> train) {
            this.train = train;
        }

        static Holdout split(JavaRDD<Rating> likes, int perUser, double userFraction, long seed) {
            JavaPairRDD<Boolean, Rating> tagged = likes.keyBy(Rating::user).groupByKey().flatMapToPair(t -> {
                List<Rating> own = new ArrayList<>();
                t._2().forEach(own::add);
                own.sort((a, b) -> Integer.compare(a.item(), b.item()));
                Random random = new Random(seed * 31 + t._1());
                int held = own.size() >= 2 * perUser && random.nextDouble() < userFraction ? perUser : 0;
                java.util.Collections.shuffle(own, random);
                List<Tuple2<Boolean, Rating>> out = new ArrayList<>();
                for (int j = 0; j < own.size(); j++) {
                    out.add(new Tuple2<>(j < held, own.get(j)));
                }
                return out.iterator();
            }).persist(StorageLevel.MEMORY_AND_DISK());
            Holdout holdout = new Holdout(tagged.filter(t -> !t._1()).values().persist(StorageLevel.MEMORY_AND_DISK()));
            Map<Integer, List<Integer>> train = new HashMap<>();
            Map<Integer, List<Integer>> test = new HashMap<>();
            for (Tuple2<Boolean, Rating> t : tagged.collect()) {
                (t._1() ? test : train).computeIfAbsent(t._2().user(), u -> new ArrayList<>()).add(t._2().item());
            }
            test.forEach((u, items) -> holdout.testItems.put(u, items.stream().mapToInt(Integer::intValue).toArray()));
            train.forEach((u, items) -> holdout.trainItems.put(u, items.stream().mapToInt(Integer::intValue).toArray()));
            tagged.unpersist(false);
            return holdout;
        }

        void close() {
            train.unpersist(false);
        }

        /** Mean over test users of |top-5 (training likes excluded) ∩ test| / 5. */
        double precision(Map<Integer, double[]> users, Map<Integer, double[]> items, int rank) {
            int numItems = items.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            double[] itemMatrix = new double[numItems * rank];  // k x n column-major: item after item
            items.forEach((i, v) -> System.arraycopy(v, 0, itemMatrix, i * rank, rank));
            List<Integer> testUsers = new ArrayList<>(testItems.keySet());
            int blockSize = 256;
            double sum = 0;
            BLAS blas = BLAS.getInstance();
            for (int from = 0; from < testUsers.size(); from += blockSize) {
                int count = Math.min(blockSize, testUsers.size() - from);
                double[] userMatrix = new double[count * rank];
                for (int j = 0; j < count; j++) {
                    double[] v = users.get(testUsers.get(from + j));
                    if (v != null) {
                        System.arraycopy(v, 0, userMatrix, j * rank, rank);
                    }
                }
                double[] scores = new double[numItems * count];  // n x count column-major: user after user
                blas.dgemm("T", "N", numItems, count, rank, 1.0, itemMatrix, rank, userMatrix, rank, 0.0, scores, numItems);
                for (int j = 0; j < count; j++) {
                    int user = testUsers.get(from + j);
                    sum += hits(scores, j * numItems, numItems, trainItems.getOrDefault(user, new int[0]),
                            testItems.get(user)) / (double) TOP;
                }
            }
            return sum / testUsers.size();
        }

        /** How many of the user's top 5 (training items skipped) are in test. */
        private static int hits(double[] scores, int offset, int numItems, int[] excluded, int[] test) {
            boolean[] skip = new boolean[numItems];
            for (int i : excluded) {
                skip[i] = true;
            }
            int[] top = new int[TOP];
            double[] topScore = new double[TOP];
            Arrays.fill(topScore, Double.NEGATIVE_INFINITY);
            Arrays.fill(top, -1);
            for (int i = 0; i < numItems; i++) {
                double s = scores[offset + i];
                if (skip[i] || s <= topScore[TOP - 1]) {
                    continue;
                }
                int at = TOP - 1;
                while (at > 0 && topScore[at - 1] < s) {
                    topScore[at] = topScore[at - 1];
                    top[at] = top[at - 1];
                    at--;
                }
                topScore[at] = s;
                top[at] = i;
            }
            int hits = 0;
            for (int i : top) {
                for (int t : test) {
                    hits += i == t ? 1 : 0;
                }
            }
            return hits;
        }
    }

    /**
     * Local entry point: {@code AlsBench <u.data path> [ranks, comma-separated] [iterations] [blocks] [alpha]}
     * on local[2]. Run it with OPENBLAS_NUM_THREADS=1: Spark already runs one task per core.
     */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("wrmf-als-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            int[] ranks = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                    : new int[] {40, 128};
            int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 15;
            int blocks = args.length > 3 ? Integer.parseInt(args[3]) : 4;
            double alpha = args.length > 4 ? Double.parseDouble(args[4]) : 1;
            run(spark, List.of(movieLens(spark, args[0])), ranks, iterations, blocks, alpha, 42L, System.out);
        } finally {
            spark.stop();
        }
    }
}
