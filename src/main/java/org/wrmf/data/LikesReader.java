package org.wrmf.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.util.LineReader;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;
import scala.Tuple2;

/**
 * Reads likes from PSV, CSV, TSV or Parquet, setting aside every malformed row with its reason, then
 * drops duplicated (user, item) pairs (sums their weights when the input has weights), in one pass over
 * the input that also groups the likes by user, users sorted (see {@link LoadedLikes}).
 * Every row read is counted once: kept (the first row of a pair), duplicate or rejected. A pair whose
 * summed weight overflows is rejected whole: each of its rows becomes a rejected row (reason
 * {@value #OVERFLOW}), none counts as kept or duplicate.
 *
 * <p>Delimited files are read line by line through Hadoop's TextInputFormat, whose key is the byte
 * offset of the line in its file: the line at offset 0 is the header when there is one, in every file of
 * a folder, without collecting anything to the driver. Lines are parsed by {@link LineParser}, not by
 * Spark's CSV reader, so that an unterminated quote costs one line, never the lines after it. Lines are
 * decoded strictly in the input's encoding: a line holding bytes invalid in it is rejected (the bytes
 * shown as \xNN), never decoded with replacement characters that could alter or merge ids.
 */
public final class LikesReader {
    private static final Logger LOG = LoggerFactory.getLogger(LikesReader.class);

    /** The likes as a table: string ids, summed weight, the smallest name. */
    static final StructType TABLE = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("weight", DataTypes.DoubleType, false)
            .add("name", DataTypes.StringType, true);

    /** The rejected rows' table: where each row is (file, byte offset of its line), its text and why. */
    static final StructType REJECTED = new StructType()
            .add("source", DataTypes.StringType, true)
            .add("offset", DataTypes.LongType, true)
            .add("line", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true);

    /** Sampled rows per shuffle partition, to split the ranges of ids evenly. */
    private static final int SAMPLE_PER_PARTITION = 100;
    /** Input read into one partition of the shuffles: about 2M likes of the notebook's layout. */
    private static final long BYTES_PER_PARTITION = 128L << 20;

    private LikesReader() {}

    /**
     * The reason of every row of a (user, item) pair whose summed weight is past the largest float, the
     * engine's type for weights.
     */
    static final String OVERFLOW = "summed weight overflows";

    /** Reads likes as a table of string ids (cached), without numbering them. */
    public static LikesTable readTable(SparkSession spark, InputSettings input) {
        return readTable(spark, input, false);
    }

    /**
     * The same; with {@code emptyAllowed}, an input without a data row (a header alone, an empty Parquet
     * file) is an empty table rather than an error: a list of exclusions may well be empty some days.
     */
    public static LikesTable readTable(SparkSession spark, InputSettings input, boolean emptyAllowed) {
        LoadedLikes loaded = read(spark, input, null, emptyAllowed);
        JavaRDD<Row> rows = loaded.byUser().flatMap(block -> block.rows().iterator());
        Dataset<Row> likes = spark.createDataFrame(rows, TABLE).persist(StorageLevel.MEMORY_AND_DISK());
        likes.count();
        loaded.byUser().unpersist(false);
        loaded.userIds().unpersist(false);
        return new LikesTable(
                likes,
                loaded.rejected(),
                loaded.rowsRead(),
                loaded.rowsRejected(),
                loaded.duplicates(),
                loaded.likeCount());
    }

    static LoadedLikes read(SparkSession spark, InputSettings input) {
        return read(spark, input, null, false);
    }

    /**
     * Reads the input with {@code earlier} likes added as if they were rows of it (a refit's delta: the
     * previous run's likes and the new ones, deduplicated together), or the input alone when null.
     *
     * @param earlier columns user, item (string), weight (double), name (string, may be null); they carry no
     *                time, so with a time column they take {@link Timestamps#BEFORE_ANY} (a pair also in
     *                the input keeps the input's time, the latest)
     */
    static LoadedLikes read(SparkSession spark, InputSettings input, Dataset<Row> earlier) {
        return read(spark, input, earlier, false);
    }

    private static LoadedLikes read(
            SparkSession spark, InputSettings input, Dataset<Row> earlier, boolean emptyAllowed) {
        List<Path> files = inputFiles(spark, input.path());
        JavaRDD<Row> parsed = parse(spark, input, files, false);
        if (earlier != null) {
            // prepared/ keeps no times: with a time column, the earlier likes count as older than any new one
            Long earlierTime = input.timed() ? Timestamps.BEFORE_ANY : null;
            parsed = parsed.union(earlier.select("user", "item", "weight", "name")
                    .javaRDD()
                    .map(row -> RowFactory.create(
                            true,
                            row.getString(0),
                            row.getString(1),
                            row.getDouble(2),
                            row.getString(3),
                            null,
                            null,
                            null,
                            null,
                            false,
                            earlierTime)));
        }
        int partitions = partitions(spark, files);
        boolean weighted = input.weightColumn() != null;
        boolean timed = input.timed();
        int perSplit = (int) Math.ceil((double) SAMPLE_PER_PARTITION * partitions / parsed.getNumPartitions());
        List<String> userSample = new ArrayList<>();
        List<String> itemSample = new ArrayList<>();
        for (String[] pair :
                parsed.mapPartitions(rows -> sample(rows, perSplit)).collect()) {
            userSample.add(pair[0]);
            itemSample.add(pair[1]);
        }
        // One pass over the input: each split sends its rows, deduplicated and sorted by (user, item), to
        // their range of users, which merges them: duplicates meet, and the users come sorted to be numbered.
        IdRanges userRanges = IdRanges.fromSample(userSample, partitions);
        JavaRDD<UserLikes> byUser = parsed.mapPartitionsToPair(rows -> UserChunk.of(rows, userRanges, weighted, timed))
                .partitionBy(new HashPartitioner(userRanges.count())) // an Integer key is its own hash
                .mapPartitions(
                        chunks -> List.of(UserLikes.of(chunks, weighted, timed)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());

        JavaRDD<UserIds> userIds = byUser.map(UserIds::new).persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> counts = userIds.map(
                        block -> new long[] {block.ids.length, block.likes, block.rows, block.rejected, block.trimmed})
                .collect();
        int[] userFirst = new int[counts.size() + 1];
        long distinct = 0;
        long valid = 0;
        long rejectedCount = 0;
        long trimmed = 0;
        for (int p = 0; p < counts.size(); p++) {
            userFirst[p + 1] = Math.toIntExact(userFirst[p] + counts.get(p)[0]);
            distinct += counts.get(p)[1];
            valid += counts.get(p)[2];
            rejectedCount += counts.get(p)[3];
            trimmed += counts.get(p)[4];
        }
        long read = valid + rejectedCount;
        if (read == 0 && !emptyAllowed) {
            throw ConfigError.of(Setting.INPUT_PATH, "no likes in " + input.path() + " (the input is empty)");
        }
        Dataset<Row> rejected = rejectedCount == 0
                ? spark.createDataFrame(List.of(), REJECTED)
                : rejected(spark, input, files, overflowing(byUser));
        if (distinct == 0 && read > 0) {
            Row first = rejected.first();
            throw ConfigError.of(
                    Setting.INPUT_PATH,
                    "no valid like among the " + read + " rows of " + input.path() + "; the first was rejected for: "
                            + first.getString(3));
        }
        LOG.info(
                "input: {} rows read, {} kept, {} duplicates, {} rejected",
                read,
                distinct,
                valid - distinct,
                rejectedCount);
        if (trimmed > 0) {
            LOG.warn(
                    "input: {} rows had spaces around an unquoted id, dropped: such ids are merged with the same id"
                            + " written without them",
                    trimmed);
        }
        return new LoadedLikes(
                byUser,
                userIds,
                userFirst,
                IdRanges.fromSample(itemSample, partitions),
                rejected,
                read,
                rejectedCount,
                valid - distinct,
                distinct,
                trimmed);
    }

    /**
     * The partitions of the shuffles: one per BYTES_PER_PARTITION of input, at least one per core. Every
     * partition of users holds most items, and the work per partition and item is paid once per partition.
     */
    private static int partitions(SparkSession spark, List<Path> files) {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += file.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .getFileStatus(file)
                        .getLen();
            } catch (IOException e) {
                throw ConfigError.of(Setting.INPUT_PATH, "cannot read " + file + ": " + e.getMessage());
            }
        }
        return (int) Math.max(spark.sparkContext().defaultParallelism(), (bytes - 1) / BYTES_PER_PARTITION + 1);
    }

    /** The (user, item) of the first rows of a split: where to split the ranges of the shuffles. */
    private static Iterator<String[]> sample(Iterator<Row> rows, int size) {
        List<String[]> pairs = new ArrayList<>();
        while (rows.hasNext() && pairs.size() < size) {
            Row row = rows.next();
            if (row.getBoolean(0)) {
                pairs.add(new String[] {row.getString(1), row.getString(2)});
            }
        }
        return pairs.iterator();
    }

    private static Set<List<String>> overflowing(JavaRDD<UserLikes> byUser) {
        Set<List<String>> pairs = new HashSet<>();
        for (List<String[]> block : byUser.map(block -> block.overflowing).collect()) {
            for (String[] pair : block) {
                pairs.add(Arrays.asList(pair));
            }
        }
        if (!pairs.isEmpty()) {
            LOG.warn("input: {} (user, item) pairs rejected: their summed weight overflows", pairs.size());
        }
        return pairs;
    }

    /**
     * The rejected rows, each with its source, offset, line and reason. Valid rows are parsed without their
     * text in the one pass that loads the likes, so an input with rejected rows is read a second time.
     */
    private static Dataset<Row> rejected(
            SparkSession spark, InputSettings input, List<Path> files, Set<List<String>> overflowing) {
        JavaRDD<Row> rows = parse(spark, input, files, true)
                .filter(row -> !row.getBoolean(0)
                        || (!overflowing.isEmpty()
                                && overflowing.contains(List.of(row.getString(1), row.getString(2)))))
                .map(row -> RowFactory.create(
                        row.getString(5),
                        row.isNullAt(6) ? null : row.getLong(6),
                        row.getString(7),
                        row.getBoolean(0) ? OVERFLOW : row.getString(8)));
        return spark.createDataFrame(rows, REJECTED);
    }

    /**
     * Every row of the input, valid or not, as (valid, user, item, weight, name, source, offset, line, reason,
     * trimmed, time). Rejected rows carry their source, offset and line; valid rows only when {@code withLines}
     * (delimited inputs; Parquet rows always do). Trimmed says whether spaces around an id were dropped; time
     * is the like's epoch seconds, null without a time column.
     */
    private static JavaRDD<Row> parse(SparkSession spark, InputSettings input, List<Path> files, boolean withLines) {
        return input.format().equals("parquet")
                ? parseParquet(spark, input).javaRDD()
                : parseDelimited(spark, input, files, withLines);
    }

    /** The files behind a path or glob; a missing or empty input is the caller's to fix (exit 2). */
    static List<Path> inputFiles(SparkSession spark, String path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(hadoop);
            FileStatus[] matches = fs.globStatus(p);
            if (matches == null || matches.length == 0) {
                throw ConfigError.of(Setting.INPUT_PATH, "no such file or folder: " + path);
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    for (FileStatus child : fs.listStatus(match.getPath())) {
                        String name = child.getPath().getName();
                        if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                            files.add(child.getPath());
                        }
                    }
                } else {
                    files.add(match.getPath());
                }
            }
            if (files.isEmpty()) {
                throw ConfigError.of(Setting.INPUT_PATH, "no files in " + path);
            }
            files.sort(null); // the header comes from the first file with a line: the same one every run
            return files;
        } catch (IOException e) {
            throw ConfigError.of(Setting.INPUT_PATH, "cannot list " + path + ": " + e.getMessage());
        }
    }

    private static JavaRDD<Row> parseDelimited(
            SparkSession spark, InputSettings input, List<Path> files, boolean withLines) {
        LineParser parser = new LineParser(input.delimiter(), input.quote());
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        checkCodecs(hadoop, files);
        ColumnPositions positions = ColumnPositions.resolve(input, firstLine(hadoop, files, input), parser);
        boolean header = input.header();
        String encoding = input.encoding();
        String joined = String.join(",", files.stream().map(Path::toString).toList());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // JavaSparkContext builds a JavaNewHadoopRDD here; the cast exposes each partition's file split.
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                joined, TextInputFormat.class, LongWritable.class, Text.class, jsc.hadoopConfiguration());
        return lines.mapPartitionsWithInputSplit(
                (split, records) -> {
                    String source = ((FileSplit) split).getPath().toString();
                    return parseLines(records, source, header, parser, positions, withLines, Charset.forName(encoding));
                },
                false);
    }

    private static Iterator<Row> parseLines(
            Iterator<Tuple2<LongWritable, Text>> records,
            String source,
            boolean header,
            LineParser parser,
            ColumnPositions positions,
            boolean withLines,
            Charset charset) {
        CharsetDecoder decoder = strictDecoder(charset);
        String invalid = "bytes not valid " + charset.name();
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (records.hasNext()) {
                    Tuple2<LongWritable, Text> record = records.next();
                    long offset = record._1().get();
                    if (header && offset == 0) {
                        continue;
                    }
                    Text bytes = record._2();
                    String line;
                    try {
                        line = decoder.decode(ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getLength()))
                                .toString();
                    } catch (CharacterCodingException e) {
                        // Replacing the bytes (as Text.toString does) would alter ids silently, even merge two.
                        return RowFactory.create(
                                false,
                                null,
                                null,
                                null,
                                null,
                                source,
                                offset,
                                withoutCr(escaped(bytes, charset)),
                                invalid,
                                false,
                                null);
                    }
                    return parseLine(line, source, offset, parser, positions, withLines);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                Row current = next;
                next = advance();
                return current;
            }
        };
    }

    static Row parseLine(
            String line, String source, long offset, LineParser parser, ColumnPositions positions, boolean withLine) {
        String stripped = withoutCr(line);
        try {
            if (stripped.isBlank()) {
                throw new LineParser.MalformedLine("empty line");
            }
            BitSet quoted = new BitSet();
            List<String> fields = parser.split(stripped, quoted);
            if (fields.size() != positions.fieldCount()) {
                throw new LineParser.MalformedLine(
                        "wrong field count: " + fields.size() + ", expected " + positions.fieldCount());
            }
            String rawUser = fields.get(positions.user());
            String rawItem = fields.get(positions.item());
            // CSV's rule: the spaces around an unquoted field are not part of it, those inside quotes are
            String user = quoted.get(positions.user()) ? rawUser : rawUser.trim();
            String item = quoted.get(positions.item()) ? rawItem : rawItem.trim();
            if (user.isBlank()) {
                throw new LineParser.MalformedLine("empty user id");
            }
            if (item.isBlank()) {
                throw new LineParser.MalformedLine("empty item id");
            }
            boolean trimmed = user.length() != rawUser.length() || item.length() != rawItem.length();
            double weight = positions.weight() < 0
                    ? 1.0
                    : weight(fields.get(positions.weight()).trim());
            String name = positions.name() < 0 ? null : fields.get(positions.name());
            Long time = null;
            if (positions.time() >= 0) {
                String text = fields.get(positions.time());
                time = Timestamps.seconds(text);
                if (time == null) {
                    throw new LineParser.MalformedLine(Timestamps.problem(text));
                }
            }
            return withLine
                    ? RowFactory.create(true, user, item, weight, name, source, offset, stripped, null, trimmed, time)
                    : RowFactory.create(true, user, item, weight, name, null, null, null, null, trimmed, time);
        } catch (LineParser.MalformedLine e) {
            return RowFactory.create(
                    false, null, null, null, null, source, offset, stripped, e.getMessage(), false, null);
        }
    }

    /**
     * A weight as the input formats write numbers: decimal digits, an optional fraction and exponent, or
     * a spelled NaN or infinity. Java's own forms (hexadecimal {@code 0x1p3}, suffixes {@code 3f}, {@code 2d})
     * are not numbers of a CSV file, so they are rejected rather than read as 8, 3 and 2.
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final Pattern NAN = Pattern.compile("[+-]?nan", Pattern.CASE_INSENSITIVE);
    private static final Pattern INFINITY = Pattern.compile("[+-]?inf(inity)?", Pattern.CASE_INSENSITIVE);

    /** The one reason of a NaN weight, however it is spelled. */
    static final String NOT_A_NUMBER = "weight is not a number (NaN)";

    private static final String POSITIVE = "weight must be a positive number";
    static final String PAST_FLOAT_RANGE = "weight past the float range (largest " + Float.MAX_VALUE + ")";

    private static double weight(String text) throws LineParser.MalformedLine {
        if (NAN.matcher(text).matches()) {
            throw new LineParser.MalformedLine(NOT_A_NUMBER);
        }
        if (INFINITY.matcher(text).matches()) {
            throw new LineParser.MalformedLine(POSITIVE + ": \"" + text + "\"");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new LineParser.MalformedLine("bad number in weight: \"" + text + "\"");
        }
        return checkedWeight(Double.parseDouble(text), text);
    }

    /**
     * The weight, or why it cannot be one. The engine stores weights as floats: a weight past the largest
     * float would be stored as infinity (and turn the factors into NaN), one below the smallest float as
     * 0 (a weight the input may not give).
     */
    static double checkedWeight(double value, String text) throws LineParser.MalformedLine {
        String reason = weightProblem(value);
        if (reason != null) {
            throw new LineParser.MalformedLine(reason.equals(NOT_A_NUMBER) ? reason : reason + ": \"" + text + "\"");
        }
        return value;
    }

    /** Why a weight read as a double cannot be stored as the engine's float, or null when it can. */
    static String weightProblem(double value) {
        if (Double.isNaN(value)) {
            return NOT_A_NUMBER;
        }
        if (value <= 0) {
            return POSITIVE;
        }
        if (Float.isInfinite((float) value)) {
            return PAST_FLOAT_RANGE;
        }
        if ((float) value == 0) {
            return "weight rounds to 0 as a float (smallest " + Float.MIN_VALUE + ")";
        }
        return null;
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A decoder that reports bytes invalid in the charset instead of replacing them with U+FFFD. */
    static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The line with each byte the charset cannot decode written as \xNN (for the rejected table). */
    static String escaped(Text bytes, Charset charset) {
        CharsetDecoder decoder = strictDecoder(charset);
        ByteBuffer in = ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getLength());
        CharBuffer out = CharBuffer.allocate((int) (bytes.getLength() * (double) decoder.maxCharsPerByte()) + 16);
        StringBuilder text = new StringBuilder();
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            text.append(out.flip());
            out.clear();
            if (result.isUnderflow()) {
                decoder.flush(out);
                return text.append(out.flip()).toString();
            }
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    text.append(String.format("\\x%02X", in.get() & 0xff));
                }
            }
        }
    }

    /**
     * The first line of the first file that has one (a folder's part files may be empty): the header,
     * or, without one, the line giving the number of fields. No line at all is exit 2.
     */
    static String firstLine(Configuration hadoop, List<Path> files, InputSettings input) {
        for (Path file : files) {
            String line = firstLine(hadoop, file, input);
            if (line != null) {
                return line;
            }
        }
        throw ConfigError.of(
                Setting.INPUT_PATH,
                "the input is empty: no line in " + input.path()
                        + (files.size() > 1 ? " (" + files.size() + " files)" : ""));
    }

    /**
     * The first line of a file (null when it has none), decoded strictly: a header whose bytes are not valid in the encoding
     * cannot be matched against column names (exit 2). Without a header the line only gives the
     * number of fields, so invalid bytes there are left to the line's own rejection.
     */
    private static String firstLine(Configuration hadoop, Path file, InputSettings input) {
        Text bytes = new Text();
        try (LineReader reader = new LineReader(open(hadoop, file))) {
            if (reader.readLine(bytes) == 0) {
                return null;
            }
        } catch (IOException e) {
            throw ConfigError.of(Setting.INPUT_PATH, "cannot read " + file + ": " + e.getMessage());
        }
        bytes = withoutByteOrderMark(bytes);
        Charset charset = input.charset();
        String line;
        try {
            line = strictDecoder(charset)
                    .decode(ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getLength()))
                    .toString();
        } catch (CharacterCodingException e) {
            if (input.header()) {
                throw ConfigError.of(
                        Setting.INPUT_ENCODING,
                        "the header of " + file + " is not valid " + charset.name() + ": " + escaped(bytes, charset));
            }
            line = new String(bytes.getBytes(), 0, bytes.getLength(), charset);
        }
        return line;
    }

    /**
     * The file's bytes as its lines are read: decompressed by the codec its extension names (.gz, .bz2,
     * .zst, ...), as TextInputFormat does, or as they are.
     */
    private static InputStream open(Configuration hadoop, Path file) throws IOException {
        InputStream raw = file.getFileSystem(hadoop).open(file);
        CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(file);
        if (codec == null) {
            return raw;
        }
        try {
            return codec.createInputStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Fails early (exit 2) when a codec the files need cannot run here, rather than in every task: Hadoop's
     * zstd codec, for one, works only with Hadoop's native library (gzip and bzip2 need none).
     */
    private static void checkCodecs(Configuration hadoop, List<Path> files) {
        CompressionCodecFactory factory = new CompressionCodecFactory(hadoop);
        java.util.Set<Class<?>> checked = new java.util.HashSet<>();
        for (Path file : files) {
            CompressionCodec codec = factory.getCodec(file);
            if (codec != null && checked.add(codec.getClass())) {
                try {
                    CodecPool.returnDecompressor(CodecPool.getDecompressor(codec));
                } catch (RuntimeException | LinkageError e) {
                    throw ConfigError.of(
                            Setting.INPUT_PATH,
                            "cannot decompress " + file + " with "
                                    + codec.getClass().getSimpleName() + ": " + e.getMessage()
                                    + " (Hadoop reads this compression only with its native library; gzip and bzip2 need none)");
                }
            }
        }
    }

    /**
     * The line without a leading UTF-8 byte-order mark, which editors put before the first line of a
     * file: the header would otherwise read "\ufeffmodelname". Hadoop's line reader drops it from the
     * lines it reads (whatever the encoding), so only the header, read here on the driver, needs this.
     */
    private static Text withoutByteOrderMark(Text line) {
        byte[] b = line.getBytes();
        if (line.getLength() >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            Text rest = new Text();
            rest.set(b, 3, line.getLength() - 3);
            return rest;
        }
        return line;
    }

    private static Dataset<Row> parseParquet(SparkSession spark, InputSettings input) {
        Dataset<Row> raw;
        try {
            raw = spark.read().parquet(input.path());
        } catch (Exception e) {
            throw ConfigError.of(Setting.INPUT_PATH, "cannot read Parquet at " + input.path() + ": " + e.getMessage());
        }
        List<String> names = Arrays.asList(raw.columns());
        Column user = parquetColumn(raw, names, input.userColumn(), Setting.INPUT_USER_COLUMN)
                .cast("string");
        Column item = parquetColumn(raw, names, input.itemColumn(), Setting.INPUT_ITEM_COLUMN)
                .cast("string");
        Column weight = input.weightColumn() == null
                ? lit(1.0)
                : parquetColumn(raw, names, input.weightColumn(), Setting.INPUT_WEIGHT_COLUMN)
                        .cast("double");
        Column name = input.nameColumn() == null || !hasColumn(names, input.nameColumn())
                ? lit(null).cast("string")
                : parquetColumn(raw, names, input.nameColumn(), Setting.INPUT_NAME_COLUMN)
                        .cast("string");
        Column rawTime = input.timeColumn() == null
                ? lit(null)
                : parquetColumn(raw, names, input.timeColumn(), Setting.INPUT_TIME_COLUMN);
        Column time = input.timeColumn() == null ? lit(null).cast("long") : parquetTime(raw, rawTime);
        Column reason = org.apache
                .spark
                .sql
                .functions
                .when(user.isNull().or(org.apache.spark.sql.functions.trim(user).equalTo("")), lit("empty user id"))
                .when(item.isNull().or(org.apache.spark.sql.functions.trim(item).equalTo("")), lit("empty item id"))
                .when(weight.isNull(), lit(POSITIVE))
                .when(weight.isNaN(), lit(NOT_A_NUMBER))
                .when(weight.leq(0).or(weight.equalTo(Double.POSITIVE_INFINITY)), lit(POSITIVE))
                .when(weight.cast("float").equalTo(Float.POSITIVE_INFINITY), lit(PAST_FLOAT_RANGE))
                .when(weight.cast("float").equalTo(0), lit(weightProblem(Double.MIN_VALUE)))
                .when(lit(input.timeColumn() != null).and(rawTime.isNull()), lit(Timestamps.problem(null)))
                .when(
                        lit(input.timeColumn() != null).and(time.isNull()),
                        org.apache.spark.sql.functions.concat(
                                lit("bad timestamp: \""),
                                rawTime.cast("string"),
                                lit("\" (epoch seconds, or an ISO date or date-time)")));
        Dataset<Row> withReason = raw.withColumn("_reason", reason);
        return withReason.select(
                col("_reason").isNull().as("valid"),
                org.apache.spark.sql.functions.trim(user).as("user"),
                org.apache.spark.sql.functions.trim(item).as("item"),
                weight.as("weight"),
                name.as("name"),
                org.apache.spark.sql.functions.input_file_name().as("source"),
                lit(null).cast("long").as("offset"),
                org.apache
                        .spark
                        .sql
                        .functions
                        .to_json(org.apache.spark.sql.functions.struct(Arrays.stream(raw.columns())
                                .map(c -> col("`" + c + "`"))
                                .toArray(Column[]::new)))
                        .as("line"),
                col("_reason").as("reason"),
                org.apache
                        .spark
                        .sql
                        .functions
                        .length(user)
                        .notEqual(org.apache.spark.sql.functions.length(org.apache.spark.sql.functions.trim(user)))
                        .or(org.apache
                                .spark
                                .sql
                                .functions
                                .length(item)
                                .notEqual(org.apache.spark.sql.functions.length(
                                        org.apache.spark.sql.functions.trim(item))))
                        .as("trimmed"),
                time.as("time"));
    }

    /**
     * A Parquet time column as epoch seconds: numbers are seconds (a fraction dropped), timestamps and
     * dates their instant (a date at midnight UTC), anything else its text read by {@link Timestamps}.
     */
    private static Column parquetTime(Dataset<Row> raw, Column column) {
        org.apache.spark.sql.types.DataType type =
                raw.select(column).schema().fields()[0].dataType();
        if (type instanceof org.apache.spark.sql.types.IntegralType) {
            return column.cast("long");
        }
        if (type instanceof org.apache.spark.sql.types.NumericType) {
            // NaN and the infinities are no time (and no long)
            Column number = column.cast("double");
            return org.apache
                    .spark
                    .sql
                    .functions
                    .when(
                            number.isNaN()
                                    .or(org.apache
                                            .spark
                                            .sql
                                            .functions
                                            .abs(number)
                                            .geq(9.2e18)),
                            lit(null).cast("long"))
                    .otherwise(org.apache.spark.sql.functions.floor(number).cast("long"));
        }
        if (type instanceof org.apache.spark.sql.types.TimestampType) {
            return column.cast("long");
        }
        if (type instanceof org.apache.spark.sql.types.DateType) {
            return org.apache
                    .spark
                    .sql
                    .functions
                    .datediff(column, lit("1970-01-01").cast("date"))
                    .cast("long")
                    .multiply(86_400L);
        }
        return org.apache
                .spark
                .sql
                .functions
                .udf((org.apache.spark.sql.api.java.UDF1<String, Long>) Timestamps::seconds, DataTypes.LongType)
                .apply(column.cast("string"));
    }

    private static boolean hasColumn(List<String> names, String column) {
        return names.contains(column) || column.chars().allMatch(Character::isDigit);
    }

    private static Column parquetColumn(Dataset<Row> raw, List<String> names, String column, Setting setting) {
        if (names.contains(column)) {
            return raw.col("`" + column + "`");
        }
        if (column.chars().allMatch(Character::isDigit)) {
            int position = Integer.parseInt(column);
            if (position < names.size()) {
                return raw.col("`" + names.get(position) + "`");
            }
        }
        throw ConfigError.of(setting, "no column \"" + column + "\" in the input; it has " + names);
    }
}
