package org.wrmf.rank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.Optional;
import scala.Tuple2;

/**
 * Top-k ranking by dot product (or cosine) without ever forming the dense queries x candidates matrix.
 *
 * <p>Layout. Queries (users for recommendations and evaluation, items for similar items) are hashed
 * into {@code blocks} partitions, each packed into one {@link QueryBlock}: ids, factors end to end, and
 * each query's sorted exclusions (its training likes), joined in by the same shuffle. Candidates (items)
 * are hashed the same way into {@link CandidateBlock}s sorted by id. The cartesian product of the two
 * block RDDs gives blocks x blocks tasks; each scores its block pair with dgemm over cache-sized
 * chunks ({@link BlockScorer}) and keeps a bounded heap of k per query, so excluded pairs are skipped
 * while ranking rather than filtered afterwards (filtering afterwards would return fewer than k).
 * The partial rankings of one query, one per candidate block, are merged by a reduceByKey: the only
 * data shuffled after scoring is queries x blocks x k (id, score) pairs.
 *
 * <p>Ties are broken by the lower candidate id, in the heap and in the merge, so the result does not
 * depend on the number of blocks. The same pass can also count, for AUC, how many negatives each
 * query's held-out positives outrank ({@link #rank}); evaluation uses that to get top-k and AUC from
 * one pass.
 *
 * <p>Business rules on items ({@link ItemRules}: excluded items, a candidate list) restrict the candidate
 * side before it is packed: a ruled-out item is in no candidate block, so it is never scored, and the
 * heaps fill with allowed items only.
 */
public final class TopK {
    private TopK() {}

    /**
     * For each query index, its k best candidates by dot product or cosine, best first, skipping
     * excluded (query, candidate) pairs (exclusions may be null) and, when the options say so, the
     * query itself. Ties are broken by lower candidate index.
     */
    public static JavaPairRDD<Integer, Scored[]> topK(
            JavaPairRDD<Integer, double[]> queries,
            JavaPairRDD<Integer, double[]> candidates,
            int k,
            JavaPairRDD<Integer, int[]> exclusions,
            RankOptions options,
            int blocks) {
        return topK(queries, candidates, k, exclusions, ItemRules.NONE, options, blocks);
    }

    /**
     * The same, offering only the candidates the item rules allow (business rules: excluded items, a
     * candidate list): the others are left out of the candidate blocks, so each query gets its k best
     * among the allowed items it has not excluded.
     */
    public static JavaPairRDD<Integer, Scored[]> topK(
            JavaPairRDD<Integer, double[]> queries,
            JavaPairRDD<Integer, double[]> candidates,
            int k,
            JavaPairRDD<Integer, int[]> exclusions,
            ItemRules itemRules,
            RankOptions options,
            int blocks) {
        Partitioner partitioner = new HashPartitioner(Math.max(1, blocks));
        JavaPairRDD<Integer, double[]> allowed = itemRules.restrict(candidates, partitioner);
        JavaPairRDD<Integer, QueryRow> rows;
        if (exclusions == null) {
            rows = queries.mapValues(f -> new QueryRow(f, null, null, null));
        } else {
            rows = queries.leftOuterJoin(exclusions, partitioner).mapValues(TopK::queryRowWithExclusions);
        }
        return rank(rows, allowed, k, options, blocks).mapValues(Ranking::top);
    }

    private static QueryRow queryRowWithExclusions(Tuple2<double[], Optional<int[]>> joined) {
        int[] excluded = joined._2().isPresent() ? sortedCopy(joined._2().get()) : null;
        return new QueryRow(joined._1(), excluded, null, null);
    }

    /**
     * The general pass: each query row brings its own exclusions and, optionally, held-out positives
     * with their scores ({@link BlockScorer#pairScore}) for AUC. Every query gets a {@link Ranking} as
     * long as there is at least one candidate.
     */
    public static JavaPairRDD<Integer, Ranking> rank(
            JavaPairRDD<Integer, QueryRow> queries,
            JavaPairRDD<Integer, double[]> candidates,
            int k,
            RankOptions options,
            int blocks) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int blockCount = Math.max(1, blocks);
        Partitioner partitioner = new HashPartitioner(blockCount);
        JavaRDD<QueryBlock> queryBlocks =
                queries.partitionBy(partitioner).mapPartitions(it -> zeroOrOne(QueryBlock.pack(it, options.cosine())));
        JavaRDD<CandidateBlock> candidateBlocks = candidates
                .partitionBy(partitioner)
                .mapPartitions(it -> zeroOrOne(CandidateBlock.pack(it, options.cosine())));
        return queryBlocks
                .cartesian(candidateBlocks)
                .flatMapToPair(pair -> {
                    QueryBlock q = pair._1();
                    Ranking[] rankings = BlockScorer.score(q, pair._2(), k, options);
                    List<Tuple2<Integer, Ranking>> out = new ArrayList<>(rankings.length);
                    for (int i = 0; i < rankings.length; i++) {
                        out.add(new Tuple2<>(q.ids[i], rankings[i]));
                    }
                    return out.iterator();
                })
                .reduceByKey((a, b) -> Ranking.merge(a, b, k), blockCount);
    }

    private static <T> java.util.Iterator<T> zeroOrOne(T blockOrNull) {
        return blockOrNull == null
                ? Collections.emptyIterator()
                : Collections.singletonList(blockOrNull).iterator();
    }

    private static int[] sortedCopy(int[] ids) {
        int[] copy = ids.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }
}
