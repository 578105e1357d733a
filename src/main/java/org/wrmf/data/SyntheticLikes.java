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
 *
 * <p>Over {@code days} > 1 the likes have times (a fourth column, {@value #TIME_COLUMN}, epoch seconds;
 * day 1 starts at {@value #START}, 2024-01-01T00:00Z) and arrive day by day: half the users and half the
 * models exist on day 1 (the history), the others each arrive on a day drawn uniformly among days 2..N; a
 * user's likes fall on days drawn uniformly from its arrival to day N, at a second drawn within the day,
 * and only models already released that day can be liked. Popularity drifts: a drawn model is kept with
 * probability 0.5^(age / 3 days), at least 0.2, so new models gather likes fast and old ones fade.
 * Written as {@code <path>/day=D/} (every like up to the end of day D: a cumulative snapshot) and
 * {@code <path>/delta/day=D/} (the likes of day D alone), each a folder of PSV part files with the header
 * {@value #TIMED_HEADER}. With one day the output is the notebook's layout, as before days existed: no
 * time column, part files directly under the path.
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
    /** The column of the likes' times when the likes span days. */
    public static final String TIME_COLUMN = "time";

    public static final String TIMED_HEADER = HEADER + "|" + TIME_COLUMN;
    /** The first second of day 1: 2024-01-01T00:00:00Z. */
    public static final long START = 1_704_067_200L;

    public static final long DAY = 86_400L;
    /** Share of users and models present on day 1, the rest arriving on the days after. */
    private static final double FIRST_DAY_SHARE = 0.5;
    /** A model's appeal halves every HALF_LIFE_DAYS days after its release ... */
    private static final double HALF_LIFE_DAYS = 3;
    /** ... down to this share of a new model's. */
    private static final double OLD_MODEL_ACCEPTANCE = 0.2;

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
            double scale, long seed, int users, int items, int tastes, double popularityShare, int partitions, int days)
            implements java.io.Serializable {

        /** Likes of one day (today's data). */
        public SyntheticLikesSettings(
                double scale, long seed, int users, int items, int tastes, double popularityShare, int partitions) {
            this(scale, seed, users, items, tastes, popularityShare, partitions, 1);
        }

        public int scaledUsers() {
            return (int) Math.max(1, Math.round(users * scale));
        }

        public int scaledItems() {
            return (int) Math.max(1, Math.round(items * scale));
        }
    }

    private SyntheticLikes() {}

    /**
     * Writes the likes as PSV part files (each with the header) in the folder at path, replacing it; over
     * several days, each day's snapshot and delta in their folders under it.
     */
    public static void write(SparkSession spark, SyntheticLikesSettings settings, String path) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (settings.days() <= 1) {
            write(spark, lines(jsc, settings), path);
            return;
        }
        for (int day = 1; day <= settings.days(); day++) {
            write(spark, lines(jsc, settings, 1, day), snapshot(path, day));
            write(spark, lines(jsc, settings, day, day), path + "/delta/day=" + day);
        }
    }

    private static void write(SparkSession spark, JavaRDD<String> lines, String path) {
        spark.createDataset(lines.rdd(), Encoders.STRING())
                .write()
                .mode(SaveMode.Overwrite)
                .text(path);
    }

    /** The folder of every like up to the end of the day (its cumulative snapshot). */
    public static String snapshot(String path, int day) {
        return path + "/day=" + day;
    }

    /** Where the job reads generated likes: the path, or over several days the last day's snapshot. */
    public static String likesPath(SyntheticLikesSettings settings, String path) {
        return settings.days() <= 1 ? path : snapshot(path, settings.days());
    }

    /**
     * The PSV lines: each partition starts with the header, as each file of the notebook's layout does. Lines
     * are made a user at a time as they are written: a partition of the 100x data holds 16M of them.
     */
    public static JavaRDD<String> lines(JavaSparkContext jsc, SyntheticLikesSettings settings) {
        return lines(jsc, settings, 1, 1);
    }

    /** The lines of the likes of days fromDay..toDay (with their times when the likes span days). */
    static JavaRDD<String> lines(JavaSparkContext jsc, SyntheticLikesSettings settings, int fromDay, int toDay) {
        int partitions = settings.partitions();
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return jsc.parallelize(ids, partitions).flatMap(p -> {
            Catalogue catalogue = new Catalogue(settings);
            int users = settings.scaledUsers();
            int from = (int) ((long) users * p / partitions);
            int to = (int) ((long) users * (p + 1) / partitions);
            return new Iterator<String>() {
                private final List<String> lines =
                        new ArrayList<>(List.of(settings.days() > 1 ? TIMED_HEADER : HEADER));
                private int at;
                private int user = from;

                @Override
                public boolean hasNext() {
                    while (at == lines.size() && user < to) {
                        lines.clear();
                        at = 0;
                        catalogue.likesOf(user++, lines, fromDay, toDay);
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
        /** Each model's release day (1 when the likes span one day). */
        private final int[] releaseDay;

        Catalogue(SyntheticLikesSettings settings) {
            this.settings = settings;
            this.items = settings.scaledItems();
            this.itemIds = new String[items];
            this.names = new String[items];
            int tastes = settings.tastes();
            int[] tasteOf = new int[items];
            int[] tasteSize = new int[tastes];
            double[] popularity = new double[items];
            releaseDay = new int[items];
            for (int item = 0; item < items; item++) {
                releaseDay[item] = arrivalDay(random(settings.seed(), 'r', item), settings.days());
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

        /** The user's likes of days fromDay..toDay (every like when the likes span one day). */
        void likesOf(int user, List<String> out, int fromDay, int toDay) {
            SplittableRandom random = random(settings.seed(), 'u', user);
            int days = settings.days();
            // times come from their own generator, so one day's likes are drawn as they always were
            SplittableRandom clock = random(settings.seed(), 't', user);
            int arrival = arrivalDay(clock, days);
            String userId = hexId(random);
            int wanted = (int) Math.min(
                    Math.min(MAX_LIKES_PER_USER, items / 2 + 1),
                    Math.max(1, Math.floor(Math.exp(ACTIVITY_MU + ACTIVITY_SIGMA * gaussian(random)))));
            int tastes = settings.tastes();
            int main = random.nextInt(tastes);
            int second = random.nextInt(tastes);
            Set<Integer> liked = new HashSet<>();
            int attempts = days > 1 ? wanted * 16 : wanted * 4;
            for (int attempt = 0; liked.size() < wanted && attempt < attempts; attempt++) {
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
                if (days == 1) {
                    if (liked.add(item)) {
                        String line = names[item] + '|' + itemIds[item] + '|' + userId;
                        out.add(line);
                        if (random.nextDouble() < DUPLICATE_RATE) {
                            out.add(line);
                        }
                    }
                    continue;
                }
                int day = arrival + clock.nextInt(days - arrival + 1);
                int age = day - releaseDay[item];
                if (age < 0
                        || clock.nextDouble() >= Math.max(OLD_MODEL_ACCEPTANCE, Math.pow(0.5, age / HALF_LIFE_DAYS))
                        || liked.contains(item)) {
                    continue;
                }
                liked.add(item);
                long time = START + (day - 1) * DAY + clock.nextLong(DAY);
                boolean duplicate = random.nextDouble() < DUPLICATE_RATE;
                if (day >= fromDay && day <= toDay) {
                    String line = names[item] + '|' + itemIds[item] + '|' + userId + '|' + time;
                    out.add(line);
                    if (duplicate) {
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

    /** Day 1 for FIRST_DAY_SHARE of the users or models, else a day drawn uniformly among 2..days. */
    private static int arrivalDay(SplittableRandom random, int days) {
        if (days <= 1 || random.nextDouble() < FIRST_DAY_SHARE) {
            return 1;
        }
        return 2 + random.nextInt(days - 1);
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
