package org.wrmf.als;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wrmf.TestParams;

/**
 * The chunked CG solver against textbook conjugate gradient written here row by row in double on the
 * dense A = G + sum (c - 1) y~ y~^T + lambda I, b = sum c y~, with y~ the sources rounded to floats as
 * CG gets them, and G and c = 1 + alpha d computed here: same start, same steps, same answer up to the
 * float products' rounding. The block has more rows than a chunk holds, empty rows, and one row whose
 * sources alone exceed a chunk's gathered-values budget (and span many of the float sums' segments).
 */
class AlsKernelTest {
    private static final int K = 6;
    private static final double ALPHA = 4;

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.2})
    void chunkedConjugateGradientIsRowByRowConjugateGradient(double lambda) {
        SplittableRandom random = new SplittableRandom(7);
        int sourceCount = 50_000;
        double[] sources = new double[sourceCount * K];
        for (int j = 0; j < sources.length; j++) {
            sources[j] = random.nextGaussian() * 0.01; // G of the same order as a row's own terms
        }
        int rows = 700;
        int[] rowStart = new int[rows + 1];
        java.util.List<Integer> positions = new java.util.ArrayList<>();
        java.util.List<Float> weights = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int m = r == 400 ? 45_000 : r % 9 == 0 ? 0 : 1 + random.nextInt(12);
            for (int j = 0; j < m; j++) {
                positions.add(r == 400 ? j : random.nextInt(sourceCount));
                weights.add(1f + random.nextInt(3));
            }
            rowStart[r + 1] = positions.size();
        }
        int[] sourcePos = positions.stream().mapToInt(Integer::intValue).toArray();
        float[] weight = toFloats(weights);
        double[] gram = new double[K * K]; // G = Y^T Y, the kernel's input, here by its definition
        for (int j = 0; j < sourceCount; j++) {
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) {
                    gram[f * K + g] += sources[j * K + f] * sources[j * K + g];
                }
            }
        }
        double[] start = new double[rows * K];
        for (int j = 0; j < start.length; j++) {
            start[j] = random.nextGaussian() * 0.1;
        }
        AlsParams params =
                TestParams.als().factors(K).alpha(ALPHA).solver(Solver.CG).build();

        double[] chunked = start.clone();
        AlsKernel.solveBlock(
                params,
                gram,
                lambda,
                sources.length / K,
                sources,
                new CompressedRows(rowStart, sourcePos, weight),
                chunked);

        double worst = 0;
        int worstRow = -1;
        for (int r = 0; r < rows; r++) {
            double[][] a = new double[K][K];
            double[] b = new double[K];
            for (int f = 0; f < K; f++) {
                for (int g = 0; g < K; g++) {
                    a[f][g] = gram[f * K + g] + (f == g ? lambda : 0);
                }
            }
            for (int t = rowStart[r]; t < rowStart[r + 1]; t++) {
                double c = 1 + ALPHA * weight[t];
                int y = sourcePos[t] * K;
                for (int f = 0; f < K; f++) {
                    b[f] += c * (double) (float) sources[y + f];
                    for (int g = 0; g < K; g++) {
                        a[f][g] += (c - 1) * (double) (float) sources[y + f] * (double) (float) sources[y + g];
                    }
                }
            }
            double[] x = java.util.Arrays.copyOfRange(start, r * K, (r + 1) * K);
            textbookConjugateGradient(a, b, x, params.solver().cgSteps());
            double norm = 0;
            double difference = 0;
            for (int f = 0; f < K; f++) {
                norm = Math.max(norm, Math.abs(x[f]));
                difference = Math.max(difference, Math.abs(x[f] - chunked[r * K + f]));
            }
            double relative = difference / Math.max(norm, 1e-12);
            if (relative > worst) {
                worst = relative;
                worstRow = r;
            }
        }
        // Only rounding may differ (the dense A summed here in double, the implicit products there in
        // floats): a wrong step, a row mixed up with its chunk neighbours or a chunk boundary error would
        // differ at O(1), a step size 1% off at 1e-2.
        assertTrue(worst < 1e-5, "chunked CG differs from row-by-row CG by " + worst + " at row " + worstRow);
    }

    /**
     * The exact solve of a block whose rows mostly have fewer ratings than factors (solved through G's
     * eigenvectors, {@link org.wrmf.linalg.LowRankSolver}) and some more (solved directly) against each
     * row's dense system solved here, with lambda_u scaled by the row's count: the same answer to
     * rounding. Lambda 0 takes every row the direct way, with its vanishing ridge.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.01, 0.5})
    void exactSolveOfShortRowsIsTheDenseSolve(double lambda) {
        int k = 20;
        SplittableRandom random = new SplittableRandom(5);
        int sourceCount = 600;
        double[] sources = new double[sourceCount * k];
        for (int j = 0; j < sources.length; j++) {
            sources[j] = random.nextGaussian() * 0.1;
        }
        int rows = 1000;
        int[] rowStart = new int[rows + 1];
        java.util.List<Integer> positions = new java.util.ArrayList<>();
        java.util.List<Float> weights = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int m = r % 50 == 0 ? 30 + random.nextInt(20) : random.nextInt(12);
            for (int j = 0; j < m; j++) {
                positions.add(random.nextInt(sourceCount));
                weights.add(1f + random.nextInt(3));
            }
            rowStart[r + 1] = positions.size();
        }
        CompressedRows ratings = new CompressedRows(
                rowStart, positions.stream().mapToInt(Integer::intValue).toArray(), toFloats(weights));
        double[] gram = new double[k * k];
        for (int j = 0; j < sourceCount; j++) {
            for (int f = 0; f < k; f++) {
                for (int g = 0; g < k; g++) {
                    gram[f * k + g] += sources[j * k + f] * sources[j * k + g];
                }
            }
        }
        AlsParams params = TestParams.als()
                .factors(k)
                .alpha(ALPHA)
                .regularizationScaling(RegularizationScaling.COUNT)
                .solver(Solver.CHOLESKY)
                .build();
        assertTrue(AlsKernel.lowRankSolver(k, gram, sources, ratings) != null, "the block takes the low-rank path");
        double[] x = new double[rows * k];
        AlsKernel.solveExactly(params, gram, lambda, sourceCount, sources, ratings, x);
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            int m = rowStart[r + 1] - rowStart[r];
            double[][] a = new double[k][k];
            double[] b = new double[k];
            for (int f = 0; f < k; f++) {
                a[f][f] = lambda * m;
                for (int g = 0; g < k; g++) {
                    a[f][g] += gram[f * k + g];
                }
            }
            for (int t = rowStart[r]; t < rowStart[r + 1]; t++) {
                double c = 1 + ALPHA * ratings.weight()[t];
                int y = ratings.column()[t] * k;
                for (int f = 0; f < k; f++) {
                    b[f] += c * sources[y + f];
                    for (int g = 0; g < k; g++) {
                        a[f][g] += (c - 1) * sources[y + f] * sources[y + g];
                    }
                }
            }
            double[] expected = DenseReferenceAls.solve(a, b);
            for (int f = 0; f < k; f++) {
                worst = Math.max(worst, Math.abs(expected[f] - x[r * k + f]) / Math.max(1e-3, Math.abs(expected[f])));
            }
        }
        // without a ridge the direct solve adds its vanishing one (Cholesky): about 1e-8 relative
        assertTrue(worst < (lambda > 0 ? 1e-9 : 1e-6), "differs from the dense solve by " + worst);
    }

    private static float[] toFloats(java.util.List<Float> values) {
        float[] out = new float[values.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = values.get(j);
        }
        return out;
    }

    private static void textbookConjugateGradient(double[][] a, double[] b, double[] x, int steps) {
        double[] r = new double[K];
        for (int f = 0; f < K; f++) {
            r[f] = b[f] - DenseReferenceAls.dot(a[f], x);
        }
        double[] d = r.clone();
        double rr = DenseReferenceAls.dot(r, r);
        double tolerance = 1e-30 * rr;
        for (int step = 0; step < steps && rr > tolerance && rr > 0; step++) {
            double[] q = new double[K];
            for (int f = 0; f < K; f++) {
                q[f] = DenseReferenceAls.dot(a[f], d);
            }
            double pq = DenseReferenceAls.dot(d, q);
            if (!(pq > 0)) {
                break;
            }
            double alpha = rr / pq;
            for (int f = 0; f < K; f++) {
                x[f] += alpha * d[f];
                r[f] -= alpha * q[f];
            }
            double next = DenseReferenceAls.dot(r, r);
            for (int f = 0; f < K; f++) {
                d[f] = r[f] + next / rr * d[f];
            }
            rr = next;
        }
    }
}
