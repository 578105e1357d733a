package org.wrmf.data;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Reads likes from PSV, CSV, TSV or Parquet into a DataFrame, setting aside every malformed row with
 * its reason, then drops duplicated (user, item) pairs (sums their weights when the input has weights).
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

    static final StructType PARSED = new StructType()
            .add("valid", DataTypes.BooleanType, false)
            .add("user", DataTypes.StringType, true)
            .add("item", DataTypes.StringType, true)
            .add("weight", DataTypes.DoubleType, true)
            .add("name", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true)
            .add("offset", DataTypes.LongType, true)
            .add("line", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true);

    private LikesReader() {
    }

    /** The reason of every row of a (user, item) pair whose summed weight is past the largest double. */
    static final String OVERFLOW = "summed weight overflows";

    public static LoadedLikes read(SparkSession spark, InputSettings input) {
        List<Path> files = inputFiles(spark, input.path());
        Dataset<Row> parsed = parse(spark, input, files, false).persist(StorageLevel.MEMORY_AND_DISK());

        Map<Boolean, Long> byValidity = new java.util.HashMap<>();
        for (Row row : parsed.groupBy("valid").agg(count(lit(1))).collectAsList()) {
            byValidity.put(row.getBoolean(0), row.getLong(1));
        }
        long valid = byValidity.getOrDefault(true, 0L);
        long rejectedCount = byValidity.getOrDefault(false, 0L);
        long read = valid + rejectedCount;
        Dataset<Row> rejected = parsed.filter(col("valid").equalTo(false))
                .select("source", "offset", "line", "reason");
        if (read == 0) {
            throw ConfigError.of(Setting.INPUT_PATH, "no likes in " + input.path() + " (the input is empty)");
        }

        Dataset<Row> likes = parsed.filter(col("valid"))
                .groupBy("user", "item")
                .agg(sum("weight").as("weight"), min("name").as("name"), count(lit(1)).as("copies"));
        likes = likes.persist(StorageLevel.MEMORY_AND_DISK());
        // Every weight is finite, but their sum may not be: such a pair has no usable confidence, so all of
        // its rows are set aside (as rejected rows, so the accounting still adds up) rather than kept as one
        // like of infinite weight that would turn the factors into NaN. Counted with the distinct pairs.
        Column overflows = col("weight").equalTo(Double.POSITIVE_INFINITY).or(col("weight").isNaN());
        Row tally = likes.agg(count(lit(1)), count(when(overflows, lit(1))),
                coalesce(sum(when(overflows, col("copies"))), lit(0L))).first();
        long distinct = tally.getLong(0);
        long pairs = tally.getLong(1);
        if (pairs > 0) {
            long rows = tally.getLong(2);
            LOG.warn("input: {} (user, item) pairs, {} rows, rejected: their summed weight overflows", pairs, rows);
            // Valid rows were parsed without their text (to keep the cache small): this rare case reads the
            // input a second time to reject each such row with its own source, offset and line.
            Dataset<Row> lines = parse(spark, input, files, true).filter(col("valid"))
                    .join(broadcast(likes.filter(overflows).select("user", "item")), new String[]{"user", "item"},
                            "left_semi")
                    .select(col("source"), col("offset"), col("line"), lit(OVERFLOW).as("reason"));
            rejected = rejected.union(lines);
            likes = likes.filter(not(overflows));
            distinct -= pairs;
            valid -= rows;
            rejectedCount += rows;
        }
        if (input.weightColumn() == null) {
            likes = likes.withColumn("weight", lit(1.0));
        }
        if (distinct == 0) {
            Row first = rejected.first();
            throw ConfigError.of(Setting.INPUT_PATH, "no valid like among the " + read + " rows of " + input.path()
                    + "; the first was rejected for: " + first.getString(3));
        }
        likes = likes.drop("copies");
        LOG.info("input: {} rows read, {} kept, {} duplicates, {} rejected", read, distinct, valid - distinct,
                rejectedCount);
        return new LoadedLikes(likes, rejected, read, rejectedCount, valid - distinct, distinct);
    }

    /**
     * Every row of the input, valid or not. Rejected rows carry their source, offset and line; valid
     * rows only when {@code withLines} (delimited inputs; Parquet rows always carry them).
     */
    private static Dataset<Row> parse(SparkSession spark, InputSettings input, List<Path> files, boolean withLines) {
        return input.format().equals("parquet")
                ? parseParquet(spark, input)
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
            files.sort(null);  // the header comes from the first file with a line: the same one every run
            return files;
        } catch (IOException e) {
            throw ConfigError.of(Setting.INPUT_PATH, "cannot list " + path + ": " + e.getMessage());
        }
    }

    private static Dataset<Row> parseDelimited(SparkSession spark, InputSettings input, List<Path> files,
                                               boolean withLines) {
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
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit((split, records) -> {
            String source = ((FileSplit) split).getPath().toString();
            return parseLines(records, source, header, parser, positions, withLines, Charset.forName(encoding));
        }, false);
        return spark.createDataFrame(rows, PARSED);
    }

    private static Iterator<Row> parseLines(Iterator<Tuple2<LongWritable, Text>> records, String source,
                                            boolean header, LineParser parser, ColumnPositions positions,
                                            boolean withLines, Charset charset) {
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
                        line = decoder.decode(ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getLength())).toString();
                    } catch (CharacterCodingException e) {
                        // Replacing the bytes (as Text.toString does) would alter ids silently, even merge two.
                        return RowFactory.create(false, null, null, null, null, source, offset,
                                withoutCr(escaped(bytes, charset)), invalid);
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

    static Row parseLine(String line, String source, long offset, LineParser parser, ColumnPositions positions,
                         boolean withLine) {
        String stripped = withoutCr(line);
        try {
            if (stripped.isBlank()) {
                throw new LineParser.MalformedLine("empty line");
            }
            List<String> fields = parser.split(stripped);
            if (fields.size() != positions.fieldCount()) {
                throw new LineParser.MalformedLine("wrong field count: " + fields.size() + ", expected "
                        + positions.fieldCount());
            }
            String user = fields.get(positions.user()).trim();
            String item = fields.get(positions.item()).trim();
            if (user.isEmpty()) {
                throw new LineParser.MalformedLine("empty user id");
            }
            if (item.isEmpty()) {
                throw new LineParser.MalformedLine("empty item id");
            }
            double weight = positions.weight() < 0 ? 1.0 : weight(fields.get(positions.weight()).trim());
            String name = positions.name() < 0 ? null : fields.get(positions.name());
            return withLine ? RowFactory.create(true, user, item, weight, name, source, offset, stripped, null)
                    : RowFactory.create(true, user, item, weight, name, null, null, null, null);
        } catch (LineParser.MalformedLine e) {
            return RowFactory.create(false, null, null, null, null, source, offset, stripped, e.getMessage());
        }
    }

    private static double weight(String text) throws LineParser.MalformedLine {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new LineParser.MalformedLine("bad number in weight: \"" + text + "\"");
        }
        return checkedWeight(value, text);
    }

    static double checkedWeight(double value, String text) throws LineParser.MalformedLine {
        if (!Double.isFinite(value) || value <= 0) {
            throw new LineParser.MalformedLine("weight must be a positive number: \"" + text + "\"");
        }
        return value;
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A decoder that reports bytes invalid in the charset instead of replacing them with U+FFFD. */
    static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
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
    private static String firstLine(Configuration hadoop, List<Path> files, InputSettings input) {
        for (Path file : files) {
            String line = firstLine(hadoop, file, input);
            if (line != null) {
                return line;
            }
        }
        throw ConfigError.of(Setting.INPUT_PATH, "the input is empty: no line in " + input.path()
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
            line = strictDecoder(charset).decode(ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getLength())).toString();
        } catch (CharacterCodingException e) {
            if (input.header()) {
                throw ConfigError.of(Setting.INPUT_ENCODING, "the header of " + file + " is not valid "
                        + charset.name() + ": " + escaped(bytes, charset));
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
                    throw ConfigError.of(Setting.INPUT_PATH, "cannot decompress " + file + " with "
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
        Column user = parquetColumn(raw, names, input.userColumn(), Setting.INPUT_USER_COLUMN).cast("string");
        Column item = parquetColumn(raw, names, input.itemColumn(), Setting.INPUT_ITEM_COLUMN).cast("string");
        Column weight = input.weightColumn() == null ? lit(1.0)
                : parquetColumn(raw, names, input.weightColumn(), Setting.INPUT_WEIGHT_COLUMN).cast("double");
        Column name = input.nameColumn() == null || !hasColumn(names, input.nameColumn()) ? lit(null).cast("string")
                : parquetColumn(raw, names, input.nameColumn(), Setting.INPUT_NAME_COLUMN).cast("string");
        Column reason = org.apache.spark.sql.functions
                .when(user.isNull().or(org.apache.spark.sql.functions.trim(user).equalTo("")), lit("empty user id"))
                .when(item.isNull().or(org.apache.spark.sql.functions.trim(item).equalTo("")), lit("empty item id"))
                .when(weight.isNull().or(weight.leq(0)).or(weight.isNaN()).or(weight.equalTo(Double.POSITIVE_INFINITY)),
                        lit("weight must be a positive number"));
        Dataset<Row> withReason = raw.withColumn("_reason", reason);
        return withReason.select(
                col("_reason").isNull().as("valid"),
                org.apache.spark.sql.functions.trim(user).as("user"),
                org.apache.spark.sql.functions.trim(item).as("item"),
                weight.as("weight"),
                name.as("name"),
                org.apache.spark.sql.functions.input_file_name().as("source"),
                lit(null).cast("long").as("offset"),
                org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
                        Arrays.stream(raw.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new))).as("line"),
                col("_reason").as("reason"));
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
