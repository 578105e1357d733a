package org.wrmf.als;

import java.io.Serializable;

/**
 * How an observed weight d_ui becomes a confidence c_ui (Hu, Koren and Volinsky 2008, section 4), with
 * the parameters of its form and no others: a linear model carries no epsilon, a log model no BM25 k1.
 * {@link #form()} is the word the settings and the manifest use ({@code linear}, {@code log},
 * {@code bm25}).
 */
public sealed interface Confidence extends Serializable
        permits Confidence.Linear, Confidence.Log, Confidence.Bm25Weighted {

    /** The forms' words, as {@code als.confidence} and the manifest's {@code confidence} spell them. */
    String LINEAR = "linear";

    String LOG = "log";
    String BM25 = "bm25";

    /** The scale alpha of every form, {@code >= 0}. */
    double alpha();

    /** The confidence of an observed weight ({@code >= 1} for {@code d >= 0}). */
    double apply(double weight);

    /** The same form and parameters with another alpha (the grid searches alpha). */
    Confidence withAlpha(double alpha);

    /** {@code linear}, {@code log} or {@code bm25}. */
    String form();

    /** c = 1 + alpha * d: the original analysis' choice. */
    record Linear(double alpha) implements Confidence {
        public Linear {
            requireAlpha(alpha);
        }

        @Override
        public double apply(double weight) {
            return 1 + alpha * weight;
        }

        @Override
        public Confidence withAlpha(double value) {
            return new Linear(value);
        }

        @Override
        public String form() {
            return LINEAR;
        }
    }

    /** c = 1 + alpha * log(1 + d / epsilon): the paper's alternative, damping heavy weights; epsilon > 0. */
    record Log(double alpha, double epsilon) implements Confidence {
        public Log {
            requireAlpha(alpha);
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
            }
        }

        @Override
        public double apply(double weight) {
            return 1 + alpha * Math.log1p(weight / epsilon);
        }

        @Override
        public Confidence withAlpha(double value) {
            return new Log(value, epsilon);
        }

        @Override
        public String form() {
            return LOG;
        }
    }

    /**
     * c = 1 + alpha * w with w the BM25 weight of the like ({@link Bm25}, with k1 {@code >= 0} and b in
     * [0, 1]): the engines reweigh the likes before training, so {@link #apply} receives w.
     */
    record Bm25Weighted(double alpha, double k1, double b) implements Confidence {
        public Bm25Weighted {
            requireAlpha(alpha);
            if (!(k1 >= 0) || !Double.isFinite(k1)) {
                throw new IllegalArgumentException("bm25 k1 must be finite and >= 0, got " + k1);
            }
            if (!(b >= 0 && b <= 1)) {
                throw new IllegalArgumentException("bm25 b must be in [0, 1], got " + b);
            }
        }

        @Override
        public double apply(double weight) {
            return 1 + alpha * weight;
        }

        @Override
        public Confidence withAlpha(double value) {
            return new Bm25Weighted(value, k1, b);
        }

        @Override
        public String form() {
            return BM25;
        }
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
    }
}
