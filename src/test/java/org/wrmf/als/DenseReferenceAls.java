package org.wrmf.als;

/**
 * Implicit ALS exactly as the paper writes it, for tests only: dense preference P and confidence C
 * matrices, and per user the closed form x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p(u) over every
 * item (no Gram trick, no blocks), solved by Gaussian elimination with partial pivoting. Shares no
 * code with the engine.
 */
public final class DenseReferenceAls {
    final double[][] preference; // users x items, 1 where liked
    final double[][] confidence; // users x items, 1 where not liked
    final double regUsers;
    final double regItems;
    RegularizationScaling scaling = RegularizationScaling.CONSTANT;
    double exponent = 1;
    double[][] users;
    double[][] items;

    /**
     * @param weights users x items, the observed d_ui (NaN where not observed)
     * @param log     false: c = 1 + alpha d; true: c = 1 + alpha log(1 + d / epsilon)
     */
    DenseReferenceAls(double[][] weights, double alpha, boolean log, double epsilon, double regUsers, double regItems) {
        int n = weights.length;
        int m = weights[0].length;
        preference = new double[n][m];
        confidence = new double[n][m];
        for (int u = 0; u < n; u++) {
            for (int i = 0; i < m; i++) {
                double d = weights[u][i];
                boolean observed = !Double.isNaN(d);
                preference[u][i] = observed ? 1 : 0;
                confidence[u][i] = !observed ? 1 : log ? 1 + alpha * Math.log(1 + d / epsilon) : 1 + alpha * d;
            }
        }
        this.regUsers = regUsers;
        this.regItems = regItems;
    }

    /**
     * Row lambdas from now on: lambda * n^nu (COUNT, n = the row's observed cells) or lambda * (sum of the
     * row's dense confidences over every column)^nu (FREQUENCY), counted here from the dense matrices.
     */
    DenseReferenceAls scaled(RegularizationScaling rowScaling, double nu) {
        this.scaling = rowScaling;
        this.exponent = nu;
        return this;
    }

    /** lambda of row r (a user, or an item when transposed). */
    double rowLambda(double lambda, int r, boolean transposed) {
        int columns = transposed ? confidence.length : confidence[0].length;
        double observed = 0;
        double confidenceSum = 0;
        for (int j = 0; j < columns; j++) {
            observed += transposed ? preference[j][r] : preference[r][j];
            confidenceSum += transposed ? confidence[j][r] : confidence[r][j];
        }
        return switch (scaling) {
            case CONSTANT -> lambda;
            case COUNT -> lambda * Math.pow(observed, exponent);
            case FREQUENCY -> lambda * Math.pow(confidenceSum, exponent);
        };
    }

    /** The users solved once more against the current items (the engine's consistent model). */
    void finish() {
        users = solveSide(items, regUsers, false);
    }

    void start(double[][] initialUsers, double[][] initialItems) {
        users = copy(initialUsers);
        items = copy(initialItems);
    }

    void iterate(int n) {
        for (int t = 0; t < n; t++) {
            users = solveSide(items, regUsers, false);
            items = solveSide(users, regItems, true);
        }
    }

    /** sum over all cells of c (p - x.y)^2 + sum_u lambda_u ||x_u||^2 + sum_i lambda_i ||y_i||^2. */
    double loss() {
        double[] parts = lossParts();
        return parts[0] + parts[1] + parts[2];
    }

    /** {observed: sum over liked cells of c (1 - x.y)^2, unobserved: sum over the others of (x.y)^2, regularization}. */
    double[] lossParts() {
        double observed = 0;
        double unobserved = 0;
        double regularization = 0;
        for (int u = 0; u < users.length; u++) {
            for (int i = 0; i < items.length; i++) {
                double e = preference[u][i] - dot(users[u], items[i]);
                if (preference[u][i] == 1) {
                    observed += confidence[u][i] * e * e;
                } else {
                    unobserved += confidence[u][i] * e * e;
                }
            }
            regularization += rowLambda(regUsers, u, false) * dot(users[u], users[u]);
        }
        for (int i = 0; i < items.length; i++) {
            regularization += rowLambda(regItems, i, true) * dot(items[i], items[i]);
        }
        return new double[] {observed, unobserved, regularization};
    }

    /** New factors of one side; when transposed, rows of C and P are items. */
    private double[][] solveSide(double[][] fixed, double sideLambda, boolean transposed) {
        double[][] c = confidence;
        double[][] p = preference;
        int rows = transposed ? c[0].length : c.length;
        int k = fixed[0].length;
        double[][] solved = new double[rows][];
        for (int r = 0; r < rows; r++) {
            double[][] a = new double[k][k];
            double[] b = new double[k];
            for (int j = 0; j < fixed.length; j++) {
                double cij = transposed ? c[j][r] : c[r][j];
                double pij = transposed ? p[j][r] : p[r][j];
                for (int f = 0; f < k; f++) {
                    b[f] += cij * pij * fixed[j][f];
                    for (int g = 0; g < k; g++) {
                        a[f][g] += cij * fixed[j][f] * fixed[j][g];
                    }
                }
            }
            double lambda = rowLambda(sideLambda, r, transposed);
            for (int f = 0; f < k; f++) {
                a[f][f] += lambda;
            }
            solved[r] = gaussianElimination(a, b);
        }
        return solved;
    }

    /** Solves a small dense system by Gaussian elimination with partial pivoting, leaving a and b as they are. */
    public static double[] solve(double[][] a, double[] b) {
        double[][] copy = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            copy[r] = a[r].clone();
        }
        return gaussianElimination(copy, b.clone());
    }

    static double[] gaussianElimination(double[][] a, double[] b) {
        int k = b.length;
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] rowSwap = a[col];
            a[col] = a[pivot];
            a[pivot] = rowSwap;
            double bSwap = b[col];
            b[col] = b[pivot];
            b[pivot] = bSwap;
            for (int r = col + 1; r < k; r++) {
                double factor = a[r][col] / a[col][col];
                for (int c = col; c < k; c++) {
                    a[r][c] -= factor * a[col][c];
                }
                b[r] -= factor * b[col];
            }
        }
        double[] x = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double sum = b[r];
            for (int c = r + 1; c < k; c++) {
                sum -= a[r][c] * x[c];
            }
            x[r] = sum / a[r][r];
        }
        return x;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int f = 0; f < x.length; f++) {
            s += x[f] * y[f];
        }
        return s;
    }

    private static double squaredNorm(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            s += dot(row, row);
        }
        return s;
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
