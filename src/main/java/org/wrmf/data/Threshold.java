package org.wrmf.data;

import java.util.BitSet;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Drops users with fewer than minUserLikes likes and items with fewer than minItemLikes users,
 * alternately, until a round removes nothing (a k-core): removing users can push items under their
 * minimum and back. A round is two passes over the cached likes, no shuffle: the users' likes are
 * counted where the likes by user are, over the items kept so far, and the items' likes where the likes
 * by item are, over the users just kept. Only the sets of kept ids (bits) go to the driver and back.
 *
 * <p>Users and items only ever leave, so counting a user's likes over the kept items gives the counts
 * over the likes kept so far: the rounds, their order and their figures are those of the notebook's loop.
 */
public final class Threshold {
    private static final Logger LOG = LoggerFactory.getLogger(Threshold.class);

    private Threshold() {}

    /** The kept users and items (ranks of the ranked likes), the figures and the number of rounds. */
    record KCore(IdSet users, IdSet items, LikeStats before, LikeStats after, int rounds) {}

    static KCore apply(RankedLikes likes, int minUserLikes, int minItemLikes) {
        LikeStats before = new LikeStats(likes.numUsers(), likes.numItems(), likes.likes());
        LOG.info("threshold: before  {}", before);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(likes.byUser().context());
        IdSet items = IdSet.all(likes.numItems());
        IdSet users;
        long size = before.likes();
        int rounds = 0;
        while (true) {
            rounds++;
            users = usersWithAtLeast(jsc, likes, minUserLikes, items);
            Tuple2<IdSet, Long> kept = itemsWithAtLeast(jsc, likes, minItemLikes, users, items);
            items = kept._1();
            long nextSize = kept._2();
            LOG.info("threshold: round {} keeps {} likes", rounds, nextSize);
            if (nextSize == size) {
                break;
            }
            size = nextSize;
        }
        LikeStats after = new LikeStats(users.size(), items.size(), size);
        LOG.info("threshold: after   {} ({} rounds)", after, rounds);
        return new KCore(users, items, before, after, rounds);
    }

    /** The users with at least min likes of the given items. */
    private static IdSet usersWithAtLeast(JavaSparkContext jsc, RankedLikes likes, int min, IdSet items) {
        Broadcast<IdSet> kept = jsc.broadcast(items);
        List<BitSet> blocks = likes.byUser()
                .map(block -> {
                    IdSet keptItems = kept.value();
                    BitSet users = new BitSet(block.rows());
                    for (int r = 0; r < block.rows(); r++) {
                        int count = 0;
                        for (int at = block.start[r]; at < block.start[r + 1]; at++) {
                            count += keptItems.contains(block.columns[at]) ? 1 : 0;
                        }
                        users.set(r, count >= min);
                    }
                    return users;
                })
                .collect();
        kept.destroy();
        return IdSet.of(concatenated(blocks, likes.userFirst()), likes.numUsers());
    }

    /** The given items with at least min likes by the given users, and the number of those likes. */
    private static Tuple2<IdSet, Long> itemsWithAtLeast(
            JavaSparkContext jsc, RankedLikes likes, int min, IdSet users, IdSet items) {
        Broadcast<IdSet> keptUsers = jsc.broadcast(users);
        Broadcast<IdSet> keptItems = jsc.broadcast(items);
        int[] itemFirst = likes.itemFirst();
        List<Tuple2<BitSet, Long>> blocks = likes.byItem()
                .mapPartitionsWithIndex(
                        (p, parts) -> {
                            ItemLikes block = parts.next();
                            BitSet kept = new BitSet(block.items.length);
                            long likesKept = 0;
                            for (int i = 0; i < block.items.length; i++) {
                                if (keptItems.value().contains(itemFirst[p] + i)) {
                                    int count = 0;
                                    for (int at = block.start[i]; at < block.start[i + 1]; at++) {
                                        count += keptUsers.value().contains(block.users[at]) ? 1 : 0;
                                    }
                                    if (count >= min) {
                                        kept.set(i);
                                        likesKept += count;
                                    }
                                }
                            }
                            return List.of(new Tuple2<>(kept, likesKept)).iterator();
                        },
                        true)
                .collect();
        keptUsers.destroy();
        keptItems.destroy();
        long likesKept = blocks.stream().mapToLong(Tuple2::_2).sum();
        return new Tuple2<>(
                IdSet.of(concatenated(blocks.stream().map(Tuple2::_1).toList(), itemFirst), likes.numItems()),
                likesKept);
    }

    /** One set of ids from each block's set of positions, block p's first id being first[p]. */
    private static BitSet concatenated(List<BitSet> blocks, int[] first) {
        BitSet all = new BitSet(first[first.length - 1]);
        for (int p = 0; p < blocks.size(); p++) {
            BitSet block = blocks.get(p);
            for (int at = block.nextSetBit(0); at >= 0; at = block.nextSetBit(at + 1)) {
                all.set(first[p] + at);
            }
        }
        return all;
    }
}
