package org.wrmf.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wrmf.eval.FullRowMse;
import org.wrmf.eval.Metrics;
import org.wrmf.eval.NotebookPrecisionAtK;

class NotebookTableTest {

    /** The first rows of the notebook's best learning curve, character for character. */
    @Test
    void formatsLikeTheNotebooksPrintLog() {
        GridPoint point = new GridPoint(40, 0.1, 50);
        List<CurveRow> rows = List.of(
                row(point, 2, 0.33988, 0.02541, 0.01333, 0.01403), row(point, 10, 0.28638, 0.04407, 0.01284, 0.01370));
        String expected = String.join(
                        "\n",
                        "+------------+------------+------------+------------+------------+",
                        "|   epochs   | p@k train  |  p@k test  | mse train  |  mse test  |",
                        "+============+============+============+============+============+",
                        "|     2      |  0.33988   |  0.02541   |  0.01333   |  0.01403   |",
                        "+------------+------------+------------+------------+------------+",
                        "|     10     |  0.28638   |  0.04407   |  0.01284   |  0.01370   |",
                        "+------------+------------+------------+------------+------------+")
                + "\n";
        assertEquals(expected, NotebookTable.of(rows));
    }

    @Test
    void bestRowMaximisesScoresAndMinimisesErrors() {
        GridPoint a = new GridPoint(10, 0, 1);
        GridPoint b = new GridPoint(20, 0, 1);
        List<CurveRow> rows = List.of(
                row(a, 2, 0.3, 0.04, 0.02, 0.03), row(a, 4, 0.3, 0.05, 0.01, 0.05), row(b, 2, 0.3, 0.05, 0.03, 0.02));
        assertEquals(rows.get(1), GridSearch.best(rows, "p_at_k_test"), "ties go to the earlier row");
        assertEquals(rows.get(2), GridSearch.best(rows, "mse_test"));
    }

    private static CurveRow row(
            GridPoint point, int epoch, double pTrain, double pTest, double mseTrain, double mseTest) {
        double[] values = new double[Metrics.NAMES.size()];
        values[Metrics.NAMES.indexOf(NotebookPrecisionAtK.TRAIN)] = pTrain;
        values[Metrics.NAMES.indexOf(NotebookPrecisionAtK.TEST)] = pTest;
        values[Metrics.NAMES.indexOf(FullRowMse.TRAIN)] = mseTrain;
        values[Metrics.NAMES.indexOf(FullRowMse.TEST)] = mseTest;
        return new CurveRow(point, epoch, new Metrics(5, 100, values), 0, 0);
    }
}
