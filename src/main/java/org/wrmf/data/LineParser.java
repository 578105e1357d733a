package org.wrmf.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Splits one delimited line into fields. A field that starts with the quote character runs to the
 * next lone quote character (a doubled one stands for itself), so the notebook's {@code \a | b\} is the
 * single field {@code a | b}. A quote character inside an unquoted field is kept as it is.
 */
final class LineParser implements java.io.Serializable {
    private final char delimiter;
    private final char quote;

    LineParser(char delimiter, char quote) {
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The fields, or throws MalformedLine with the reason. */
    List<String> split(String line) throws MalformedLine {
        return split(line, new BitSet());
    }

    /** The fields, setting in {@code quoted} the positions of those written between quote characters. */
    List<String> split(String line, BitSet quoted) throws MalformedLine {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == quote) {
                StringBuilder field = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char c = line.charAt(j);
                    if (c == quote) {
                        if (j + 1 < n && line.charAt(j + 1) == quote) {
                            field.append(quote);
                            j += 2;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    field.append(c);
                    j++;
                }
                if (!closed) {
                    throw new MalformedLine("unterminated quote in field " + (fields.size() + 1));
                }
                quoted.set(fields.size());
                fields.add(field.toString());
                i = j + 1;
                if (i == n) {
                    return fields;
                }
                if (line.charAt(i) != delimiter) {
                    throw new MalformedLine("text after the closing quote of field " + fields.size());
                }
                i++;
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    fields.add(line.substring(i));
                    return fields;
                }
                fields.add(line.substring(i, end));
                i = end + 1;
            }
        }
    }

    /** Why a line cannot be read; becomes the reason column of the rejected rows. */
    static final class MalformedLine extends Exception {
        MalformedLine(String reason) {
            super(reason, null, false, false);
        }
    }
}
