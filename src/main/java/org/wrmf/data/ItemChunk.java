package org.wrmf.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import scala.Tuple2;

/**
 * The likes of one block of users bound for one range of items: the chunk's distinct items once, then
 * per like its item (a position in them), user (rank), weight (narrowed to the float the prepared
 * tables hold) and name. Sorting is left to the range, which sorts each item once; every block of users
 * holds most items, and sorting them there cost a sort per block.
 */
final class ItemChunk implements Serializable, KryoSerializable {
    String[] items;
    int[] itemOf;
    int[] users;
    float[] weights;
    /** Each like's name: one instance per item and name within a block. */
    String[] names;
    /** Each like's time (epoch seconds); null without a time column. */
    long[] times;

    private ItemChunk(String[] items, int likes, boolean timed) {
        this.items = items;
        this.itemOf = new int[likes];
        this.users = new int[likes];
        this.weights = new float[likes];
        this.names = new String[likes];
        this.times = timed ? new long[likes] : null;
    }

    /**
     * Strings written as they are (Kryo's own array serializer tracks each one it writes), a like's name
     * only when it is not its item's first: the likes of an item share their name, almost always. The
     * fields are set by {@link #read} and never after.
     */
    @Override
    public void write(Kryo kryo, Output output) {
        output.writeVarInt(items.length, true);
        for (String item : items) {
            output.writeString(item);
        }
        String[] itemNames = new String[items.length];
        boolean[] named = new boolean[items.length];
        output.writeVarInt(size(), true);
        output.writeBoolean(times != null);
        for (int at = 0; at < size(); at++) {
            output.writeVarInt(itemOf[at], true);
            output.writeVarInt(users[at], true);
            output.writeFloat(weights[at]);
            boolean sameName = named[itemOf[at]] && Objects.equals(names[at], itemNames[itemOf[at]]);
            output.writeBoolean(sameName);
            if (!sameName) {
                output.writeString(names[at]);
                itemNames[itemOf[at]] = names[at];
                named[itemOf[at]] = true;
            }
            if (times != null) {
                output.writeLong(times[at]);
            }
        }
    }

    @Override
    public void read(Kryo kryo, Input input) {
        items = new String[input.readVarInt(true)];
        for (int i = 0; i < items.length; i++) {
            items[i] = input.readString();
        }
        String[] itemNames = new String[items.length];
        int likes = input.readVarInt(true);
        itemOf = new int[likes];
        users = new int[likes];
        weights = new float[likes];
        names = new String[likes];
        times = input.readBoolean() ? new long[likes] : null;
        for (int at = 0; at < likes; at++) {
            itemOf[at] = input.readVarInt(true);
            users[at] = input.readVarInt(true);
            weights[at] = input.readFloat();
            if (!input.readBoolean()) {
                itemNames[itemOf[at]] = input.readString();
            }
            names[at] = itemNames[itemOf[at]];
            if (times != null) {
                times[at] = input.readLong();
            }
        }
    }

    int size() {
        return itemOf.length;
    }

    /** A block of users (the first ranked userFirst) as chunks keyed by range of items. */
    static Iterator<Tuple2<Integer, ItemChunk>> of(UserLikes block, int userFirst, IdRanges ranges) {
        int[] rangeOf = new int[block.itemIds.length];
        int[] positionOf = new int[block.itemIds.length];
        int[] itemsIn = new int[ranges.count()];
        for (int i = 0; i < rangeOf.length; i++) {
            rangeOf[i] = ranges.of(block.itemIds[i]);
            positionOf[i] = itemsIn[rangeOf[i]]++;
        }
        int[] likesIn = new int[ranges.count()];
        for (int item : block.itemOf) {
            likesIn[rangeOf[item]]++;
        }
        ItemChunk[] chunks = new ItemChunk[ranges.count()];
        for (int r = 0; r < chunks.length; r++) {
            chunks[r] = new ItemChunk(new String[itemsIn[r]], likesIn[r], block.times != null);
        }
        for (int i = 0; i < rangeOf.length; i++) {
            chunks[rangeOf[i]].items[positionOf[i]] = block.itemIds[i];
        }
        int[] filled = new int[chunks.length];
        for (int u = 0; u < block.users.length; u++) {
            for (int at = block.start[u]; at < block.start[u + 1]; at++) {
                int item = block.itemOf[at];
                ItemChunk chunk = chunks[rangeOf[item]];
                int like = filled[rangeOf[item]]++;
                chunk.itemOf[like] = positionOf[item];
                chunk.users[like] = userFirst + u;
                chunk.weights[like] = (float) block.weights[at];
                chunk.names[like] = block.names[at];
                if (block.times != null) {
                    chunk.times[like] = block.times[at];
                }
            }
        }
        List<Tuple2<Integer, ItemChunk>> out = new ArrayList<>();
        for (int r = 0; r < chunks.length; r++) {
            if (chunks[r].size() > 0) {
                out.add(new Tuple2<>(r, chunks[r]));
            }
        }
        return out.iterator();
    }
}
