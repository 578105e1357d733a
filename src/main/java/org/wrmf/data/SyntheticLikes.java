package org.wrmf.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Generates Sketchfab-shaped likes in the notebook's PSV layout ({@code modelname|mid|uid}, header line,
 * backslash-quoted names). The shape follows the notebook's data: 62.6k users, 28.8k models, about 10
 * likes per user, most users liking a handful of models and a few liking hundreds (log-normal
 * activity), model popularity falling as a power law, and a few exact duplicate rows. Each model
 * belongs to one of a few "tastes"; each user likes mostly within one or two tastes, so there is
 * low-rank structure for a model to find, beyond popularity.
 *
 * <p>Every user's likes come from a generator seeded by (seed, user), so the output is the same for a
 * seed whatever the partitioning, and scale multiplies users, models and likes alike.
 */
public final class SyntheticLikes {
    /** Log-normal activity: median about 1.2 likes, a quarter of the users with 5 or more, mean about 10. */
    private static final double ACTIVITY_MU = 0.15;

    private static final double ACTIVITY_SIGMA = 2.1;
    private static final int MAX_LIKES_PER_USER = 2000;
    /** The notebook's 155 duplicated rows among 632k. */
    private static final double DUPLICATE_RATE = 155.0 / 632_000;
    /** Popularity of the model of popularity rank r is proportional to 1 / (r + OFFSET)^EXPONENT. */
    private static final double POPULARITY_EXPONENT = 0.85;

    private static final double POPULARITY_OFFSET = 20;
    /** Share of names that hold the delimiter, so the reader's quoting is exercised. */
    private static final double NAME_WITH_PIPE_RATE = 0.01;

    public static final String HEADER = "modelname|mid|uid";

    private static final String[] ADJECTIVES = {
        "Low Poly",
        "Sci-Fi",
        "Medieval",
        "Cute",
        "Rusty",
        "Ancient",
        "Stylized",
        "Realistic",
        "Tiny",
        "Haunted",
        "Golden",
        "Broken",
        "Futuristic",
        "Wooden",
        "Voxel"
    };
    private static final String[] NOUNS = {
        "Sword",
        "Robot",
        "House",
        "Dragon",
        "Car",
        "Tree",
        "Chair",
        "Helmet",
        "Spaceship",
        "Character",
        "Castle",
        "Skull",
        "Fox",
        "Lamp",
        "Temple",
        "Tank",
        "Shoe",
        "Island"
    };

    /** What to generate. */
    public record SyntheticLikesSettings(
            double scale, long seed, int users, int items, int tastes, double popularityShare, int partitions)
            implements java.io.Serializable {
        public int scaledUsers() {
            return (int) Math.max(1, Math.round(users * scale));
        }

        public int scaledItems() {
            return (int) Math.max(1, Math.round(items * scale));
        }
    }

    private SyntheticLikes() {}

    /** Writes the likes as PSV part files (each with the header) in the folder at path, replacing it. */
    public static void write(SparkSession spark, SyntheticLikesSettings settings, String path) {
        JavaRDD<String> lines = lines(JavaSparkContext.fromSparkContext(spark.sparkContext()), settings);
        spark.createDataset(lines.rdd(), Encoders.STRING())
                .write()
                .mode(SaveMode.Overwrite)
                .text(path);
    }

    /**
     * The PSV lines: each partition starts with the header, as each file of the notebook's layout does. Lines
     * are made a user at a time as they are written: a partition of the 100x data holds 16M of them.
     */
    public static JavaRDD<String> lines(JavaSparkContext jsc, SyntheticLikesSettings settings) {
        int partitions = settings.partitions();
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return jsc.parallelize(ids, partitions).flatMap(p -> {
            Catalogue catalogue = new Catalogue(settings);
            int users = settings.scaledUsers();
            int from = (int) ((long) users * p / partitions);
            int to = (int) ((long) users * (p + 1) / partitions);
            return new Iterator<String>() {
                private final List<String> lines = new ArrayList<>(List.of(HEADER));
                private int at;
                private int user = from;

                @Override
                public boolean hasNext() {
                    while (at == lines.size() && user < to) {
                        lines.clear();
                        at = 0;
                        catalogue.likesOf(user++, lines);
                    }
                    return at < lines.size();
                }

                @Override
                public String next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return lines.get(at++);
                }
            };
        });
    }

    /** The models (ids, names, tastes, popularity) and the per-user sampling of likes. */
    private static final class Catalogue {
        private final SyntheticLikesSettings settings;
        private final int items;
        private final String[] itemIds;
        private final String[] names;
        /** Models of each taste, and the cumulative popularity within the taste. */
        private final int[][] tasteItems;

        private final double[][] tasteCumulative;
        private final double[] globalCumulative;

        Catalogue(SyntheticLikesSettings settings) {
            this.settings = settings;
            this.items = settings.scaledItems();
            this.itemIds = new String[items];
            this.names = new String[items];
            int tastes = settings.tastes();
            int[] tasteOf = new int[items];
            int[] tasteSize = new int[tastes];
            double[] popularity = new double[items];
            for (int item = 0; item < items; item++) {
                SplittableRandom random = random(settings.seed(), 'i', item);
                itemIds[item] = hexId(random);
                names[item] = name(random);
                tasteOf[item] = random.nextInt(tastes);
                tasteSize[tasteOf[item]]++;
                // the item index is the popularity rank: item 0 is the most liked
                popularity[item] = 1.0 / Math.pow(item + POPULARITY_OFFSET, POPULARITY_EXPONENT);
            }
            tasteItems = new int[tastes][];
            tasteCumulative = new double[tastes][];
            for (int t = 0; t < tastes; t++) {
                tasteItems[t] = new int[tasteSize[t]];
                tasteCumulative[t] = new double[tasteSize[t]];
            }
            int[] filled = new int[tastes];
            for (int item = 0; item < items; item++) {
                int t = tasteOf[item];
                int at = filled[t]++;
                tasteItems[t][at] = item;
                tasteCumulative[t][at] = (at == 0 ? 0 : tasteCumulative[t][at - 1]) + popularity[item];
            }
            globalCumulative = new double[items];
            for (int item = 0; item < items; item++) {
                globalCumulative[item] = (item == 0 ? 0 : globalCumulative[item - 1]) + popularity[item];
            }
        }

        void likesOf(int user, List<String> out) {
            SplittableRandom random = random(settings.seed(), 'u', user);
            String userId = hexId(random);
            int wanted = (int) Math.min(
                    Math.min(MAX_LIKES_PER_USER, items / 2 + 1),
                    Math.max(1, Math.floor(Math.exp(ACTIVITY_MU + ACTIVITY_SIGMA * gaussian(random)))));
            int tastes = settings.tastes();
            int main = random.nextInt(tastes);
            int second = random.nextInt(tastes);
            Set<Integer> liked = new HashSet<>();
            for (int attempt = 0; liked.size() < wanted && attempt < wanted * 4; attempt++) {
                int item;
                double u = random.nextDouble();
                if (u < settings.popularityShare()) {
                    item = draw(globalCumulative, random.nextDouble(), null);
                } else {
                    int taste =
                            u < settings.popularityShare() + (1 - settings.popularityShare()) * 0.75 ? main : second;
                    if (tasteItems[taste].length == 0) {
                        continue;
                    }
                    item = draw(tasteCumulative[taste], random.nextDouble(), tasteItems[taste]);
                }
                if (liked.add(item)) {
                    String line = names[item] + '|' + itemIds[item] + '|' + userId;
                    out.add(line);
                    if (random.nextDouble() < DUPLICATE_RATE) {
                        out.add(line);
                    }
                }
            }
        }

        private static int draw(double[] cumulative, double u, int[] members) {
            double target = u * cumulative[cumulative.length - 1];
            int at = java.util.Arrays.binarySearch(cumulative, target);
            at = at >= 0 ? at : -at - 1;
            at = Math.min(at, cumulative.length - 1);
            return members == null ? at : members[at];
        }
    }

    private static SplittableRandom random(long seed, char side, long id) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + side * 0xBF58476D1CE4E5B9L + id);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static String hexId(SplittableRandom random) {
        return String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
    }

    private static String name(SplittableRandom random) {
        String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NOUNS[random.nextInt(NOUNS.length)]
                + (random.nextInt(3) == 0 ? " " + (1 + random.nextInt(99)) : "");
        if (random.nextDouble() < NAME_WITH_PIPE_RATE) {
            return "\\" + name + " | remix\\";
        }
        return name;
    }
}
