package org.wrmf.data;

import java.util.List;
import org.wrmf.common.ConfigError;
import org.wrmf.common.Setting;

/**
 * Where the wanted columns sit in a delimited line, resolved once on the driver from the first line:
 * by name against the header, or by 0-based position. -1 marks an optional column that is absent
 * (weight, name, time).
 */
record ColumnPositions(int fieldCount, int user, int item, int weight, int name, int time)
        implements java.io.Serializable {

    static ColumnPositions resolve(InputSettings input, String firstLine, LineParser parser) {
        List<String> first;
        try {
            first = parser.split(firstLine);
        } catch (LineParser.MalformedLine e) {
            throw ConfigError.of(
                    Setting.INPUT_PATH, "cannot read the first line of " + input.path() + ": " + e.getMessage());
        }
        List<String> header = input.header() ? first.stream().map(String::trim).toList() : null;
        int count = first.size();
        return new ColumnPositions(
                count,
                position(input.userColumn(), header, count, Setting.INPUT_USER_COLUMN),
                position(input.itemColumn(), header, count, Setting.INPUT_ITEM_COLUMN),
                input.weightColumn() == null
                        ? -1
                        : position(input.weightColumn(), header, count, Setting.INPUT_WEIGHT_COLUMN),
                nameColumn(input, header, count),
                input.timeColumn() == null
                        ? -1
                        : position(input.timeColumn(), header, count, Setting.INPUT_TIME_COLUMN));
    }

    /**
     * The name column is optional, but one asked for that the header lacks is a mistake (exit 2), not "no
     * names". The default (not asked for) the header lacks means no names, and so does, without a header,
     * where names cannot be looked up, a name that is not a position (so the default fits headerless files
     * such as MovieLens).
     */
    private static int nameColumn(InputSettings input, List<String> header, int count) {
        String name = input.nameColumn();
        if (name == null
                || (header == null && !isPosition(name))
                || (header != null && input.nameOptional() && !header.contains(name))) {
            return -1;
        }
        return position(name, header, count, Setting.INPUT_NAME_COLUMN);
    }

    private static int position(String column, List<String> header, int count, Setting setting) {
        if (header != null && header.contains(column)) {
            return header.indexOf(column);
        }
        if (isPosition(column)) {
            int position = Integer.parseInt(column);
            if (position < count) {
                return position;
            }
            throw ConfigError.of(
                    setting, "position " + position + " is past the " + count + " fields of the first line");
        }
        if (header == null) {
            throw ConfigError.of(
                    setting,
                    "\"" + column + "\" is a name, but the input has no header "
                            + "(give a 0-based position, or read the first line as a header)");
        }
        throw ConfigError.of(
                setting,
                "no column \"" + column + "\" in the header " + header
                        + (setting == Setting.INPUT_NAME_COLUMN
                                ? " (set it to \"\" when the input has no names)"
                                : ""));
    }

    private static boolean isPosition(String column) {
        return !column.isEmpty() && column.chars().allMatch(Character::isDigit);
    }
}
