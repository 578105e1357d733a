package org.wrmf.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The valid rows of one input split bound for one range of users, in arrays: sorted by (user, item),
 * duplicates already merged (weights summed, smallest name, copies counted). The shuffle that
 * deduplicates moves these, not an object per row.
 */
final class UserChunk implements Serializable, KryoSerializable {
    String[] users;
    String[] items;
    double[] weights;
    String[] names;
    int[] copies;
    /** Each pair's latest time (epoch seconds) among its rows; null without a time column. */
    long[] times;
    /** The split's rejected lines, counted in one of its chunks. */
    long rejected;
    /** The split's valid rows whose ids lost surrounding spaces, counted in the same chunk. */
    long trimmed;

    private UserChunk(
            String[] users,
            String[] items,
            double[] weights,
            String[] names,
            int[] copies,
            long[] times,
            long rejected,
            long trimmed) {
        this.users = users;
        this.items = items;
        this.weights = weights;
        this.names = names;
        this.copies = copies;
        this.times = times;
        this.rejected = rejected;
        this.trimmed = trimmed;
    }

    /**
     * Strings written as they are, a user once per run of its rows: Kryo's own array serializer tracks
     * every string it writes, to write a repeated one by reference, which cost a fifth of the map side.
     * The fields are set by {@link #read} and never after.
     */
    @Override
    public void write(Kryo kryo, Output output) {
        output.writeVarInt(size(), true);
        output.writeVarLong(rejected, true);
        output.writeVarLong(trimmed, true);
        output.writeBoolean(times != null);
        for (int at = 0; at < size(); at++) {
            boolean sameUser = at > 0 && users[at].equals(users[at - 1]);
            output.writeBoolean(sameUser);
            if (!sameUser) {
                output.writeString(users[at]);
            }
            output.writeString(items[at]);
            output.writeDouble(weights[at]);
            output.writeString(names[at]);
            output.writeVarInt(copies[at], true);
            if (times != null) {
                output.writeLong(times[at]);
            }
        }
    }

    @Override
    public void read(Kryo kryo, Input input) {
        int size = input.readVarInt(true);
        rejected = input.readVarLong(true);
        trimmed = input.readVarLong(true);
        times = input.readBoolean() ? new long[size] : null;
        users = new String[size];
        items = new String[size];
        weights = new double[size];
        names = new String[size];
        copies = new int[size];
        for (int at = 0; at < size; at++) {
            users[at] = input.readBoolean() ? users[at - 1] : input.readString();
            items[at] = input.readString();
            weights[at] = input.readDouble();
            names[at] = input.readString();
            copies[at] = input.readVarInt(true);
            if (times != null) {
                times[at] = input.readLong();
            }
        }
    }

    int size() {
        return users.length;
    }

    /**
     * A split's rows (the parsed layout: valid, user, item, weight, name, ...) as chunks keyed by range;
     * without weights in the input, each like weighs 1. Timed: the rows carry their time.
     */
    static Iterator<Tuple2<Integer, UserChunk>> of(
            Iterator<Row> rows, IdRanges ranges, boolean weighted, boolean timed) {
        List<List<Pending>> byRange = new ArrayList<>();
        for (int p = 0; p < ranges.count(); p++) {
            byRange.add(new ArrayList<>());
        }
        String user = null;
        int range = 0;
        long rejected = 0;
        long trimmed = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (!row.getBoolean(0)) {
                rejected++;
                continue;
            }
            if (row.getBoolean(9)) {
                trimmed++;
            }
            if (!row.getString(1).equals(user)) { // a user's rows mostly come together: one instance
                user = row.getString(1);
                range = ranges.of(user);
            }
            byRange.get(range)
                    .add(new Pending(
                            user,
                            row.getString(2),
                            weighted ? row.getDouble(3) : 1.0,
                            row.getString(4),
                            timed ? row.getLong(10) : 0));
        }
        List<Tuple2<Integer, UserChunk>> chunks = new ArrayList<>();
        for (int p = 0; p < byRange.size(); p++) {
            if (!byRange.get(p).isEmpty()) {
                boolean first = chunks.isEmpty();
                chunks.add(new Tuple2<>(
                        p, merged(byRange.get(p), weighted, timed, first ? rejected : 0, first ? trimmed : 0)));
            }
        }
        if (chunks.isEmpty() && rejected > 0) {
            chunks.add(new Tuple2<>(0, merged(new ArrayList<>(), weighted, timed, rejected, 0)));
        }
        return chunks.iterator();
    }

    /**
     * Sorted in String order (the order the indices have always followed), duplicates merged: a pair keeps
     * its latest time.
     */
    private static UserChunk merged(List<Pending> rows, boolean weighted, boolean timed, long rejected, long trimmed) {
        rows = sorted(rows);
        int size = 0;
        for (int r = 0; r < rows.size(); r++) {
            size += r > 0 && rows.get(r).samePair(rows.get(r - 1)) ? 0 : 1;
        }
        String[] users = new String[size];
        String[] items = new String[size];
        double[] weights = new double[size];
        String[] names = new String[size];
        int[] copies = new int[size];
        long[] times = timed ? new long[size] : null;
        int at = -1;
        for (int r = 0; r < rows.size(); r++) {
            Pending row = rows.get(r);
            if (r > 0 && row.samePair(rows.get(r - 1))) {
                weights[at] += weighted ? row.weight : 0;
                names[at] = UserLikes.smaller(names[at], row.name);
                copies[at]++;
                if (timed) {
                    times[at] = Math.max(times[at], row.time);
                }
            } else {
                at++;
                users[at] = row.user;
                items[at] = row.item;
                weights[at] = row.weight;
                names[at] = row.name;
                copies[at] = 1;
                if (timed) {
                    times[at] = row.time;
                }
            }
        }
        return new UserChunk(users, items, weights, names, copies, times, rejected, trimmed);
    }

    /**
     * The rows sorted by (user, item). A user's rows mostly come in runs, so each run is sorted by item on
     * its own (small sorts), then the runs by user: far fewer string comparisons than one sort of all rows.
     */
    private static List<Pending> sorted(List<Pending> rows) {
        List<UserRun> runs = new ArrayList<>();
        for (int from = 0, to = 1; from < rows.size(); from = to++) {
            while (to < rows.size() && rows.get(to).user == rows.get(from).user) {
                to++;
            }
            runs.add(new UserRun(rows.get(from).user, from, to));
        }
        runs.sort(Comparator.comparing(UserRun::user));
        List<Pending> sorted = new ArrayList<>(rows.size());
        for (int r = 0; r < runs.size(); r++) {
            int first = sorted.size();
            sorted.addAll(rows.subList(runs.get(r).from, runs.get(r).to));
            while (r + 1 < runs.size() && runs.get(r + 1).user.equals(runs.get(r).user)) { // a user in several runs
                r++;
                sorted.addAll(rows.subList(runs.get(r).from, runs.get(r).to));
            }
            sorted.subList(first, sorted.size()).sort(Comparator.comparing(Pending::item));
        }
        return sorted;
    }

    /** Consecutive rows of one user. */
    private record UserRun(String user, int from, int to) {}

    private record Pending(String user, String item, double weight, String name, long time) {
        boolean samePair(Pending other) {
            return user.equals(other.user) && item.equals(other.item);
        }
    }
}
