package org.wrmf.tuning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.wrmf.als.AlsParams;
import org.wrmf.als.Loss;
import org.wrmf.als.Rating;
import org.wrmf.eval.Metrics;
import org.wrmf.io.SafeOutput;

/**
 * Finished grid points on disk, so a rerun after a crash, a kill or a finished run reuses them:
 * {@code <output>/grid/points/<key>/<point>.tsv}, one file per point holding its whole curve. The key
 * hashes everything a curve depends on: the train and test likes (an order-free fingerprint), the
 * index sizes, the checkpoints, k, the evaluated users and every training setting but the searched
 * ones (factors, lambda, alpha, lambda's scaling and exponent: those make the point's file name,
 * {@link GridPoint#key()}); so a changed input or setting never reuses a stale point, while a grid that merely
 * gains or loses values reuses the points it shares. A point is written through {@link SafeOutput},
 * so a kill leaves either a whole point or none. Doubles are written with Double.toString,
 * which reads back to the identical value: a resumed run ends with exactly the same curves.
 */
final class GridStore {
    private static final String SUFFIX = ".tsv";
    private final FileSystem fs;
    private final SafeOutput output;
    private final Path directory;

    private GridStore(FileSystem fs, SafeOutput output, Path directory) {
        this.fs = fs;
        this.output = output;
        this.directory = directory;
    }

    static GridStore open(String output, Configuration hadoop, String key) {
        Path directory = new Path(new Path(new Path(output, "grid"), "points"), key);
        try {
            return new GridStore(directory.getFileSystem(hadoop), new SafeOutput(hadoop, true), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the grid store " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    /** The key of a grid run with the notebook's protocol. */
    static String key(JavaRDD<Rating> train, JavaRDD<Rating> test, int numUsers, int numItems, GridSettings settings) {
        return key(train, test, null, numUsers, numItems, settings);
    }

    /**
     * The key of a grid run: a hash of the data (with the held-out users' fold-in likes, when they are
     * folded in) and of every setting a curve depends on. Format 2: recall divides by min(k, |test|).
     */
    static String key(
            JavaRDD<Rating> train,
            JavaRDD<Rating> test,
            JavaRDD<Rating> foldIn,
            int numUsers,
            int numItems,
            GridSettings settings) {
        AlsParams base = settings.base();
        String canonical = String.join(
                ";",
                "train=" + fingerprint(train),
                "test=" + fingerprint(test),
                "foldIn=" + (foldIn == null ? "none" : fingerprint(foldIn)),
                "users=" + numUsers,
                "items=" + numItems,
                "epochs=" + java.util.Arrays.toString(settings.epochs()),
                "k=" + settings.k(),
                "evaluated=" + settings.evaluatedUsers(),
                // the confidence form with its own parameters; the grid's alpha is part of each point
                "confidence=" + base.objective().confidence().withAlpha(0),
                "solver=" + base.solver().method(),
                "cgSteps=" + base.solver().cgSteps(),
                "block=" + base.solver().blockSize() + "x" + base.solver().blockSweeps(),
                "finalSolve=" + base.solver().finalSolve(),
                "blocks=" + base.solver().blocks(),
                "seed=" + base.solver().seed(),
                "format=3");
        // format 2: recall over min(k, |test|), points score the consistent model (users solved against the
        // final items) and keep the loss; format 3: the confidence form names only its own parameters
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Count and order-free sum of a 64-bit mix of every (user, item, weight). */
    private static String fingerprint(JavaRDD<Rating> ratings) {
        long[] sums = ratings.map(
                        r -> mix(((long) r.user() << 32) ^ r.item() ^ ((long) Float.floatToIntBits(r.weight()) << 17)))
                .aggregate(
                        new long[2],
                        (acc, h) -> {
                            acc[0]++;
                            acc[1] += h;
                            return acc;
                        },
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return sums[0] + ":" + Long.toHexString(sums[1]);
    }

    /** SplitMix64's finaliser: neighbouring inputs get unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    Optional<List<CurveRow>> read(GridPoint point) {
        Path file = new Path(directory, point.key() + SUFFIX);
        try {
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            List<CurveRow> rows = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                in.readLine(); // header
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    rows.add(parse(point, line.split("\t")));
                }
            }
            return Optional.of(rows);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "unreadable finished grid point " + file + " (delete it, or run with wrmf.grid.resume=false)", e);
        }
    }

    void write(GridPoint point, List<CurveRow> rows) {
        StringBuilder text = new StringBuilder("epoch\tk\tusers\t" + String.join("\t", Metrics.NAMES)
                + "\ttrain_seconds\teval_seconds\tloss_observed\tloss_unobserved\tloss_regularization\n");
        for (CurveRow row : rows) {
            Metrics m = row.metrics();
            text.append(row.epoch()).append('\t').append(m.k()).append('\t').append(m.users());
            for (String name : Metrics.NAMES) {
                text.append('\t').append(m.value(name));
            }
            text.append('\t').append(row.trainSeconds()).append('\t').append(row.evalSeconds());
            text.append('\t')
                    .append(row.loss().observed())
                    .append('\t')
                    .append(row.loss().unobserved())
                    .append('\t')
                    .append(row.loss().regularization())
                    .append('\n');
        }
        output.writeFile(
                new Path(directory, point.key() + SUFFIX).toString(),
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets every finished point of this key (resume=false). */
    void clear() {
        try {
            fs.delete(directory, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + directory, e);
        }
    }

    private static CurveRow parse(GridPoint point, String[] cells) {
        int n = Metrics.NAMES.size();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.parseDouble(cells[3 + i]);
        }
        Metrics metrics = new Metrics(Integer.parseInt(cells[1]), Long.parseLong(cells[2]), v);
        Loss loss = new Loss(
                Double.parseDouble(cells[5 + n]), Double.parseDouble(cells[6 + n]), Double.parseDouble(cells[7 + n]));
        return new CurveRow(
                point,
                Integer.parseInt(cells[0]),
                metrics,
                Double.parseDouble(cells[3 + n]),
                Double.parseDouble(cells[4 + n]),
                loss);
    }
}
