package org.wrmf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Main;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.AlsParams;
import org.wrmf.als.DenseReferenceAls;
import org.wrmf.als.PackedFactors;
import org.wrmf.als.Rating;
import org.wrmf.data.IndexedLikes;
import org.wrmf.data.Preparation;
import org.wrmf.data.PreparedData;
import org.wrmf.report.FinishedRun;
import org.wrmf.report.Manifest;
import org.wrmf.report.RunManifest;

/**
 * {@code refit} through the command line on small generated likes: the previous run is a {@code recommend}
 * of the same settings. Factors are compared by real id, as written (floats).
 */
@Slow
class RefitCommandTest {
    static final double LAMBDA = 1;
    static final double ALPHA = 1;

    @TempDir
    Path dir;

    /** Likes of users for items, seeded: 0.7 within a user's taste (user % 4 = item % 4), 0.1 outside it. */
    static List<String[]> likes(String userPrefix, int users, String itemPrefix, int items, long seed) {
        Random random = new Random(seed);
        List<String[]> likes = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                // four tastes for the four factors: each well determined, so ALS converges fast
                double p = (u % 4 == i % 4) ? 0.7 : 0.1;
                if (random.nextDouble() < p) {
                    likes.add(new String[] {userPrefix + u, itemPrefix + i});
                }
            }
        }
        return likes;
    }

    Path write(String name, List<String[]> likes) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (String[] like : likes) {
            csv.append(String.join(",", like)).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    /** The settings shared by the previous run, the refit and the fold-in. */
    static List<String> common(Path input, Path output) {
        return List.of(
                "--set", "input.path=" + input,
                "--set", "input.format=csv",
                "--set", "input.header=false",
                "--set", "input.columns.user=0",
                "--set", "input.columns.item=1",
                "--set", "input.columns.name=",
                "--set", "threshold.min-user-likes=1",
                "--set", "threshold.min-item-likes=1",
                "--set", "holdout.enabled=false",
                "--set", "output.path=" + output,
                "--set", "output.top-n=5",
                "--set", "output.similar-items=3",
                "--set", "output.blocks=2",
                "--set", "als.blocks=2");
    }

    static String[] args(String command, List<String> common, String... more) {
        return Stream.concat(Stream.concat(Stream.of(command), common.stream()), Stream.of(more))
                .toArray(String[]::new);
    }

    /**
     * A finished recommend run: rank 4, lambda {@code lambda} (default 1), alpha 1, {@code iterations} iterations,
     * then any more settings (e.g. another confidence).
     */
    Path previousRun(Path input, int iterations) {
        return previousRun(input, iterations, LAMBDA);
    }

    Path previousRun(Path input, int iterations, double lambda, String... moreSettings) {
        Path out = dir.resolve("previous");
        String[] settings = {
            "--set",
            "als.factors=4",
            "--set",
            "als.regularization=" + lambda,
            "--set",
            "als.alpha=" + ALPHA,
            "--set",
            "als.iterations=" + iterations,
            "--set",
            "als.checkpoint-interval=0"
        };
        var result = OutputCommandsTest.run(args(
                "recommend",
                common(input, out),
                Stream.concat(Stream.of(settings), Stream.of(moreSettings)).toArray(String[]::new)));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        return out;
    }

    static Map<String, double[]> factors(Path run, String side) {
        Map<String, double[]> vectors = new HashMap<>();
        for (Row row : SparkTestSession.get()
                .read()
                .parquet(run.resolve("factors/" + side).toString())
                .collectAsList()) {
            List<Float> features = row.getList(1);
            double[] vector = new double[features.size()];
            for (int f = 0; f < vector.length; f++) {
                vector[f] = features.get(f);
            }
            vectors.put(row.getString(0), vector);
        }
        return vectors;
    }

    static RunManifest manifest(Path run) {
        return Manifest.read(
                SparkTestSession.get().sparkContext().hadoopConfiguration(),
                new org.apache.hadoop.fs.Path(run.resolve("manifest.json").toString()));
    }

    /**
     * The same likes again: the refit must give the previous factors back. Why it is exact up to float
     * rounding: the previous model ends with an exact user solve against its items (FinalSolve), and with
     * 70 iterations at lambda 3 and alpha 1 on 40 x 24 likes of four tastes ALS has converged (the items
     * are a fixed point of a user solve then an item solve: dense solves on five draws of data of this
     * shape moved the items by at most 2e-7 after 40 iterations, 2.4e-10 after 60). The refit starts from those factors as stored (floats,
     * about 6e-8 relative from the doubles), so each of its iterations solves the same systems to the same
     * solutions up to that rounding; its final user solve is again exact. Factors are about 0.1 to 1, so
     * 1e-6 absolute leaves room for the float rounding of both runs' outputs and nothing else.
     */
    @Test
    void refitOfTheSameLikesGivesThePreviousFactorsBack() throws Exception {
        Path input = write("likes.csv", likes("u", 40, "m", 24, 1));
        Path previous = previousRun(input, 70, 3);
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(args("refit", common(input, out), "--set", "refit.from=" + previous));
        assertEquals(Main.OK, result.getKey(), result.getValue());

        for (String side : List.of("users", "items")) {
            Map<String, double[]> before = factors(previous, side);
            Map<String, double[]> after = factors(out, side);
            assertEquals(before.keySet(), after.keySet(), side);
            for (var entry : before.entrySet()) {
                for (int f = 0; f < 4; f++) {
                    assertEquals(
                            entry.getValue()[f],
                            after.get(entry.getKey())[f],
                            1e-6,
                            side + " " + entry.getKey() + " factor " + f);
                }
            }
        }
        RunManifest manifest = manifest(out);
        assertEquals("refit", manifest.command());
        RunManifest.Refit refit = manifest.refit();
        assertEquals(
                previous.toUri().getPath().replaceAll("/$", ""),
                refit.previousRun().replaceFirst("^file:", ""));
        assertEquals(new RunManifest.Change(40, 0, 0), refit.users());
        assertEquals(24, refit.items().kept());
        assertEquals(0, refit.items().added() + refit.items().dropped());
        long likes = Files.readAllLines(input).size();
        assertEquals(new RunManifest.LikeChanges(likes, likes, 0L, 0L), refit.likes());
        assertEquals(3, refit.iterationLosses().size());
        double previousLoss = manifest(previous).finalModel().loss();
        for (double loss : refit.iterationLosses()) {
            assertEquals(previousLoss, loss, 1e-6 * previousLoss, "the objective stays at the converged one");
        }
        assertEquals(List.of(), refit.overriddenKeys(), "the previous objective, untouched");
        assertEquals(3, manifest.finalModel().regularization());
        assertEquals(ALPHA, manifest.finalModel().alpha());
        RunManifest.Drift drift = refit.drift();
        assertEquals(40, drift.users());
        assertEquals(1.0, drift.overlap(), 1e-12, "the same recommendations");
        assertEquals(40 * 5, drift.scoreChange().count());
        assertTrue(
                Math.abs(drift.scoreChange().min()) < 1e-5
                        && Math.abs(drift.scoreChange().max()) < 1e-5,
                drift.scoreChange().toString());
        assertTrue(Files.exists(out.resolve("report/index.html")));
        assertTrue(Files.readString(out.resolve("report/index.md")).contains("Refit"));
    }

    /**
     * New users and items: at the start of the refit each new user's factors are {@code fold-in}'s against
     * the previous items (the fold-in command's output, stored as floats), and each new item's the exact
     * item solve against the previous users and the folded-in ones, computed densely here. Kept rows start
     * from their previous factors; a new user who likes only new items has nothing to be folded in from.
     */
    @Test
    void newUsersAndItemsStartFromFoldIns() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<String[]> before = likes("u", 30, "m", 20, 2);
        Path input = write("likes.csv", before);
        Path previous = previousRun(input, 10);
        List<String[]> now = new ArrayList<>(before);
        now.removeIf(like -> like[0].equals("u0")); // u0 vanishes
        List<String[]> newUsers = likes("n", 3, "m", 20, 3);
        now.addAll(newUsers);
        List<String[]> newItems = likes("u", 30, "x", 2, 4);
        now.addAll(newItems);
        now.add(new String[] {"n0", "x0"});
        now.add(new String[] {"n1", "x1"});
        now.add(new String[] {"only-new", "x0"});
        Path snapshot = write("snapshot.csv", now);

        // fold-in's answer for the new users, against the previous run's items
        Path newUserLikes = write("new-users.csv", newUsers);
        Path foldIn = dir.resolve("fold-in");
        var folded = OutputCommandsTest.run(args(
                "fold-in",
                common(newUserLikes, previous),
                "--set",
                "fold-in.output=" + foldIn,
                "--set",
                "output.overwrite=true"));
        assertEquals(Main.OK, folded.getKey(), folded.getValue());
        Map<String, double[]> expectedUsers = new HashMap<>();
        for (Row row : spark.read().parquet(foldIn.resolve("users").toString()).collectAsList()) {
            List<Float> features = row.getList(1);
            expectedUsers.put(
                    row.getString(0),
                    features.stream().mapToDouble(Float::doubleValue).toArray());
        }
        assertEquals(Set.of("n0", "n1", "n2"), expectedUsers.keySet());

        // the refit's start, on the snapshot prepared as the command prepares it
        StartInputs inputs = startInputs(snapshot, previous);
        PreparedData data = inputs.data();
        JavaRDD<Rating> likes = inputs.likes();
        RefitCommand.StartingFactors start = inputs.distributed();
        Map<String, double[]> users = byId(start.model().users(), data.indexed().users());
        Map<String, double[]> items = byId(start.model().items(), data.indexed().items());
        assertEquals(3, start.usersFoldedIn(), "n0, n1 and n2; only-new likes no previous item");
        assertEquals(2, start.itemsFoldedIn());
        Set<String> started = new HashSet<>(users.keySet());
        started.removeIf(id -> id.startsWith("u"));
        assertEquals(Set.of("n0", "n1", "n2"), started);
        assertTrue(!users.containsKey("u0") && !users.containsKey("only-new"));

        Map<String, double[]> previousUsers = factors(previous, "users");
        Map<String, double[]> previousItems = factors(previous, "items");
        for (var entry : previousItems.entrySet()) {
            assertArrayEquals(entry.getValue(), items.get(entry.getKey()), 0, "kept item " + entry.getKey());
        }
        for (var entry : users.entrySet()) {
            double[] expected = entry.getKey().startsWith("n")
                    ? expectedUsers.get(entry.getKey())
                    : previousUsers.get(entry.getKey());
            assertArrayEquals(expected, entry.getValue(), 1e-6, "user " + entry.getKey());
        }

        // the new items: (X^T X + sum (c - 1) x x^T + lambda I) y = sum c x over the users with factors
        List<double[]> withFactors = new ArrayList<>(users.values());
        for (String item : List.of("x0", "x1")) {
            double[][] a = new double[4][4];
            double[] b = new double[4];
            for (double[] x : withFactors) {
                addOuter(a, x, 1);
            }
            for (String[] like : now) {
                if (like[1].equals(item) && users.containsKey(like[0])) {
                    double[] x = users.get(like[0]);
                    addOuter(a, x, ALPHA);
                    for (int f = 0; f < 4; f++) {
                        b[f] += (1 + ALPHA) * x[f];
                    }
                }
            }
            for (int f = 0; f < 4; f++) {
                a[f][f] += LAMBDA;
            }
            assertArrayEquals(DenseReferenceAls.solve(a, b), items.get(item), 1e-9, "item " + item);
        }

        // the same start in the driver's memory (a fit in one JVM takes it): the same rows, the same vectors
        RefitCommand.StartingFactors inMemory = inputs.inMemory();
        assertEquals(start.usersFoldedIn(), inMemory.usersFoldedIn());
        assertEquals(start.itemsFoldedIn(), inMemory.itemsFoldedIn());
        PackedFactors packed = inMemory.packedWarmStart();
        assertPackedEquals(start.model().users(), packed.users(), packed.userRows(), data.numUsers(), "user");
        assertPackedEquals(start.model().items(), packed.items(), packed.itemRows(), data.numItems(), "item");
        start.unpersist();
        likes.unpersist();
    }

    /**
     * BM25: the in-memory start weighs the new items' likes over the new matrix as the distributed one does, and
     * folds new users in with the previous run's BM25 statistics: the same rows, the same vectors.
     */
    @Test
    void bm25StartsAgreeInMemoryAndDistributed() throws Exception {
        List<String[]> before = likes("u", 30, "m", 20, 6);
        Path previous = previousRun(write("likes.csv", before), 5, LAMBDA, "--set", "als.confidence=bm25");
        List<String[]> now = new ArrayList<>(before);
        now.addAll(likes("n", 3, "m", 20, 7));
        now.addAll(likes("u", 30, "x", 2, 8));
        StartInputs inputs = startInputs(write("snapshot.csv", now), previous);
        assertTrue(inputs.trained().objective().bm25(), "the previous run was trained with BM25");
        PreparedData data = inputs.data();
        JavaRDD<Rating> likes = inputs.likes();
        RefitCommand.StartingFactors start = inputs.distributed();
        RefitCommand.StartingFactors inMemory = inputs.inMemory();
        assertEquals(3, start.usersFoldedIn());
        assertEquals(2, start.itemsFoldedIn());
        assertEquals(3, inMemory.usersFoldedIn());
        assertEquals(2, inMemory.itemsFoldedIn());
        PackedFactors packed = inMemory.packedWarmStart();
        assertPackedEquals(start.model().users(), packed.users(), packed.userRows(), data.numUsers(), "user");
        assertPackedEquals(start.model().items(), packed.items(), packed.itemRows(), data.numItems(), "item");
        start.unpersist();
        likes.unpersist();
    }

    /** What both starts take: the snapshot prepared as the command prepares it, against the previous run. */
    record StartInputs(
            FinishedRun run,
            AlsParams trained,
            PreparedData data,
            JavaRDD<Rating> likes,
            JavaPairRDD<Integer, Integer> userMap,
            JavaPairRDD<Integer, Integer> itemMap) {
        RefitCommand.StartingFactors distributed() {
            return RefitCommand.start(run, run.model(), trained, 2, data, likes, userMap, itemMap);
        }

        RefitCommand.StartingFactors inMemory() {
            return RefitCommand.startInMemory(run, run.model(), trained, data, likes, userMap, itemMap);
        }
    }

    StartInputs startInputs(Path snapshot, Path previous) {
        SparkSession spark = SparkTestSession.get();
        WrmfConfig config = WrmfConfig.load(
                null,
                Stream.concat(
                                common(snapshot, dir.resolve("refit")).stream(),
                                Stream.of("--set", "refit.from=" + previous))
                        .filter(arg -> !arg.equals("--set"))
                        .toList());
        PreparedData data =
                Preparation.run(spark, SettingsReader.prepare(config)).data();
        FinishedRun run = FinishedRun.open(spark, previous.toString(), "wrmf.refit.from");
        return new StartInputs(
                run,
                run.trainedParams(run.model().rank(), 2),
                data,
                IndexedLikes.ratings(data.all()).cache(),
                RefitCommand.matched(run.userIds(), data.indexed().users()),
                RefitCommand.matched(run.itemIds(), data.indexed().items()));
    }

    /** The packed rows are exactly the RDD's: the same indices have a vector, each the same to 1e-12. */
    static void assertPackedEquals(
            JavaPairRDD<Integer, double[]> expected, double[] packed, BitSet rows, int count, String side) {
        Map<Integer, double[]> vectors = expected.collectAsMap();
        assertEquals(vectors.size(), rows.cardinality(), side + "s with a vector");
        int rank = packed.length / count;
        for (var entry : vectors.entrySet()) {
            int row = entry.getKey();
            assertTrue(rows.get(row), side + " " + row + " has a vector");
            assertArrayEquals(
                    entry.getValue(),
                    Arrays.copyOfRange(packed, row * rank, (row + 1) * rank),
                    1e-12,
                    side + " " + row);
        }
    }

    /**
     * With refit.iterations = 0 the written model is the start with its users solved once more: the kept items
     * are written exactly as the previous run wrote them. Run distributed (the start as Spark jobs, the fit's
     * warm start from RDDs).
     */
    @Test
    void zeroIterationsKeepThePreviousItems() throws Exception {
        Path input = write("likes.csv", likes("u", 20, "m", 12, 5));
        Path previous = previousRun(input, 5);
        List<String[]> now = new ArrayList<>(likes("u", 20, "m", 12, 5));
        now.add(new String[] {"newcomer", "m1"});
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(args(
                "refit",
                common(write("snapshot.csv", now), out),
                "--set",
                "refit.from=" + previous,
                "--set",
                "refit.iterations=0",
                "--set",
                "als.execution=distributed")); // the other tests refit in memory: this one through Spark's jobs
        assertEquals(Main.OK, result.getKey(), result.getValue());
        Map<String, double[]> before = factors(previous, "items");
        Map<String, double[]> after = factors(out, "items");
        for (var entry : before.entrySet()) {
            assertArrayEquals(entry.getValue(), after.get(entry.getKey()), 0, entry.getKey());
        }
        RunManifest.Refit refit = manifest(out).refit();
        long users = now.stream().map(like -> like[0]).distinct().count() - 1;
        assertEquals(new RunManifest.Change(users, 1, 0), refit.users());
        assertEquals(List.of(), refit.iterationLosses());
        assertEquals(new RunManifest.LikeChanges(now.size(), (long) now.size() - 1, 1L, 0L), refit.likes());
    }

    /**
     * A snapshot that drops likes, a user and an item, and adds some: the like counts against the two sets of
     * pairs, and the drift against the written outputs by brute force (the previous run's recommendations,
     * this run's recommendations and factors as written).
     */
    @Test
    void changesAndDriftAgainstTheWrittenOutputs() throws Exception {
        List<String[]> before = likes("u", 24, "m", 14, 10);
        Path previous = previousRun(write("likes.csv", before), 6);
        List<String[]> now = new ArrayList<>();
        for (int l = 0; l < before.size(); l++) {
            String[] like = before.get(l);
            boolean vanished = like[0].equals("u3") || like[1].equals("m5");
            if (!vanished && l % 7 != 0) { // every 7th like removed
                now.add(like);
            }
        }
        now.add(new String[] {"newcomer", "m1"});
        now.add(new String[] {"newcomer", "m2"});
        now.add(new String[] {"u1", "fresh"});
        now.add(new String[] {"u2", "fresh"});
        Set<String> oldPairs = new HashSet<>();
        before.forEach(like -> oldPairs.add(like[0] + "|" + like[1]));
        Set<String> newPairs = new HashSet<>();
        now.forEach(like -> newPairs.add(like[0] + "|" + like[1]));
        long kept = newPairs.stream().filter(oldPairs::contains).count();
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(
                args("refit", common(write("snapshot.csv", now), out), "--set", "refit.from=" + previous));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        RunManifest.Refit refit = manifest(out).refit();
        assertEquals(
                new RunManifest.LikeChanges(
                        newPairs.size(), (long) oldPairs.size(), newPairs.size() - kept, oldPairs.size() - kept),
                refit.likes());
        assertTrue(oldPairs.size() - kept > 10, "removed: every 7th like and those of u3 and m5");
        for (int side = 0; side < 2; side++) {
            Set<String> was = ids(before, side);
            Set<String> is = ids(now, side);
            Set<String> both = new HashSet<>(was);
            both.retainAll(is);
            assertEquals(
                    new RunManifest.Change(both.size(), is.size() - both.size(), was.size() - both.size()),
                    side == 0 ? refit.users() : refit.items());
            assertTrue(was.size() > both.size() && is.size() > both.size(), "some dropped, some added");
        }

        // drift by hand: the previous top 5 of the users still here, against this run's top 5 and factors
        int k = 5;
        Map<String, double[]> users = factors(out, "users");
        Map<String, double[]> items = factors(out, "items");
        Set<String> recommendedNow = new HashSet<>();
        for (Row row : SparkTestSession.get()
                .read()
                .parquet(out.resolve("recommendations").toString())
                .collectAsList()) {
            recommendedNow.add(row.getAs("user") + "|" + row.getAs("item"));
        }
        Set<String> driftUsers = new HashSet<>();
        long hits = 0;
        List<Double> changes = new ArrayList<>();
        for (Row row : SparkTestSession.get()
                .read()
                .parquet(previous.resolve("recommendations").toString())
                .collectAsList()) {
            String user = row.getAs("user");
            String item = row.getAs("item");
            if (!users.containsKey(user)) {
                continue;
            }
            driftUsers.add(user);
            if (recommendedNow.contains(user + "|" + item)) {
                hits++;
            }
            if (items.containsKey(item)) {
                double dot = 0;
                for (int f = 0; f < 4; f++) {
                    dot += users.get(user)[f] * items.get(item)[f];
                }
                changes.add(dot - ((Number) row.getAs("score")).doubleValue());
            }
        }
        assertTrue(!driftUsers.contains("u3") && driftUsers.size() > 20, driftUsers.toString());
        RunManifest.Drift drift = refit.drift();
        assertEquals(driftUsers.size(), drift.users());
        assertEquals((double) hits / (k * driftUsers.size()), drift.overlap(), 1e-12);
        assertTrue(hits < k * driftUsers.size(), "something moved: " + hits);
        assertEquals(changes.size(), drift.scoreChange().count());
        assertEquals(
                changes.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                drift.scoreChange().min(),
                1e-12);
        assertEquals(
                changes.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                drift.scoreChange().max(),
                1e-12);
        assertEquals(
                changes.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                drift.scoreChange().mean(),
                1e-12);
    }

    @Test
    void refitFromMustNameAFinishedRun() throws Exception {
        Path input = write("likes.csv", likes("u", 10, "m", 6, 6));
        Path out = dir.resolve("refit");
        var missing = runCapturingErrors(args("refit", common(input, out)));
        assertEquals(Main.USAGE, missing.getKey());
        assertTrue(missing.getValue().contains("wrmf.refit.from"), missing.getValue());
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        var notARun = runCapturingErrors(args("refit", common(input, out), "--set", "refit.from=" + empty));
        assertEquals(Main.USAGE, notARun.getKey());
        assertTrue(notARun.getValue().contains("wrmf.refit.from"), notARun.getValue());
        assertTrue(notARun.getValue().contains("no finished run"), notARun.getValue());
        assertTrue(!Files.exists(out.resolve("manifest.json")));
    }

    /**
     * Delta mode with a time column in the new likes: the previous run's likes, which prepared/ keeps without
     * times, join them as older than any. It failed on their null time (ROW_VALUE_IS_NULL) before.
     */
    @Test
    void deltaModeWithTimesTakesThePreviousLikesAsOlder() throws Exception {
        List<String[]> before = likes("u", 20, "m", 10, 7);
        Path previous = previousRun(write("likes.csv", before), 5);
        List<String[]> delta = new ArrayList<>();
        delta.add(new String[] {"u1", "m9", "1700000000"});
        delta.add(new String[] {"fresh", "m2", "1700000100"});
        delta.add(new String[] {before.get(0)[0], before.get(0)[1], "1700000200"});
        Path out = dir.resolve("refit-timed");
        var result = OutputCommandsTest.run(args(
                "refit",
                common(write("delta-timed.csv", delta), out),
                "--set",
                "input.columns.timestamp=2",
                "--set",
                "refit.from=" + previous,
                "--set",
                "refit.mode=delta"));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        Set<String> pairs = new HashSet<>();
        before.forEach(like -> pairs.add(like[0] + "|" + like[1]));
        delta.forEach(like -> pairs.add(like[0] + "|" + like[1]));
        assertEquals(
                pairs.size(),
                SparkTestSession.get()
                        .read()
                        .parquet(out.resolve("prepared/train").toString())
                        .count());
    }

    /**
     * Delta mode: the input holds only the new likes; the refit trains on them and the previous run's. A
     * previous run without its prepared likes cannot be added to: exit 2 naming refit.mode.
     */
    @Test
    void deltaModeAddsTheNewLikesToThePreviousOnes() throws Exception {
        List<String[]> before = likes("u", 20, "m", 10, 7);
        Path previous = previousRun(write("likes.csv", before), 5);
        List<String[]> delta = new ArrayList<>();
        delta.add(new String[] {"u1", "m9"});
        delta.add(new String[] {"fresh", "m2"});
        delta.add(new String[] {"fresh", "brand-new"});
        delta.add(before.get(0)); // already there: a duplicate, not an added like
        Set<String> pairs = new HashSet<>();
        before.forEach(like -> pairs.add(like[0] + "|" + like[1]));
        long added = delta.stream()
                .filter(like -> pairs.add(like[0] + "|" + like[1]))
                .count();
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(args(
                "refit",
                common(write("delta.csv", delta), out),
                "--set",
                "refit.from=" + previous,
                "--set",
                "refit.mode=delta"));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        RunManifest manifest = manifest(out);
        RunManifest.Refit refit = manifest.refit();
        assertEquals("delta", refit.mode());
        assertEquals(new RunManifest.LikeChanges(pairs.size(), (long) before.size(), added, 0L), refit.likes());
        long users = before.stream().map(like -> like[0]).distinct().count();
        assertEquals(new RunManifest.Change(users, 1, 0), refit.users());
        assertEquals(1, refit.items().added());
        assertTrue(factors(out, "users").containsKey("fresh"));
        assertTrue(factors(out, "items").containsKey("brand-new"));
        long prepared = SparkTestSession.get()
                .read()
                .parquet(out.resolve("prepared/train").toString())
                .count();
        assertEquals(pairs.size(), prepared);

        // a previous run without prepared/ cannot take a delta
        org.apache.commons.io.FileUtils.deleteDirectory(
                previous.resolve("prepared").toFile());
        var refused = runCapturingErrors(args(
                "refit",
                common(write("delta.csv", delta), dir.resolve("refit-2")),
                "--set",
                "refit.from=" + previous,
                "--set",
                "refit.mode=delta"));
        assertEquals(Main.USAGE, refused.getKey());
        assertTrue(refused.getValue().contains("wrmf.refit.mode"), refused.getValue());
        assertTrue(refused.getValue().contains("prepared"), refused.getValue());
    }

    @Test
    void setAlsKeysOverrideThePreviousObjective() throws Exception {
        Path input = write("likes.csv", likes("u", 12, "m", 8, 8));
        Path previous = previousRun(input, 3);
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(args(
                "refit",
                common(input, out),
                "--set",
                "refit.from=" + previous,
                "--set",
                "als.alpha=2",
                "--set",
                "refit.iterations=1"));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        RunManifest manifest = manifest(out);
        assertEquals(2.0, manifest.finalModel().alpha());
        assertEquals(LAMBDA, manifest.finalModel().regularization(), "not set: the previous run's, not the default");
        assertEquals(List.of("wrmf.als.alpha"), manifest.refit().overriddenKeys());
        var wrongRank = runCapturingErrors(args(
                "refit",
                common(input, dir.resolve("refit-2")),
                "--set",
                "refit.from=" + previous,
                "--set",
                "als.factors=7"));
        assertEquals(Main.USAGE, wrongRank.getKey());
        assertTrue(wrongRank.getValue().contains("wrmf.als.factors"), wrongRank.getValue());
    }

    /**
     * refit.compare-full with the holdout on: the fit from scratch runs the previous run's iterations, and
     * both fits are scored on the held-out likes by every metric.
     */
    @Test
    void compareFullReportsBothFits() throws Exception {
        Path input = write("likes.csv", likes("u", 24, "m", 12, 9));
        Path previous = previousRun(input, 4);
        Path out = dir.resolve("refit");
        var result = OutputCommandsTest.run(args(
                "refit",
                common(input, out),
                "--set",
                "refit.from=" + previous,
                "--set",
                "refit.compare-full=true",
                "--set",
                "holdout.enabled=true",
                "--set",
                "holdout.per-user=1",
                "--set",
                "holdout.user-fraction=0.5"));
        assertEquals(Main.OK, result.getKey(), result.getValue());
        RunManifest.Comparison full = manifest(out).refit().full();
        assertNotNull(full);
        assertEquals(4, full.iterations());
        assertTrue(full.fullLoss() > 0 && full.refitLoss() > 0 && full.fullSeconds() > 0, full.toString());
        assertEquals(
                Set.copyOf(org.wrmf.eval.Metrics.NAMES), full.refitQuality().keySet());
        assertEquals(full.refitQuality().keySet(), full.fullQuality().keySet());
        double ndcg = full.fullQuality().get("ndcg");
        assertTrue(ndcg > 0 && ndcg <= 1, full.fullQuality().toString());
        assertNotNull(full.drift());
        assertTrue(Files.readString(out.resolve("report/index.md")).contains("from scratch"));
    }

    /** The users (side 0) or items (side 1) of some likes. */
    static Set<String> ids(List<String[]> likes, int side) {
        Set<String> ids = new HashSet<>();
        likes.forEach(like -> ids.add(like[side]));
        return ids;
    }

    static Map.Entry<Integer, String> runCapturingErrors(String... args) {
        SparkTestSession.get();
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return Map.entry(Main.run(args), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    static Map<String, double[]> byId(JavaPairRDD<Integer, double[]> vectors, org.apache.spark.sql.Dataset<Row> ids) {
        Map<Integer, String> names = new HashMap<>();
        for (Row row : ids.select("id", "idx").collectAsList()) {
            names.put(row.getInt(1), row.getString(0));
        }
        Map<String, double[]> out = new HashMap<>();
        vectors.collectAsMap().forEach((index, vector) -> out.put(names.get(index), vector));
        return out;
    }

    static void addOuter(double[][] a, double[] x, double weight) {
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < x.length; c++) {
                a[r][c] += weight * x[r] * x[c];
            }
        }
    }

    static void assertArrayEquals(double[] expected, double[] actual, double tolerance, String what) {
        assertNotNull(actual, what + ": missing");
        for (int f = 0; f < expected.length; f++) {
            assertEquals(expected[f], actual[f], tolerance, what + " factor " + f);
        }
    }
}
