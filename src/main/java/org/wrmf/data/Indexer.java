package org.wrmf.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Maps string ids to dense ints 0..n-1 in the order of the ids (String order), so the same likes get the
 * same indices whatever the partitioning (results are reproducible and block-count independent).
 *
 * <p>Done in two steps around the threshold, each without a global sort. {@link #rank} numbers all ids:
 * the loaded likes come in ranges of users, sorted, so a user's rank is its position plus the users of
 * the blocks before; one shuffle into ranges of items does the same for items. {@link #index} then keeps
 * the ids the threshold kept, each numbered by the kept ids ranked below it: the order stays that of the
 * ids, and only the small sets of kept ids travel.
 */
public final class Indexer {
    private static final StructType USERS =
            new StructType().add("id", DataTypes.StringType, false).add("idx", DataTypes.IntegerType, false);
    private static final StructType ITEMS = USERS.add("name", DataTypes.StringType, true);
    static final StructType LIKES = new StructType()
            .add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false)
            .add("weight", DataTypes.FloatType, true);

    private Indexer() {}

    /** The indexed likes, and the same likes in blocks by user for the holdout (cached). */
    record Indexed(IndexedLikes likes, JavaRDD<SparseRows> byUser) {}

    /** Numbers every user and item of the loaded likes (which it releases) by its rank among the sorted ids. */
    static RankedLikes rank(LoadedLikes loaded) {
        int[] userFirst = loaded.userFirst();
        IdRanges itemRanges = loaded.itemRanges();
        JavaRDD<ItemLikes> byItem = JavaPairRDD.fromJavaRDD(loaded.byUser()
                        .mapPartitionsWithIndex(
                                (p, blocks) -> ItemChunk.of(blocks.next(), userFirst[p], itemRanges), true))
                .partitionBy(new HashPartitioner(itemRanges.count())) // an Integer key is its own hash
                .mapPartitions(chunks -> List.of(ItemLikes.of(chunks)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Integer> items = byItem.map(block -> block.items.length).collect();
        loaded.byUser().unpersist(false);
        int[] itemFirst = new int[items.size() + 1];
        for (int p = 0; p < items.size(); p++) {
            itemFirst[p + 1] = itemFirst[p] + items.get(p);
        }
        JavaRDD<Cells> cells = byItem.mapPartitionsWithIndex(
                (p, blocks) -> List.of(cells(blocks.next(), itemFirst[p])).iterator(), true);
        JavaRDD<SparseRows> byUser = SparseRows.byRow(cells, userFirst).persist(StorageLevel.MEMORY_AND_DISK());
        byUser.count();
        return new RankedLikes(loaded.userIds(), userFirst, byUser, byItem, itemFirst, loaded.likeCount());
    }

    private static Cells cells(ItemLikes block, int itemFirst) {
        Cells cells = new Cells();
        for (int i = 0; i < block.items.length; i++) {
            for (int at = block.start[i]; at < block.start[i + 1]; at++) {
                if (block.times == null) {
                    cells.add(block.users[at], itemFirst + i, block.weights[at]);
                } else {
                    cells.add(block.users[at], itemFirst + i, block.weights[at], block.times[at]);
                }
            }
        }
        return cells;
    }

    /**
     * The likes of the kept users and items, ids renumbered 0..n-1 in their order, with the id mappings
     * (cached, as are the likes by user); releases the ranked likes.
     */
    static Indexed index(SparkSession spark, RankedLikes ranked, IdSet users, IdSet items) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<IdSet> keptUsers = jsc.broadcast(users);
        Broadcast<IdSet> keptItems = jsc.broadcast(items);
        int[] userFirst = ranked.userFirst();
        int[] itemFirst = ranked.itemFirst();
        JavaRDD<SparseRows> byUser = ranked.byUser()
                .map(block -> kept(block, keptUsers.value(), keptItems.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> userIds = spark.createDataFrame(
                        ranked.userIds()
                                .mapPartitionsWithIndex(
                                        (p, blocks) -> {
                                            String[] ids = blocks.next().ids;
                                            IdSet kept = keptUsers.value();
                                            List<Row> rows = new ArrayList<>();
                                            for (int u = 0; u < ids.length; u++) {
                                                if (kept.contains(userFirst[p] + u)) {
                                                    rows.add(RowFactory.create(ids[u], kept.rank(userFirst[p] + u)));
                                                }
                                            }
                                            return rows.iterator();
                                        },
                                        true),
                        USERS)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> itemIds = spark.createDataFrame(
                        ranked.byItem()
                                .mapPartitionsWithIndex(
                                        (p, blocks) -> {
                                            ItemLikes block = blocks.next();
                                            IdSet kept = keptItems.value();
                                            List<Row> rows = new ArrayList<>();
                                            for (int i = 0; i < block.items.length; i++) {
                                                if (kept.contains(itemFirst[p] + i)) {
                                                    rows.add(RowFactory.create(
                                                            block.items[i],
                                                            kept.rank(itemFirst[p] + i),
                                                            block.name(i, keptUsers.value())));
                                                }
                                            }
                                            return rows.iterator();
                                        },
                                        true),
                        ITEMS)
                .persist(StorageLevel.MEMORY_AND_DISK());
        byUser.count();
        userIds.count();
        itemIds.count();
        ranked.unpersist();
        return new Indexed(
                new IndexedLikes(table(spark, byUser), userIds, itemIds, users.size(), items.size()), byUser);
    }

    /** A block's likes of kept users and items, renumbered. */
    private static SparseRows kept(SparseRows block, IdSet users, IdSet items) {
        int rows = 0;
        int likes = 0;
        for (int r = 0; r < block.rows(); r++) {
            if (users.contains(block.first + r)) {
                rows++;
                for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                    likes += items.contains(block.columns[at]) ? 1 : 0;
                }
            }
        }
        int[] start = new int[rows + 1];
        int[] columns = new int[likes];
        float[] weights = new float[likes];
        long[] times = block.times == null ? null : new long[likes];
        int row = 0;
        int like = 0;
        for (int r = 0; r < block.rows(); r++) {
            if (users.contains(block.first + r)) {
                for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                    if (items.contains(block.columns[at])) {
                        columns[like] = items.rank(block.columns[at]);
                        if (times != null) {
                            times[like] = block.times[at];
                        }
                        weights[like++] = block.weights[at];
                    }
                }
                start[++row] = like;
            }
        }
        return new SparseRows(users.rank(block.first), start, columns, weights, times);
    }

    /** Likes in blocks by user as a table: user, item (int), weight (float). */
    static Dataset<Row> table(SparkSession spark, JavaRDD<SparseRows> byUser) {
        return spark.createDataFrame(byUser.flatMap(block -> block.rows(r -> null)), LIKES);
    }

    /**
     * Numbers a one-column table of distinct ids: columns {@code id} (the input's type), {@code idx}, in id
     * order. String ids in String order (as {@link #rank} numbers them); int and long ids in numeric order.
     */
    public static Dataset<Row> numberIds(SparkSession spark, Dataset<Row> ids) {
        org.apache.spark.sql.types.DataType type = ids.schema().fields()[0].dataType();
        boolean numeric = type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType);
        if (!numeric && !type.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("ids must be strings, ints or longs, got " + type.simpleString());
        }
        JavaRDD<Row> rows = ids.javaRDD()
                .sortBy(
                        row -> numeric ? (Comparable<?>) ((Number) row.get(0)).longValue() : row.getString(0),
                        true,
                        Math.max(1, ids.javaRDD().getNumPartitions()))
                .zipWithIndex()
                .map(pair -> RowFactory.create(pair._1().get(0), Math.toIntExact(pair._2())));
        StructType schema = new StructType().add("id", type, false).add("idx", DataTypes.IntegerType, false);
        return spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK());
    }
}
