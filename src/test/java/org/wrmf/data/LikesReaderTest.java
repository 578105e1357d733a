package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

class LikesReaderTest {
    @TempDir
    Path dir;

    private static InputSettings psv(Path file) {
        return new InputSettings(file.toString(), "psv", true, "uid", "mid", null, "modelname");
    }

    @Test
    void everyRowOfAHandMadePsvIsAccountedFor() throws Exception {
        Path file = dir.resolve("likes.psv");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                "modelname|mid|uid",
                                "a|m1|u1", // valid
                                "\\b | c\\|m2|u1", // valid, quoted name holding the delimiter
                                "d|m3|u2", // valid
                                "d|m3|u2", // duplicate
                                "d2|m3|u2", // duplicate pair with another name
                                "only|two", // wrong field count
                                "e|m4|", // empty user id
                                "f| |u5", // empty item id
                                "\\broken|m5|u3", // unterminated quote
                                "x|m6|u4|extra", // wrong field count
                                "")
                        + "\n"); // and a blank line
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), psv(file));
        assertEquals(11, loaded.rowsRead());
        assertEquals(6, loaded.rowsRejected());
        assertEquals(2, loaded.duplicates());
        assertEquals(3, loaded.likeCount());
        assertEquals(loaded.rowsRead(), loaded.likeCount() + loaded.duplicates() + loaded.rowsRejected());

        Map<String, String> names =
                Loaded.likes(loaded).stream().collect(Collectors.toMap(Loaded.Like::item, Loaded.Like::name));
        assertEquals("b | c", names.get("m2"));
        assertEquals("d", names.get("m3"));
        assertTrue(
                Loaded.likes(loaded).stream().allMatch(like -> like.weight() == 1.0),
                "without weights, a like weighs 1 however many rows it has");

        List<String> reasons = loaded.rejected().collectAsList().stream()
                .map(r -> r.getString(3))
                .sorted()
                .toList();
        assertEquals(6, reasons.size());
        assertTrue(reasons.contains("empty line"), reasons.toString());
        assertTrue(
                reasons.stream().filter(r -> r.startsWith("wrong field count")).count() == 2, reasons.toString());
        assertTrue(reasons.contains("empty user id"), reasons.toString());
        assertTrue(reasons.contains("empty item id"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("unterminated quote")), reasons.toString());
        Row broken = loaded.rejected().filter("reason like 'unterminated%'").first();
        assertEquals("\\broken|m5|u3", broken.getString(2));
    }

    @Test
    void weightsOfDuplicatedPairsAreSummed() throws Exception {
        Path file = dir.resolve("plays.csv");
        Files.writeString(file, "user,item,plays\nu1,i1,2\nu1,i1,3\nu2,i1,1.5\nu2,i2,abc\nu3,i2,-1\n");
        InputSettings input = new InputSettings(file.toString(), "csv", true, "user", "item", "plays", null);
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(5, loaded.rowsRead());
        assertEquals(2, loaded.rowsRejected());
        assertEquals(1, loaded.duplicates());
        Map<String, Double> weights = Loaded.likes(loaded).stream()
                .collect(Collectors.toMap(like -> like.user() + "/" + like.item(), Loaded.Like::weight));
        assertEquals(Map.of("u1/i1", 5.0, "u2/i1", 1.5), weights);
    }

    /** Each file is read apart (one split each): a pair's rows in several files still make one like. */
    @Test
    void duplicatesAcrossFilesMeet() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("parts"));
        Files.writeString(folder.resolve("part-0.csv"), "user,item,plays,name\nu1,i1,2,b\nu2,i1,1,b\nu1,i2,1,x\n");
        Files.writeString(folder.resolve("part-1.csv"), "user,item,plays,name\nu3,i2,1,x\nu1,i1,3,a\n");
        Files.writeString(folder.resolve("part-2.csv"), "user,item,plays,name\nu1,i1,4,c\nbad\n");
        InputSettings input = new InputSettings(folder.toString(), "csv", true, "user", "item", "plays", "name");
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(7, loaded.rowsRead());
        assertEquals(1, loaded.rowsRejected());
        assertEquals(2, loaded.duplicates());
        assertEquals(
                List.of(
                        new Loaded.Like("u1", "i1", 9.0, "a"),
                        new Loaded.Like("u1", "i2", 1.0, "x"),
                        new Loaded.Like("u2", "i1", 1.0, "b"),
                        new Loaded.Like("u3", "i2", 1.0, "x")),
                Loaded.likes(loaded));
    }

    @Test
    void numberedColumnsOfAHeaderlessTsv() throws Exception {
        Path file = dir.resolve("u.data");
        Files.writeString(file, "1\t10\t5\t0\n2\t10\t3\t0\n2\t11\t3\t0\n");
        InputSettings input = new InputSettings(file.toString(), "tsv", false, "0", "1", null, "modelname");
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(3, loaded.rowsRead());
        assertEquals(3, loaded.likeCount());
    }

    @Test
    void missingInputEmptyInputAndMissingColumnAreConfigErrors() throws Exception {
        ConfigError missing = assertThrows(
                ConfigError.class, () -> LikesReader.read(SparkTestSession.get(), psv(dir.resolve("none.psv"))));
        assertEquals(Setting.INPUT_PATH, missing.setting(), missing.getMessage());

        Path empty = dir.resolve("empty.psv");
        Files.writeString(empty, "modelname|mid|uid\n");
        ConfigError nothing =
                assertThrows(ConfigError.class, () -> LikesReader.read(SparkTestSession.get(), psv(empty)));
        assertTrue(nothing.getMessage().contains("empty"), nothing.getMessage());

        Path other = dir.resolve("other.psv");
        Files.writeString(other, "name|model|user\na|m|u\n");
        ConfigError column =
                assertThrows(ConfigError.class, () -> LikesReader.read(SparkTestSession.get(), psv(other)));
        assertEquals(Setting.INPUT_USER_COLUMN, column.setting(), column.getMessage());
    }

    @Test
    void parquetInputWithNullIds() throws Exception {
        String path = dir.resolve("likes.parquet").toString();
        SparkTestSession.get()
                .sql("select * from values ('u1','i1'), ('u1','i1'), (null,'i2'), ('u2','i2') as t(uid, mid)")
                .write()
                .parquet(path);
        InputSettings input = new InputSettings(path, "parquet", true, "uid", "mid", null, "modelname");
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(4, loaded.rowsRead());
        assertEquals(1, loaded.rowsRejected());
        assertEquals(1, loaded.duplicates());
        assertEquals(2, loaded.likeCount());
    }

    @Test
    void parquetWeightsAreCheckedAsTheFloatsTheyBecome() throws Exception {
        String path = dir.resolve("weights.parquet").toString();
        SparkTestSession.get()
                .sql("select * from values ('u1','i1', 2.5D), ('u1','i2', 1e39D), ('u1','i3', 1e-50D),"
                        + " ('u1','i4', double('NaN')), ('u2','i1', 3e38D), ('u2','i1', 3e38D) as t(uid, mid, w)")
                .write()
                .parquet(path);
        InputSettings input = new InputSettings(path, "parquet", true, "uid", "mid", "w", "modelname");
        LoadedLikes loaded = LikesReader.read(SparkTestSession.get(), input);
        assertEquals(6, loaded.rowsRead());
        assertEquals(1, loaded.likeCount());
        assertEquals(
                List.of(
                        "summed weight overflows",
                        "summed weight overflows",
                        "weight is not a number (NaN)",
                        "weight past the float range (largest 3.4028235E38)",
                        "weight rounds to 0 as a float (smallest 1.4E-45)"),
                loaded.rejected().collectAsList().stream()
                        .map(row -> row.getString(3))
                        .sorted()
                        .toList());
    }
}
