package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.SparkTestSession;
import org.wrmf.als.Rating;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/** The rules' files: which column is read, ids the model does not know counted, malformed rows set aside. */
class RuleListsTest {
    @TempDir
    Path dir;

    private static Dataset<Row> mapping(String prefix, int n) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(prefix + i, i));
        }
        return SparkTestSession.get()
                .createDataFrame(
                        rows, new StructType().add("id", DataTypes.StringType).add("idx", DataTypes.IntegerType));
    }

    private static InputSettings list(Path file, String format, boolean header, String column) {
        return new InputSettings(file.toString(), format, header, column, column, null, null);
    }

    private static Set<Integer> known(RuleLists.Matched<Integer> matched) {
        return new TreeSet<>(matched.known().collect());
    }

    @Test
    void aOneColumnListIsReadFromItsFirstColumnAndUnknownIdsAreCounted() throws Exception {
        Path file = dir.resolve("exclude.csv");
        // header "id", not the likes' item column: the first column is read; an empty line is malformed
        Files.writeString(file, "id\nm0\nm1\nm1\nzz\n\n");
        RuleLists.Matched<Integer> matched =
                RuleLists.ids(SparkTestSession.get(), list(file, "csv", true, "mid"), mapping("m", 5));
        assertEquals(Set.of(0, 1), known(matched));
        assertEquals(new RuleLists.Figures(file.toString(), 5, 1, 3, 2, 1), matched.figures());
    }

    @Test
    void aListWithTheLikesItemColumnIsReadFromIt() throws Exception {
        Path file = dir.resolve("candidates.psv");
        Files.writeString(file, "modelname|mid\nsome model|m2\nm4|m3\n");
        RuleLists.Matched<Integer> matched =
                RuleLists.ids(SparkTestSession.get(), list(file, "psv", true, "mid"), mapping("m", 5));
        assertEquals(Set.of(2, 3), known(matched), "the mid column, not the first");
        assertEquals(0, matched.figures().unknown());
    }

    @Test
    void aHeaderlessListAndAParquetListAreRead() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path tsv = dir.resolve("users.tsv");
        Files.writeString(tsv, "u1\nu7\nu9\n");
        RuleLists.Matched<Integer> users = RuleLists.ids(spark, list(tsv, "tsv", false, "1"), mapping("u", 8));
        assertEquals(Set.of(1, 7), known(users));
        assertEquals(1, users.figures().unknown());

        Path parquet = dir.resolve("items.parquet");
        spark.createDataFrame(
                        List.of(RowFactory.create("x", "m1"), RowFactory.create("y", "m6")),
                        new StructType().add("other", DataTypes.StringType).add("mid", DataTypes.StringType))
                .write()
                .parquet(parquet.toString());
        RuleLists.Matched<Integer> items = RuleLists.ids(spark, list(parquet, "parquet", true, "mid"), mapping("m", 5));
        assertEquals(Set.of(1), known(items));
        assertEquals(new RuleLists.Figures(parquet.toString(), 2, 0, 2, 1, 1), items.figures());
    }

    @Test
    void pairsAreUnknownWhenTheirUserOrTheirItemIs() throws Exception {
        Path file = dir.resolve("pairs.psv");
        Files.writeString(file, "uid|mid\nu0|m1\nu1|m9\nux|m0\nu0|m1\nu2|m3\n");
        RuleLists.Matched<Rating> matched = RuleLists.pairs(
                SparkTestSession.get(),
                new InputSettings(file.toString(), "psv", true, "uid", "mid", null, null),
                mapping("u", 3),
                mapping("m", 5));
        assertEquals(
                Set.of("0-1", "2-3"),
                Set.copyOf(matched.known().map(r -> r.user() + "-" + r.item()).collect()));
        assertEquals(new RuleLists.Figures(file.toString(), 5, 0, 4, 2, 2), matched.figures());
    }

    @Test
    void anEmptyListIsEmptyNotAnError() throws Exception {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "mid\n");
        for (Path file : List.of(empty, headerOnly)) {
            RuleLists.Matched<Integer> matched =
                    RuleLists.ids(SparkTestSession.get(), list(file, "csv", true, "mid"), mapping("m", 5));
            assertEquals(Set.of(), known(matched));
            assertEquals(new RuleLists.Figures(file.toString(), 0, 0, 0, 0, 0), matched.figures());
        }
    }

    @Test
    void aMissingListIsASettingError() {
        ConfigError error = assertThrows(
                ConfigError.class,
                () -> RuleLists.checkExists(
                        SparkTestSession.get(), list(dir.resolve("nothing.csv"), "csv", true, "mid")));
        assertEquals(Setting.INPUT_PATH, error.setting());
    }
}
