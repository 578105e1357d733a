package org.wrmf.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.Slow;
import org.wrmf.SparkTestSession;
import org.wrmf.als.FactorModel;
import org.wrmf.als.Rating;

@Slow
class OutputWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryOutputOnceAndRefusesASecondRunWithoutOverwrite() {
        SparkSession spark = SparkTestSession.get();
        int nUsers = 6;
        int nItems = 10;
        double[][] userFactors = SparkMlModelTest.randomFactors(nUsers, 3, 31);
        FactorModel model = new FactorModel(
                3,
                SparkMlModelTest.rdd(userFactors),
                SparkMlModelTest.rdd(SparkMlModelTest.randomFactors(nItems, 3, 32)));
        List<Rating> likes = new ArrayList<>();
        for (int u = 0; u < nUsers; u++) {
            likes.add(new Rating(u, u, 1f));
            likes.add(new Rating(u, (u + 3) % nItems, 1f));
        }
        OutputSettings settings = new OutputSettings(dir.resolve("run").toString(), false, 3, 2, 2, "", 2, 2);
        OutputWriter.writeAll(
                spark,
                model,
                SparkMlModelTest.ids("u", nUsers),
                SparkMlModelTest.ids("m", nItems),
                SparkTestSession.jsc().parallelize(likes, 2),
                null,
                settings);

        for (String folder : List.of("factors/users", "factors/items", "model", "similar-items", "recommendations")) {
            assertTrue(Files.exists(dir.resolve("run").resolve(folder).resolve("_SUCCESS")), folder);
        }
        List<Row> users = spark.read()
                .parquet(dir.resolve("run/factors/users").toString())
                .collectAsList();
        assertEquals(nUsers, users.size());
        for (Row user : users) {
            double[] x = userFactors[Integer.parseInt(user.getString(0).substring(1))];
            List<Float> features = user.getList(1);
            for (int f = 0; f < x.length; f++) {
                assertEquals((float) x[f], features.get(f), "written as the float nearest the factor");
            }
        }
        assertEquals(
                nItems * 2,
                spark.read()
                        .parquet(dir.resolve("run/similar-items").toString())
                        .count());
        List<Row> recommendations = spark.read()
                .parquet(dir.resolve("run/recommendations").toString())
                .collectAsList();
        assertEquals(nUsers * 3, recommendations.size());
        for (Row row : recommendations) {
            int u = Integer.parseInt(row.getString(0).substring(1));
            int i = Integer.parseInt(row.getString(1).substring(1));
            assertTrue(i != u && i != (u + 3) % nItems, "user " + u + " liked item " + i);
        }

        assertThrows(
                OutputExistsException.class,
                () -> OutputWriter.writeAll(
                        spark,
                        model,
                        SparkMlModelTest.ids("u", nUsers),
                        SparkMlModelTest.ids("m", nItems),
                        SparkTestSession.jsc().parallelize(likes, 2),
                        null,
                        settings));
    }
}
