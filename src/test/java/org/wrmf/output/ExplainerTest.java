package org.wrmf.output;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ExplainerTest {

    /** Solves a dense system by Gaussian elimination with partial pivoting (the test's own reference). */
    static double[] gauss(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], 0, m[r], 0, n);
            m[r][n] = b[r];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = m[c];
            m[c] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double factor = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= factor * m[c][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = m[r][n] / m[r][r];
        }
        return x;
    }

    @Test
    void contributionsSumToTheExactScore() {
        int nItems = 12;
        int rank = 3;
        double alpha = 2;
        double lambda = 0.5;
        double[][] items = SparkMlModelTest.randomFactors(nItems, rank, 7);
        Map<Integer, Float> liked = new LinkedHashMap<>();
        liked.put(0, 1f);
        liked.put(3, 2f);
        liked.put(5, 1f);
        liked.put(7, 3f);

        // The dense form of the paper: A = Yᵀ C_u Y + λI and b = Yᵀ C_u p(u) over all items.
        double[] confidence = new double[nItems];
        double[] preference = new double[nItems];
        for (int i = 0; i < nItems; i++) {
            boolean isLiked = liked.containsKey(i);
            confidence[i] = isLiked ? 1 + alpha * liked.get(i) : 1;
            preference[i] = isLiked ? 1 : 0;
        }
        double[][] a = new double[rank][rank];
        double[] b = new double[rank];
        for (int i = 0; i < nItems; i++) {
            for (int r = 0; r < rank; r++) {
                b[r] += confidence[i] * preference[i] * items[i][r];
                for (int c = 0; c < rank; c++) {
                    a[r][c] += confidence[i] * items[i][r] * items[i][c];
                }
            }
        }
        for (int r = 0; r < rank; r++) {
            a[r][r] += lambda;
        }
        double[] user = gauss(a, b);

        for (int item = 0; item < nItems; item++) {
            Explainer.Explanation explanation = Explainer.explain(SparkMlModelTest.rdd(items), user, liked, item,
                    lambda, d -> 1 + alpha * d);
            double score = 0;
            for (int r = 0; r < rank; r++) {
                score += user[r] * items[item][r];
            }
            assertEquals(score, explanation.modelScore(), 1e-12);
            assertEquals(score, explanation.total(), 1e-9 * (1 + Math.abs(score)), "item " + item);
            assertEquals(liked.size(), explanation.contributions().size());
            double sum = 0;
            double previous = Double.POSITIVE_INFINITY;
            for (Explainer.Contribution contribution : explanation.contributions()) {
                assertTrue(contribution.contribution() <= previous, "sorted, largest first");
                previous = contribution.contribution();
                sum += contribution.contribution();
                // s_ij c_uj with s_ij = y_iᵀ A⁻¹ y_j, A⁻¹ y_j from the dense reference solve
                int j = contribution.likedItem();
                double[] wj = gauss(a, items[j]);
                double s = 0;
                for (int r = 0; r < rank; r++) {
                    s += items[item][r] * wj[r];
                }
                assertEquals(s * confidence[j], contribution.contribution(), 1e-9);
            }
            assertEquals(explanation.total(), sum, 1e-12);
        }
    }
}
