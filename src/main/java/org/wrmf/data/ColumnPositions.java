package org.wrmf.data;

import org.wrmf.config.ConfigError;

import java.util.List;

/**
 * Where the wanted columns sit in a delimited line, resolved once on the driver from the first line:
 * by name against the header, or by 0-based position. -1 marks an optional column that is absent.
 */
record ColumnPositions(int fieldCount, int user, int item, int weight, int name) implements java.io.Serializable {

    static ColumnPositions resolve(InputSettings input, String firstLine, LineParser parser) {
        List<String> first;
        try {
            first = parser.split(firstLine);
        } catch (LineParser.MalformedLine e) {
            throw ConfigError.key("wrmf.input.path", "cannot read the first line of " + input.path() + ": "
                    + e.getMessage());
        }
        List<String> header = input.header() ? first.stream().map(String::trim).toList() : null;
        int count = first.size();
        return new ColumnPositions(count,
                position(input.userColumn(), header, count, "wrmf.input.columns.user"),
                position(input.itemColumn(), header, count, "wrmf.input.columns.item"),
                input.weightColumn() == null ? -1
                        : position(input.weightColumn(), header, count, "wrmf.input.columns.weight"),
                nameColumn(input, header, count));
    }

    /**
     * The name column is optional, but one the header lacks is a mistake (exit 2), not "no names": an
     * input without names sets it to "". Only a headerless input, where names cannot be looked up, reads
     * a name that is not a position as "no names" (so the default fits headerless files such as MovieLens).
     */
    private static int nameColumn(InputSettings input, List<String> header, int count) {
        String name = input.nameColumn();
        if (name == null || (header == null && !isPosition(name))) {
            return -1;
        }
        return position(name, header, count, "wrmf.input.columns.name");
    }

    private static int position(String column, List<String> header, int count, String key) {
        if (header != null && header.contains(column)) {
            return header.indexOf(column);
        }
        if (isPosition(column)) {
            int position = Integer.parseInt(column);
            if (position < count) {
                return position;
            }
            throw ConfigError.key(key, "position " + position + " is past the " + count + " fields of the first line");
        }
        if (header == null) {
            throw ConfigError.key(key, "\"" + column + "\" is a name, but the input has no header "
                    + "(set wrmf.input.header=true, or give a 0-based position)");
        }
        throw ConfigError.key(key, "no column \"" + column + "\" in the header " + header
                + (key.equals("wrmf.input.columns.name") ? " (set it to \"\" when the input has no names)" : ""));
    }

    private static boolean isPosition(String column) {
        return !column.isEmpty() && column.chars().allMatch(Character::isDigit);
    }
}
