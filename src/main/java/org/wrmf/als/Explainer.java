package org.wrmf.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.wrmf.linalg.Cholesky;
import org.wrmf.linalg.RowDots;

/**
 * Why did the model score item i for user u? Hu, Koren &amp; Volinsky (2008), section 5: the exact
 * user factor given the item factors Y is x_u = W_u Yᵀ C_u p(u) with
 * W_u = (YᵀC_uY + λI)⁻¹ = (G + Σ_{j∈I(u)} (c_uj − 1) y_j y_jᵀ + λI)⁻¹, G = YᵀY, and p(u) is 1 exactly
 * on the liked items I(u). Hence
 * <pre>  score_ui = y_iᵀ x_u = Σ_{j∈I(u)} s_ij c_uj,   s_ij = y_iᵀ W_u y_j,</pre>
 * a sum of one contribution per liked item: "you were recommended i because you liked j".
 *
 * <p>The sum equals the model's own dot product when x_u is the exact solution given the final Y,
 * which {@link ImplicitAls#model()} guarantees (its last half-iteration solves the users exactly
 * against the returned items): on such a model the two agree to rounding. Both are returned, so a
 * model from elsewhere (or trained with other settings) shows its gap rather than hiding it. Cost: the
 * Gram matrix G (one pass over the item
 * factors, k×k summed on the cluster), the liked items' factors (|I(u)| rows) and one k×k Cholesky
 * solve W_u y_i on the driver ({@link Cholesky}, as training: with λ = 0 the same vanishing ridge);
 * s_ij = (W_u y_i)ᵀ y_j because W_u is symmetric.
 *
 * <p>The confidence function is the one training used (pass {@code AlsParams::confidence}). Under
 * {@link Confidence.Bm25Weighted} the user's likes are weighted first, with the training's {@link Bm25.Statistics}
 * and the user's own row length, as training weighted them.
 */
public final class Explainer {

    /** One liked item and its share of the score. */
    public record Contribution(int likedItem, double contribution) implements Serializable {}

    /**
     * @param item          the explained item (dense index)
     * @param contributions one per liked item, largest first
     * @param total         the sum of the contributions
     * @param modelScore    x_uᵀ y_i from the model's own user factor
     */
    public record Explanation(int item, List<Contribution> contributions, double total, double modelScore) {}

    private Explainer() {}

    /**
     * @param items          all item factors (dense index to factor)
     * @param userFactor     x_u as trained
     * @param likedWeights   the user's liked items (dense index) and their weights d_uj
     * @param item           the item to explain
     * @param regularization the user's λ_u as in training (under a scaled regularization,
     *                       {@link #rowRegularization})
     * @param confidence     d ↦ c, as in training (e.g. d ↦ 1 + α·d)
     */
    public static Explanation explain(
            JavaPairRDD<Integer, double[]> items,
            double[] userFactor,
            Map<Integer, Float> likedWeights,
            int item,
            double regularization,
            DoubleUnaryOperator confidence) {
        int rank = userFactor.length;
        List<Integer> wanted = new ArrayList<>(likedWeights.keySet());
        wanted.add(item);
        Set<Integer> lookup = new HashSet<>(wanted);
        Map<Integer, double[]> factors =
                items.filter(entry -> lookup.contains(entry._1())).collectAsMap();
        double[] target = factors.get(item);
        if (target == null) {
            throw new IllegalArgumentException("item index " + item + " has no factor");
        }

        double[] system = FactorModel.gram(items, rank); // + the liked items' terms and λI below
        double[] confidences = new double[wanted.size() - 1];
        for (int n = 0; n < confidences.length; n++) {
            int liked = wanted.get(n);
            double[] y = factors.get(liked);
            confidences[n] = confidence.applyAsDouble(likedWeights.get(liked));
            addOuter(system, y, confidences[n] - 1, rank);
        }
        for (int f = 0; f < rank; f++) {
            system[f * rank + f] += regularization;
        }
        double[] weighted = target.clone();
        new Cholesky(rank).solve(system, weighted, regularization > 0);

        List<Contribution> contributions = new ArrayList<>();
        double total = 0;
        for (int n = 0; n < confidences.length; n++) {
            double share = dot(weighted, factors.get(wanted.get(n))) * confidences[n];
            contributions.add(new Contribution(wanted.get(n), share));
            total += share;
        }
        contributions.sort(
                Comparator.comparingDouble(Contribution::contribution).reversed());
        return new Explanation(item, List.copyOf(contributions), total, dot(userFactor, target));
    }

    /**
     * Explains the score of {@code item} for {@code user} (dense indices) from the model, the likes it was
     * trained on and its training parameters (the user's λ_u under their scaling, and the confidence).
     *
     * @param bm25 the training's BM25 statistics when params' confidence is BM25, else null
     */
    public static Explanation explain(
            FactorModel model,
            JavaRDD<Rating> likes,
            int user,
            int item,
            AlsParams params,
            Bm25.Statistics bm25,
            int numItems) {
        if ((params.objective().bm25()) != (bm25 != null)) {
            throw new IllegalArgumentException("BM25 statistics are needed with, and only with, confidence BM25");
        }
        List<double[]> userFactor = model.users().lookup(user);
        if (userFactor.isEmpty()) {
            throw new IllegalArgumentException("user index " + user + " has no factor");
        }
        List<Rating> row = likes.filter(like -> like.user() == user)
                .map(like -> new Rating(0, like.item(), like.weight()))
                .collect();
        CompressedRows merged = CompressedRows.of(row, 1, Side.USERS);
        if (params.objective().confidence() instanceof Confidence.Bm25Weighted form) {
            merged = bm25.weighUsers(merged, form);
        }
        Map<Integer, Float> liked = new HashMap<>();
        for (int t = 0; t < merged.column().length; t++) {
            liked.put(merged.column()[t], merged.weight()[t]);
        }
        return explain(
                model.items(),
                userFactor.get(0),
                liked,
                item,
                rowRegularization(params, liked, numItems),
                params.objective()::confidence);
    }

    /**
     * The λ_u training used for a user with these likes: the params' user lambda scaled by their
     * {@link RegularizationScaling} (n_u likes, sum of their confidences, {@code numItems} columns).
     */
    public static double rowRegularization(AlsParams params, Map<Integer, Float> likedWeights, int numItems) {
        double confidenceSum = 0;
        for (float weight : likedWeights.values()) {
            confidenceSum += params.objective().confidence(weight);
        }
        return params.objective()
                .rowLambda(params.objective().regularizationUsers(), likedWeights.size(), confidenceSum, numItems);
    }

    /**
     * A few lines for a terminal: the total, the model's score, and the top contributions with the
     * liked items' labels (original id and name, as the caller maps them).
     */
    public static String describe(Explanation explanation, Map<Integer, String> labels, int top) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "score of %s: %.6f (model dot product %.6f), from %d liked items%n",
                labels.getOrDefault(explanation.item(), "item " + explanation.item()),
                explanation.total(),
                explanation.modelScore(),
                explanation.contributions().size()));
        int shown = 0;
        for (Contribution contribution : explanation.contributions()) {
            if (shown++ == top) {
                out.append(String.format(
                        Locale.ROOT,
                        "  ... %d more%n",
                        explanation.contributions().size() - top));
                break;
            }
            out.append(String.format(
                    Locale.ROOT,
                    "  %+.6f  %s%n",
                    contribution.contribution(),
                    labels.getOrDefault(contribution.likedItem(), "item " + contribution.likedItem())));
        }
        return out.toString();
    }

    private static void addOuter(double[] matrix, double[] y, double scale, int rank) {
        for (int r = 0; r < rank; r++) {
            double row = scale * y[r];
            for (int c = 0; c < rank; c++) {
                matrix[r * rank + c] += row * y[c];
            }
        }
    }

    private static double dot(double[] x, double[] y) {
        return RowDots.dot(x, 0, y, 0, x.length);
    }
}
