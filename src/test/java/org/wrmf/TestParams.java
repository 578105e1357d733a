package org.wrmf;

import org.wrmf.als.AlsParams;
import org.wrmf.als.Confidence;
import org.wrmf.als.FinalSolve;
import org.wrmf.als.Objective;
import org.wrmf.als.RegularizationScaling;
import org.wrmf.als.Solver;
import org.wrmf.als.SolverSettings;

/**
 * Training parameters for tests, set by name: a test changes only what it cares about. The log and bm25
 * forms' parameters apply only when {@link Builder#confidence} names that form.
 */
public final class TestParams {
    private TestParams() {}

    /**
     * Rank 10, constant lambda 0.1 on both sides, linear confidence with alpha 40, Cholesky, 4 blocks,
     * checkpoints every 10 iterations.
     */
    public static Builder als() {
        return new Builder();
    }

    /** Changes some of {@code params} by name. */
    public static Builder from(AlsParams params) {
        Builder b = new Builder();
        Objective o = params.objective();
        b.factors = o.factors();
        b.regUsers = o.regularizationUsers();
        b.regItems = o.regularizationItems();
        b.scaling = o.regularizationScaling();
        b.exponent = o.regularizationExponent();
        b.alpha = o.alpha();
        b.form = o.confidence().form();
        if (o.confidence() instanceof Confidence.Log log) {
            b.epsilon = log.epsilon();
        }
        if (o.confidence() instanceof Confidence.Bm25Weighted bm25) {
            b.k1 = bm25.k1();
            b.b = bm25.b();
        }
        SolverSettings s = params.solver();
        b.solver = s.method();
        b.cgSteps = s.cgSteps();
        b.blockSize = s.blockSize();
        b.blockSweeps = s.blockSweeps();
        b.finalSolve = s.finalSolve();
        b.blocks = s.blocks();
        b.seed = s.seed();
        b.checkpointInterval = s.checkpointInterval();
        return b;
    }

    public static final class Builder {
        private int factors = 10;
        private double regUsers = 0.1;
        private double regItems = 0.1;
        private RegularizationScaling scaling = RegularizationScaling.CONSTANT;
        private double exponent = 1;
        private double alpha = 40;
        private String form = Confidence.LINEAR;
        private double epsilon = 1;
        private double k1 = 1.2;
        private double b = 0.75;
        private Solver solver = Solver.CHOLESKY;
        private int cgSteps = 3;
        private int blockSize = 64;
        private int blockSweeps = 1;
        private FinalSolve finalSolve = FinalSolve.EXACT;
        private int blocks = 4;
        private long seed = 42;
        private int checkpointInterval = 10;

        public Builder factors(int value) {
            factors = value;
            return this;
        }

        public Builder regularization(double lambda) {
            regUsers = lambda;
            regItems = lambda;
            return this;
        }

        public Builder regularizationUsers(double lambda) {
            regUsers = lambda;
            return this;
        }

        public Builder regularizationItems(double lambda) {
            regItems = lambda;
            return this;
        }

        public Builder regularizationScaling(RegularizationScaling value) {
            scaling = value;
            return this;
        }

        public Builder regularizationExponent(double value) {
            exponent = value;
            return this;
        }

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        /** {@link Confidence#LINEAR}, {@link Confidence#LOG} or {@link Confidence#BM25}. */
        public Builder confidence(String value) {
            form = value;
            return this;
        }

        public Builder epsilon(double value) {
            epsilon = value;
            return this;
        }

        public Builder bm25K1(double value) {
            k1 = value;
            return this;
        }

        public Builder bm25B(double value) {
            b = value;
            return this;
        }

        public Builder solver(Solver value) {
            solver = value;
            return this;
        }

        public Builder cgSteps(int value) {
            cgSteps = value;
            return this;
        }

        public Builder blockSize(int value) {
            blockSize = value;
            return this;
        }

        public Builder blockSweeps(int value) {
            blockSweeps = value;
            return this;
        }

        public Builder finalSolve(FinalSolve value) {
            finalSolve = value;
            return this;
        }

        public Builder blocks(int value) {
            blocks = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder checkpointInterval(int value) {
            checkpointInterval = value;
            return this;
        }

        public AlsParams build() {
            Confidence confidence = switch (form) {
                case Confidence.LOG -> new Confidence.Log(alpha, epsilon);
                case Confidence.BM25 -> new Confidence.Bm25Weighted(alpha, k1, b);
                default -> new Confidence.Linear(alpha);
            };
            return new AlsParams(
                    new Objective(factors, regUsers, regItems, scaling, exponent, confidence),
                    new SolverSettings(
                            solver, cgSteps, blockSize, blockSweeps, finalSolve, blocks, seed, checkpointInterval));
        }
    }
}
