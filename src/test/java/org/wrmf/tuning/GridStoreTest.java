package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wrmf.eval.Metrics;

class GridStoreTest {
    @TempDir
    Path output;

    private static CurveRow row(GridPoint point, int epoch, double first) {
        double[] values = new double[Metrics.NAMES.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = first / (i + 3);
        }
        values[values.length - 1] = Double.NaN;
        return new CurveRow(point, epoch, new Metrics(5, 17, values), 0.1 * epoch, 1.0 / 3);
    }

    /** Doubles read back bit for bit (NaN included), and a rewritten point replaces the old one whole. */
    @Test
    void pointsReadBackExactlyAndAreReplacedWhole() throws IOException {
        GridStore store = GridStore.open(output.toString(), new Configuration(), "key");
        GridPoint point = new GridPoint(10, 0.1, 40);
        assertEquals(Optional.empty(), store.read(point));

        List<CurveRow> curve = List.of(row(point, 2, 1), row(point, 4, Math.PI));
        store.write(point, curve);
        assertEquals(Optional.of(curve), store.read(point));

        List<CurveRow> rerun = List.of(row(point, 2, Math.E));
        store.write(point, rerun);
        assertEquals(Optional.of(rerun), store.read(point));
        try (Stream<Path> files = Files.list(output.resolve("grid/points/key"))) {
            assertEquals(
                    List.of("f10_r0.1_a40.0.tsv"),
                    files.map(p -> p.getFileName().toString())
                            .filter(name -> !name.endsWith(".crc"))
                            .toList());
        }

        GridPoint scaled = new GridPoint(10, 0.1, 40, org.wrmf.als.RegularizationScaling.FREQUENCY, 0.5);
        List<CurveRow> withLoss = List.of(new CurveRow(
                scaled, 3, row(scaled, 3, 1).metrics(), 1, 2, new org.wrmf.als.Loss(1.5, Math.PI, 1.0 / 7)));
        store.write(scaled, withLoss);
        assertEquals(Optional.of(withLoss), store.read(scaled), "loss parts read back exactly");
        assertEquals(Optional.of(rerun), store.read(point), "a scaled point has its own file");

        store.clear();
        assertEquals(Optional.empty(), store.read(point));
    }
}
