package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wrmf.als.AlsTestSupport.randomWeights;
import static org.wrmf.als.AlsTestSupport.ratings;
import static org.wrmf.als.AlsTestSupport.toDense;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wrmf.TestParams;

/**
 * The model the engine returns is consistent: its users are the exact solutions given its items, so
 * explain's contributions sum to the stored score.
 */
class ConsistentModelTest {
    private static final int USERS = 19;
    private static final int ITEMS = 14;
    private static final int RANK = 3;
    private static final double[][] WEIGHTS = randomWeights(USERS, ITEMS, 0.35, 9);

    @ParameterizedTest
    @ValueSource(strings = {"CHOLESKY:CONSTANT", "CHOLESKY:COUNT", "CHOLESKY:FREQUENCY", "CG:COUNT"})
    void storedUsersAreExactGivenStoredItemsAndExplainSumsToTheScore(String form) {
        Solver solver = Solver.valueOf(form.split(":")[0]);
        RegularizationScaling scaling = RegularizationScaling.valueOf(form.split(":")[1]);
        AlsParams p = TestParams.als()
                .factors(RANK)
                .regularizationUsers(0.4)
                .regularizationItems(0.2)
                .alpha(3)
                .regularizationScaling(scaling)
                .regularizationExponent(0.9)
                .solver(solver)
                .blocks(2)
                .build();
        try (ImplicitAls als = new ImplicitAls(ratings(WEIGHTS, 2), USERS, ITEMS, p)) {
            als.initialize();
            als.iterate(4);
            FactorModel model = als.model();
            double[][] users = toDense(model.users(), USERS);
            double[][] items = toDense(model.items(), ITEMS);
            DenseReferenceAls dense = new DenseReferenceAls(WEIGHTS, 3, false, 1e-8, 0.4, 0.2).scaled(scaling, 0.9);
            dense.start(users, items);
            dense.finish(); // a fresh exact solve of every user against the stored items
            for (int u = 0; u < USERS; u++) {
                for (int f = 0; f < RANK; f++) {
                    assertEquals(dense.users[u][f], users[u][f], 1e-6, "user " + u);
                }
            }
            for (int u : List.of(0, 5, 11)) {
                Map<Integer, Float> liked = new HashMap<>();
                for (int i = 0; i < ITEMS; i++) {
                    if (!Double.isNaN(WEIGHTS[u][i])) {
                        liked.put(i, (float) WEIGHTS[u][i]);
                    }
                }
                assertTrue(!liked.isEmpty());
                for (int item : List.of(1, 7)) {
                    Explainer.Explanation explanation = Explainer.explain(
                            model.items(),
                            users[u],
                            liked,
                            item,
                            Explainer.rowRegularization(p, liked, ITEMS),
                            p.objective()::confidence);
                    assertEquals(explanation.modelScore(), explanation.total(), 1e-9, "user " + u + ", item " + item);
                }
            }
        }
    }
}
