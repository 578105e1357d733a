package org.wrmf.tuning;

import java.util.List;
import java.util.Locale;
import org.wrmf.eval.FullRowMse;
import org.wrmf.eval.Metrics;
import org.wrmf.eval.NotebookPrecisionAtK;

/**
 * The notebook's learning-curve table ({@code print_log}): cells 12 characters wide, text and
 * integers centred, floats centred with 5 decimals, a rule of '=' under the header and of '-' under
 * every row.
 */
final class NotebookTable {
    static final int SPACING = 12;

    private NotebookTable() {}

    static String of(List<CurveRow> rows) {
        StringBuilder out = new StringBuilder();
        String rule = rule('-');
        out.append(rule).append('\n');
        out.append(line(new Object[] {"epochs", "p@k train", "p@k test", "mse train", "mse test"}))
                .append('\n');
        out.append(rule('=')).append('\n');
        for (CurveRow row : rows) {
            Metrics m = row.metrics();
            out.append(line(new Object[] {
                        row.epoch(),
                        m.value(NotebookPrecisionAtK.TRAIN),
                        m.value(NotebookPrecisionAtK.TEST),
                        m.value(FullRowMse.TRAIN),
                        m.value(FullRowMse.TEST)
                    }))
                    .append('\n');
            out.append(rule).append('\n');
        }
        return out.toString();
    }

    private static String rule(char c) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append('+').append(String.valueOf(c).repeat(SPACING));
        }
        return out.append('+').toString();
    }

    private static String line(Object[] cells) {
        StringBuilder out = new StringBuilder();
        for (Object cell : cells) {
            String text = cell instanceof Double d ? String.format(Locale.ROOT, "%.5f", d) : String.valueOf(cell);
            out.append("| ").append(centre(text, SPACING - 2)).append(' ');
        }
        return out.append('|').toString();
    }

    /** Python's '^' alignment: the odd space of padding goes to the right. */
    private static String centre(String text, int width) {
        int pad = Math.max(0, width - text.length());
        return " ".repeat(pad / 2) + text + " ".repeat(pad - pad / 2);
    }
}
