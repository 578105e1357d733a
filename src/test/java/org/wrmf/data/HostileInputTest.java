package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.ZStandardCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wrmf.SparkTestSession;
import org.wrmf.cli.SettingsReader;
import org.wrmf.cli.WrmfConfig;
import org.wrmf.common.ConfigError;

/**
 * The hostile-input corpus (src/test/resources/hostile, plus the binary and oversized files generated
 * here) read as Preparation reads it: every row read is kept, a duplicate or rejected with its reason,
 * and an input that cannot be read at all is a ConfigError naming the key to fix.
 */
class HostileInputTest {
    @TempDir
    static Path generated;

    /**
     * One input and what loading it must give: either the counts and the sorted reasons of the
     * rejected rows (plus checks of the kept likes), or the start of the ConfigError's message.
     */
    record Case(
            String label,
            Supplier<InputSettings> input,
            long read,
            long kept,
            long duplicates,
            List<String> reasons,
            Consumer<LoadedLikes> check,
            String error) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Case loads(
            String label,
            Supplier<InputSettings> input,
            long read,
            long kept,
            long duplicates,
            List<String> reasons,
            Consumer<LoadedLikes> check) {
        return new Case(
                label, input, read, kept, duplicates, reasons.stream().sorted().toList(), check, null);
    }

    static Case fails(String label, Supplier<InputSettings> input, String error) {
        return new Case(label, input, 0, 0, 0, List.of(), likes -> {}, error);
    }

    static Stream<Case> corpus() {
        return Stream.of(
                loads(
                        "lone backslash: an unterminated quote costs its line only",
                        () -> psv(resource("lone-backslash.psv")),
                        4,
                        2,
                        0,
                        List.of("unterminated quote in field 1", "unterminated quote in field 1"),
                        likes -> assertEquals(Map.of("m2", "ok", "m3", "name\\"), names(likes))),
                loads(
                        "CRLF line endings",
                        () -> csv(resource("crlf.csv"), null, "name"),
                        4,
                        2,
                        1,
                        List.of("empty line"),
                        likes -> assertEquals(Map.of("m1", "Chair", "m2", "Table"), names(likes))),
                loads(
                        "unicode and emoji ids are kept as they are, never normalised",
                        () -> psv(resource("unicode.psv")),
                        5,
                        5,
                        0,
                        List.of(),
                        likes -> {
                            assertEquals(Set.of("u\uD83D\uDE42", "\u05e9\u05dc"), users(likes));
                            assertTrue(
                                    items(likes)
                                            .containsAll(List.of(
                                                    "m模型",
                                                    "café",
                                                    "cafe\u0301",
                                                    "m\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67")),
                                    items(likes).toString());
                            assertEquals(
                                    "flag \uD83C\uDDEB\uD83C\uDDF7",
                                    names(likes).get("m\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"));
                        }),
                loads(
                        "NaN, infinite, negative, zero, empty and huge weights",
                        () -> csv(resource("weights.csv"), "w", null),
                        10,
                        1,
                        0,
                        List.of(
                                "weight is not a number (NaN)",
                                "weight must be a positive number: \"Infinity\"",
                                "weight must be a positive number: \"-Infinity\"",
                                "weight must be a positive number: \"-1\"",
                                "weight must be a positive number: \"0\"",
                                "weight past the float range (largest 3.4028235E38): \"1e400\"",
                                "weight past the float range (largest 3.4028235E38): \"1e308\"",
                                "weight rounds to 0 as a float (smallest 1.4E-45): \"4.9e-324\"",
                                "bad number in weight: \"\""),
                        likes -> assertEquals(Map.of("u2/m1", 2.5), weights(likes))),
                loads(
                        "weights as stored (floats): past their range, rounding to 0, Java's number forms, NaN spelled",
                        () -> csv(resource("float-weights.csv"), "w", null),
                        17,
                        5,
                        0,
                        List.of(
                                "weight past the float range (largest 3.4028235E38): \"1e39\"",
                                "weight past the float range (largest 3.4028235E38): \"1e308\"",
                                "weight rounds to 0 as a float (smallest 1.4E-45): \"1e-320\"",
                                "weight rounds to 0 as a float (smallest 1.4E-45): \"1e-50\"",
                                "bad number in weight: \"0x1p3\"",
                                "bad number in weight: \"3f\"",
                                "bad number in weight: \"2d\"",
                                "weight is not a number (NaN)",
                                "weight is not a number (NaN)",
                                "weight is not a number (NaN)",
                                "weight must be a positive number: \"inf\"",
                                "wrong field count: 4, expected 3"),
                        likes -> assertEquals(
                                Map.of("u2/m1", 3.4e38, "u2/m2", 1.5e-45, "u2/m3", 0.5, "u2/m4", 2.0, "u2/m5", 7.0),
                                weights(likes))),
                loads(
                        "duplicates whose summed weight overflows a float are rejected, every row of them",
                        () -> csv(resource("overflow.csv"), "w", null),
                        8,
                        2,
                        1,
                        List.of(
                                "summed weight overflows",
                                "summed weight overflows",
                                "summed weight overflows",
                                "summed weight overflows",
                                "summed weight overflows"),
                        likes -> {
                            assertEquals(Map.of("u1/m8", 3.0, "u3/m9", 3.4e38), weights(likes));
                            assertEquals(
                                    List.of("u0,m8,3e38", "u0,m8,3e38", "u2,m9,2e38", "u2,m9,2e38", "u2,m9,2e38"),
                                    rejectedLines(likes));
                        }),
                loads(
                        "spaces around unquoted ids are dropped and counted, inside quotes kept",
                        () -> csv(resource("spaced-ids.csv"), null, null),
                        6,
                        3,
                        3,
                        List.of(),
                        likes -> {
                            assertEquals(Set.of("lead", " lead"), users(likes));
                            assertEquals(Set.of("m1", "m2"), items(likes));
                            assertEquals(3, likes.trimmedIds(), "rows whose ids lost their spaces");
                        }),
                loads(
                        "a 1 MB line",
                        () -> psv(oneMegabyteLines()),
                        3,
                        2,
                        0,
                        List.of("wrong field count: 1, expected 3"),
                        likes -> assertEquals(1 << 20, names(likes).get("m1").length())),
                loads(
                        "a byte-order mark before the header",
                        () -> psv(resource("bom.psv")),
                        2,
                        2,
                        0,
                        List.of(),
                        likes -> assertEquals(Map.of("m1", "Chair", "m2", "Table"), names(likes))),
                loads(
                        "a byte-order mark before the first row of a headerless file",
                        () -> new InputSettings(
                                resource("bom-headerless.tsv"), "tsv", false, "0", "1", null, "modelname"),
                        2,
                        2,
                        0,
                        List.of(),
                        likes -> assertEquals(Set.of("u1", "u2"), users(likes))),
                fails(
                        "a name column the header lacks",
                        () -> csv(resource("no-name-column.csv"), null, "title"),
                        "wrmf.input.columns.name: no column \"title\" in the header [user, item]"),
                fails(
                        "a name column asked for, which the header lacks",
                        () -> csv(resource("no-name-column.csv"), null, "modelname"),
                        "wrmf.input.columns.name: no column \"modelname\" in the header [user, item]"),
                loads(
                        "the default name column, which the header lacks, means no names",
                        () -> settings(
                                "input.path=" + resource("no-name-column.csv"),
                                "input.columns.user=user",
                                "input.columns.item=item"),
                        1,
                        1,
                        0,
                        List.of(),
                        likes -> assertEquals(java.util.Collections.singletonMap("m1", null), names(likes))),
                fails(
                        "the default name column given explicitly, which the header lacks",
                        () -> settings(
                                "input.path=" + resource("no-name-column.csv"),
                                "input.columns.user=user",
                                "input.columns.item=item",
                                "input.columns.name=modelname"),
                        "wrmf.input.columns.name: no column \"modelname\" in the header [user, item]"),
                loads(
                        "latin-1 bytes read as UTF-8 are rejected, never merged",
                        () -> psv(resource("latin1.psv")),
                        4,
                        1,
                        0,
                        List.of("bytes not valid UTF-8", "bytes not valid UTF-8", "bytes not valid UTF-8"),
                        likes -> assertEquals(
                                List.of("Chaise|m2|u\\xE8", "Chaise|m2|u\\xE9", "Mod\\xE8le|m1|u1"),
                                rejectedLines(likes))),
                loads(
                        "latin-1 bytes read as ISO-8859-1",
                        () -> new InputSettings(
                                resource("latin1.psv"), "psv", true, "uid", "mid", null, "modelname", "ISO-8859-1"),
                        4,
                        4,
                        0,
                        List.of(),
                        likes -> {
                            assertEquals("Modèle", names(likes).get("m1"));
                            assertEquals(Set.of("u1", "uè", "ué"), users(likes));
                        }),
                fails(
                        "a header with latin-1 bytes read as UTF-8",
                        () -> psv(resource("latin1-header.psv")),
                        "wrmf.input.encoding: the header of "),
                loads(
                        "a gzip file alone",
                        () -> psv(compressed("alone/likes.psv.gz", "0")),
                        3,
                        2,
                        0,
                        List.of("wrong field count: 1, expected 3"),
                        likes -> assertEquals(Map.of("m1", "Chair", "m2", "Table"), names(likes))),
                loads(
                        "a bzip2 file alone",
                        () -> psv(compressed("alone/likes.psv.bz2", "0")),
                        3,
                        2,
                        0,
                        List.of("wrong field count: 1, expected 3"),
                        likes -> assertEquals(Map.of("m1", "Chair", "m2", "Table"), names(likes))),
                loads(
                        "a folder of plain, gzip and bzip2 parts, an empty gzip one first",
                        () -> psv(compressedFolder()),
                        9,
                        6,
                        0,
                        List.of(
                                "wrong field count: 1, expected 3",
                                "wrong field count: 1, expected 3",
                                "wrong field count: 1, expected 3"),
                        likes -> assertEquals(Set.of("u1", "u2", "u3"), users(likes))),
                zstd(),
                loads(
                        "a folder with empty parts, one with a header only and _SUCCESS",
                        () -> psv(resource("parts")),
                        2,
                        2,
                        0,
                        List.of(),
                        likes -> assertEquals(Map.of("m1", "Chair", "m2", "Table"), names(likes))),
                fails("an empty file", () -> psv(resource("empty.psv")), "wrmf.input.path: the input is empty"),
                fails(
                        "a folder of empty files",
                        () -> psv(resource("empty-parts")),
                        "wrmf.input.path: the input is empty"),
                fails("header only", () -> psv(resource("header-only.psv")), "wrmf.input.path: no likes in "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyRowIsAccountedFor(Case c) {
        if (c.error() != null) {
            ConfigError error = assertThrows(
                    ConfigError.class,
                    () -> LikesReader.read(SparkTestSession.get(), c.input().get()));
            assertTrue(SettingsReader.message(error).startsWith(c.error()), SettingsReader.message(error));
            return;
        }
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), c.input().get());
        assertEquals(
                loaded.rowsRead(),
                loaded.likeCount() + loaded.duplicates() + loaded.rowsRejected(),
                "rows read = kept + duplicates + rejected");
        assertEquals(c.read(), loaded.rowsRead(), "rows read");
        assertEquals(c.kept(), loaded.likeCount(), "kept");
        assertEquals(c.duplicates(), loaded.duplicates(), "duplicates");
        List<Loaded.Like> likes = Loaded.likes(loaded);
        assertEquals(c.kept(), likes.size(), "kept likes");
        List<Row> rejected = loaded.rejected().collectAsList();
        assertEquals(loaded.rowsRejected(), rejected.size(), "one rejected row per row counted as rejected");
        assertEquals(
                c.reasons(),
                rejected.stream()
                        .map(r -> r.getString(r.fieldIndex("reason")))
                        .sorted()
                        .toList());
        for (Loaded.Like like : likes) {
            for (String value : java.util.Arrays.asList(like.user(), like.item(), like.name())) {
                if (value != null) {
                    assertFalse(
                            value.contains("\ufeff") || value.contains("\ufffd") || value.endsWith("\r"),
                            value + " carries a byte-order mark, a replacement character or a CR");
                }
            }
        }
        c.check().accept(loaded);
    }

    @Test
    void theEncodingIsACharsetThatWritesAsciiAsAscii() {
        assertEquals("UTF-8", settings().encoding());
        assertEquals("ISO-8859-1", settings("input.encoding=latin1").encoding());
        assertEquals("windows-1252", settings("input.encoding=cp1252").encoding());
        ConfigError unknown = assertThrows(ConfigError.class, () -> settings("input.encoding=klingon"));
        assertTrue(
                unknown.getMessage().startsWith("wrmf.input.encoding: unknown charset \"klingon\""),
                unknown.getMessage());
        ConfigError wide = assertThrows(ConfigError.class, () -> settings("input.encoding=UTF-16"));
        assertTrue(
                wide.getMessage().startsWith("wrmf.input.encoding: UTF-16 does not write ASCII as ASCII"),
                wide.getMessage());
    }

    static InputSettings settings(String... overrides) {
        List<String> all = new ArrayList<>(List.of("input.format=csv", "input.path=likes.csv"));
        all.addAll(List.of(overrides));
        return SettingsReader.input(WrmfConfig.load(null, all));
    }

    // ---- inputs

    static InputSettings psv(String path) {
        return new InputSettings(path, "psv", true, "uid", "mid", null, "modelname");
    }

    static InputSettings csv(String path, String weight, String name) {
        return new InputSettings(path, "csv", true, "user", "item", weight, name);
    }

    static String resource(String name) {
        try {
            return Path.of(HostileInputTest.class
                            .getResource("/hostile/" + name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hadoop's zstd codec needs its native library: without it, a zstd input is exit 2, saying so. */
    static Case zstd() {
        Supplier<InputSettings> input = () -> psv(compressed("alone/likes.psv.zst", "0"));
        return ZStandardCodec.isNativeCodeLoaded()
                ? loads("a zstd file alone", input, 3, 2, 0, List.of("wrong field count: 1, expected 3"), likes -> {})
                : fails(
                        "a zstd file alone, without Hadoop's native zstd",
                        input,
                        "wrmf.input.path: cannot decompress ");
    }

    /** Likes of user u{suffix} (a header, two likes, a bad line), compressed as the name's extension says. */
    static String compressed(String name, String suffix) {
        byte[] text = ("modelname|mid|uid\nChair|m1|u" + suffix + "\nTable|m2|u" + suffix + "\nbad\n")
                .getBytes(StandardCharsets.UTF_8);
        return compressed(name, text);
    }

    static String compressed(String name, byte[] text) {
        Path file = generated.resolve(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = name.endsWith(".gz")
                ? new GZIPOutputStream(bytes)
                : name.endsWith(".bz2")
                        ? ReflectionUtils.newInstance(BZip2Codec.class, new Configuration())
                                .createOutputStream(bytes)
                        : name.endsWith(".zst") ? new ZstdOutputStream(bytes) : bytes) {
            out.write(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        write(file, bytes.toByteArray());
        return file.toString();
    }

    static String compressedFolder() {
        compressed("folder/part-00000.psv.gz", new byte[0]);
        compressed("folder/part-00001.psv", "1");
        compressed("folder/part-00002.psv.gz", "2");
        compressed("folder/part-00003.psv.bz2", "3");
        return generated.resolve("folder").toString();
    }

    /** A 1 MB item name in a valid line, then a 1 MB line without a single delimiter. */
    static String oneMegabyteLines() {
        Path file = generated.resolve("one-megabyte-lines.psv");
        String name = "n".repeat(1 << 20);
        write(
                file,
                ("modelname|mid|uid\n" + name + "|m1|u1\n" + "x".repeat(1 << 20) + "\nok|m2|u2\n")
                        .getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what was kept

    static Map<String, String> names(LoadedLikes likes) {
        Map<String, String> names = new java.util.HashMap<>();
        for (Loaded.Like like : Loaded.likes(likes)) {
            names.put(like.item(), like.name());
        }
        return names;
    }

    static Set<String> users(LoadedLikes likes) {
        return Loaded.likes(likes).stream().map(Loaded.Like::user).collect(Collectors.toSet());
    }

    static Set<String> items(LoadedLikes likes) {
        return Loaded.likes(likes).stream().map(Loaded.Like::item).collect(Collectors.toSet());
    }

    static Map<String, Double> weights(LoadedLikes likes) {
        return Loaded.likes(likes).stream()
                .collect(Collectors.toMap(like -> like.user() + "/" + like.item(), Loaded.Like::weight));
    }

    static List<String> rejectedLines(LoadedLikes likes) {
        List<String> lines = new ArrayList<>(likes.rejected().collectAsList().stream()
                .map(r -> r.getString(r.fieldIndex("line")))
                .toList());
        lines.sort(null);
        return lines;
    }
}
