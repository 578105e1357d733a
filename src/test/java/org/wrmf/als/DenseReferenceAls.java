package org.wrmf.als;

/**
 * Implicit ALS exactly as the paper writes it, for tests only: dense preference P and confidence C
 * matrices, and per user the closed form x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p(u) over every
 * item (no Gram trick, no blocks), solved by Gaussian elimination with partial pivoting. Shares no
 * code with the engine.
 */
final class DenseReferenceAls {
    final double[][] preference;  // users x items, 1 where liked
    final double[][] confidence;  // users x items, 1 where not liked
    final double regUsers;
    final double regItems;
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

    void start(double[][] initialUsers, double[][] initialItems) {
        users = copy(initialUsers);
        items = copy(initialItems);
    }

    void iterate(int n) {
        for (int t = 0; t < n; t++) {
            users = solveSide(items, confidence, preference, regUsers, false);
            items = solveSide(users, confidence, preference, regItems, true);
        }
    }

    /** sum over all cells of c (p - x.y)^2 + regUsers ||X||^2 + regItems ||Y||^2. */
    double loss() {
        double total = 0;
        for (int u = 0; u < users.length; u++) {
            for (int i = 0; i < items.length; i++) {
                double e = preference[u][i] - dot(users[u], items[i]);
                total += confidence[u][i] * e * e;
            }
        }
        return total + regUsers * squaredNorm(users) + regItems * squaredNorm(items);
    }

    /** New factors of one side; when transposed, rows of C and P are items. */
    private static double[][] solveSide(double[][] fixed, double[][] c, double[][] p, double lambda, boolean transposed) {
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
            for (int f = 0; f < k; f++) {
                a[f][f] += lambda;
            }
            solved[r] = gaussianElimination(a, b);
        }
        return solved;
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
