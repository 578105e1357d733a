package org.wrmf.als;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything that defines one implicit-ALS training run, built by name ({@link #builder()}): every field
 * must be set, there are no defaults here (the job's defaults live in {@code conf/application.conf}), except
 * the block solver's {@code blockSize} and {@code blockSweeps} and the {@code finalSolve}, which default to
 * 64, 1 and EXACT so that callers which never use them need not name them.
 *
 * <p>Regularization: with {@link RegularizationScaling#CONSTANT} (the seed's) the objective adds
 * {@code regUsers * ||X||^2 + regItems * ||Y||^2}, so every row's normal equations get {@code + lambda I}.
 * That is NOT Spark MLlib's convention, which multiplies lambda by the number of ratings of each row
 * ("weighted-lambda", {@link RegularizationScaling#COUNT} with exponent 1); in general row u's term is
 * {@code lambda_u ||x_u||^2} with lambda_u from {@link #rowLambda}.
 *
 * <ul>
 *   <li>{@code factors}: rank k of the factorisation (number of latent factors)</li>
 *   <li>{@code regUsers}, {@code regItems}: lambda for user and item factors (constant); 0 is allowed</li>
 *   <li>{@code alpha}: confidence scale, {@code >= 0}</li>
 *   <li>{@code confidence}: LINEAR ({@code 1 + alpha d}) or LOG ({@code 1 + alpha log(1 + d / epsilon)})</li>
 *   <li>{@code bm25K1}, {@code bm25B}: BM25's k1 ({@code >= 0}) and b (in [0, 1]) of the BM25 form (ignored by the others)</li>
 *   <li>{@code epsilon}: the LOG form's scale, {@code > 0} (ignored by LINEAR)</li>
 *   <li>{@code regularizationScaling}: how a row's lambda grows with the row (CONSTANT, COUNT, FREQUENCY)</li>
 *   <li>{@code regularizationExponent}: nu of COUNT and FREQUENCY, finite (ignored by CONSTANT)</li>
 *   <li>{@code solver}: CHOLESKY (exact), CG (conjugate gradient, warm-started) or BLOCK (iALS++ block
 *   coordinate descent, warm-started)</li>
 *   <li>{@code cgSteps}: conjugate-gradient steps per row and half-iteration (3 is usual)</li>
 *   <li>{@code blockSize}: dimensions per block of the BLOCK solver, {@code >= 1}; at least the rank makes
 *   it one exact solve per row (nothing to do with {@code blocks}, the Spark partitions)</li>
 *   <li>{@code blockSweeps}: passes of the BLOCK solver over a row's blocks per half-iteration, {@code >= 1}</li>
 *   <li>{@code finalSolve}: how the model's users are solved once more against its items (EXACT or
 *   ITERATIVE, {@link FinalSolve})</li>
 *   <li>{@code blocks}: number of user blocks and of item blocks (= partitions of each side)</li>
 *   <li>{@code seed}: seeds the initial factors, drawn per (seed, side, id)</li>
 *   <li>{@code checkpointInterval}: checkpoint the factor RDDs every this many iterations; 0 never does</li>
 * </ul>
 */
public final class AlsParams implements Serializable {
    private final int factors;
    private final double regUsers;
    private final double regItems;
    private final double alpha;
    private final Confidence confidence;
    private final double epsilon;
    private final double bm25K1;
    private final double bm25B;
    private final RegularizationScaling regularizationScaling;
    private final double regularizationExponent;
    private final Solver solver;
    private final int cgSteps;
    private final int blockSize;
    private final int blockSweeps;
    private final FinalSolve finalSolve;
    private final int blocks;
    private final long seed;
    private final int checkpointInterval;

    private AlsParams(Builder b) {
        factors = b.factors;
        regUsers = b.regUsers;
        regItems = b.regItems;
        alpha = b.alpha;
        confidence = b.confidence;
        epsilon = b.epsilon;
        bm25K1 = b.bm25K1;
        bm25B = b.bm25B;
        regularizationScaling = b.regularizationScaling;
        regularizationExponent = b.regularizationExponent;
        solver = b.solver;
        cgSteps = b.cgSteps;
        blockSize = b.blockSize;
        blockSweeps = b.blockSweeps;
        finalSolve = b.finalSolve;
        blocks = b.blocks;
        seed = b.seed;
        checkpointInterval = b.checkpointInterval;
        require(factors >= 1, "factors must be >= 1, got " + factors);
        require(regUsers >= 0 && Double.isFinite(regUsers), "regUsers must be finite and >= 0, got " + regUsers);
        require(regItems >= 0 && Double.isFinite(regItems), "regItems must be finite and >= 0, got " + regItems);
        require(alpha >= 0 && Double.isFinite(alpha), "alpha must be finite and >= 0, got " + alpha);
        require(confidence != null, "confidence must be set (LINEAR or LOG)");
        require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be finite and > 0, got " + epsilon);
        require(bm25K1 >= 0 && Double.isFinite(bm25K1), "bm25K1 must be finite and >= 0, got " + bm25K1);
        require(bm25B >= 0 && bm25B <= 1, "bm25B must be in [0, 1], got " + bm25B);
        require(regularizationScaling != null, "regularizationScaling must be set (CONSTANT, COUNT or FREQUENCY)");
        require(
                Double.isFinite(regularizationExponent),
                "regularizationExponent must be finite, got " + regularizationExponent);
        require(solver != null, "solver must be set (CHOLESKY, CG or BLOCK)");
        require(cgSteps >= 1, "cgSteps must be >= 1, got " + cgSteps);
        require(blockSize >= 1, "blockSize must be >= 1, got " + blockSize);
        require(blockSweeps >= 1, "blockSweeps must be >= 1, got " + blockSweeps);
        require(finalSolve != null, "finalSolve must be set (EXACT or ITERATIVE)");
        require(blocks >= 1, "blocks must be >= 1, got " + blocks);
        require(checkpointInterval >= 0, "checkpointInterval must be >= 0 (0 = never), got " + checkpointInterval);
    }

    /** A builder with nothing set; {@link Builder#build()} refuses a field left unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these parameters, to change some by name. */
    public Builder toBuilder() {
        return new Builder()
                .factors(factors)
                .regularizationUsers(regUsers)
                .regularizationItems(regItems)
                .alpha(alpha)
                .confidence(confidence)
                .epsilon(epsilon)
                .bm25K1(bm25K1)
                .bm25B(bm25B)
                .regularizationScaling(regularizationScaling)
                .regularizationExponent(regularizationExponent)
                .solver(solver)
                .cgSteps(cgSteps)
                .blockSize(blockSize)
                .blockSweeps(blockSweeps)
                .finalSolve(finalSolve)
                .blocks(blocks)
                .seed(seed)
                .checkpointInterval(checkpointInterval);
    }

    public int factors() {
        return factors;
    }

    public double regUsers() {
        return regUsers;
    }

    public double regItems() {
        return regItems;
    }

    public double alpha() {
        return alpha;
    }

    public Confidence confidence() {
        return confidence;
    }

    public double epsilon() {
        return epsilon;
    }

    public double bm25K1() {
        return bm25K1;
    }

    public double bm25B() {
        return bm25B;
    }

    public RegularizationScaling regularizationScaling() {
        return regularizationScaling;
    }

    public double regularizationExponent() {
        return regularizationExponent;
    }

    public Solver solver() {
        return solver;
    }

    public int cgSteps() {
        return cgSteps;
    }

    /** Dimensions per block of the BLOCK solver (not the Spark blocks of {@link #blocks()}). */
    public int blockSize() {
        return blockSize;
    }

    public int blockSweeps() {
        return blockSweeps;
    }

    public FinalSolve finalSolve() {
        return finalSolve;
    }

    public int blocks() {
        return blocks;
    }

    public long seed() {
        return seed;
    }

    public int checkpointInterval() {
        return checkpointInterval;
    }

    public AlsParams withFactors(int k) {
        return toBuilder().factors(k).build();
    }

    /** The same lambda for users and items. */
    public AlsParams withRegularization(double lambda) {
        return toBuilder().regularization(lambda).build();
    }

    public AlsParams withAlpha(double a) {
        return toBuilder().alpha(a).build();
    }

    public AlsParams withSolver(Solver s) {
        return toBuilder().solver(s).build();
    }

    public AlsParams withBlocks(int b) {
        return toBuilder().blocks(b).build();
    }

    public AlsParams withCheckpointInterval(int every) {
        return toBuilder().checkpointInterval(every).build();
    }

    /** The confidence c_ui of an observed weight d_ui ({@code >= 1} for {@code d >= 0}). */
    public double confidence(double weight) {
        return confidence.apply(alpha, epsilon, weight);
    }

    public AlsParams withRegularizationScaling(RegularizationScaling scaling, double exponent) {
        return toBuilder()
                .regularizationScaling(scaling)
                .regularizationExponent(exponent)
                .build();
    }

    /**
     * Row lambda_u of a row with {@code likes} likes whose confidences sum to {@code confidenceSum}, the
     * other side having {@code columns} indices: the side's lambda scaled by {@link #regularizationScaling()}.
     */
    public double rowLambda(double sideLambda, int likes, double confidenceSum, int columns) {
        return regularizationScaling.scale(sideLambda, regularizationExponent, likes, confidenceSum, columns);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlsParams p
                && factors == p.factors
                && regUsers == p.regUsers
                && regItems == p.regItems
                && alpha == p.alpha
                && confidence == p.confidence
                && epsilon == p.epsilon
                && bm25K1 == p.bm25K1
                && bm25B == p.bm25B
                && regularizationScaling == p.regularizationScaling
                && regularizationExponent == p.regularizationExponent
                && solver == p.solver
                && cgSteps == p.cgSteps
                && blockSize == p.blockSize
                && blockSweeps == p.blockSweeps
                && finalSolve == p.finalSolve
                && blocks == p.blocks
                && seed == p.seed
                && checkpointInterval == p.checkpointInterval;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                factors,
                regUsers,
                regItems,
                alpha,
                confidence,
                epsilon,
                bm25K1,
                bm25B,
                regularizationScaling,
                regularizationExponent,
                solver,
                cgSteps,
                blockSize,
                blockSweeps,
                finalSolve,
                blocks,
                seed,
                checkpointInterval);
    }

    @Override
    public String toString() {
        return "AlsParams[factors=" + factors + ", regUsers=" + regUsers + ", regItems=" + regItems + ", alpha="
                + alpha + ", confidence=" + confidence + ", epsilon=" + epsilon + ", bm25K1=" + bm25K1 + ", bm25B="
                + bm25B
                + ", regularizationScaling=" + regularizationScaling + ", regularizationExponent="
                + regularizationExponent
                + ", solver=" + solver + ", cgSteps="
                + cgSteps + ", blockSize=" + blockSize + ", blockSweeps=" + blockSweeps + ", finalSolve=" + finalSolve
                + ", blocks=" + blocks + ", seed=" + seed + ", checkpointInterval=" + checkpointInterval
                + "]";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Sets the parameters by name; every one must be set before {@link #build()}. */
    public static final class Builder {
        private Integer factors;
        private Double regUsers;
        private Double regItems;
        private Double alpha;
        private Confidence confidence;
        private Double epsilon;
        private Double bm25K1;
        private Double bm25B;
        private RegularizationScaling regularizationScaling;
        private Double regularizationExponent;
        private Solver solver;
        private Integer cgSteps;
        private int blockSize = 64;
        private int blockSweeps = 1;
        private FinalSolve finalSolve = FinalSolve.EXACT;
        private Integer blocks;
        private Long seed;
        private Integer checkpointInterval;

        private Builder() {}

        public Builder factors(int value) {
            factors = value;
            return this;
        }

        /** The same lambda for users and items. */
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

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        public Builder confidence(Confidence value) {
            confidence = value;
            return this;
        }

        public Builder epsilon(double value) {
            epsilon = value;
            return this;
        }

        public Builder bm25K1(double value) {
            bm25K1 = value;
            return this;
        }

        public Builder bm25B(double value) {
            bm25B = value;
            return this;
        }

        public Builder regularizationScaling(RegularizationScaling value) {
            regularizationScaling = value;
            return this;
        }

        public Builder regularizationExponent(double value) {
            regularizationExponent = value;
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

        /** Dimensions per block of the BLOCK solver; 64 unless set. */
        public Builder blockSize(int value) {
            blockSize = value;
            return this;
        }

        /** Sweeps of the BLOCK solver per row and half-iteration; 1 unless set. */
        public Builder blockSweeps(int value) {
            blockSweeps = value;
            return this;
        }

        /** How the model's final user solve runs; EXACT unless set. */
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
            String missing = factors == null
                    ? "factors"
                    : regUsers == null
                            ? "regularizationUsers"
                            : regItems == null
                                    ? "regularizationItems"
                                    : alpha == null
                                            ? "alpha"
                                            : confidence == null
                                                    ? "confidence"
                                                    : epsilon == null
                                                            ? "epsilon"
                                                            : bm25K1 == null
                                                                    ? "bm25K1"
                                                                    : bm25B == null
                                                                            ? "bm25B"
                                                                            : regularizationScaling == null
                                                                                    ? "regularizationScaling"
                                                                                    : regularizationExponent == null
                                                                                            ? "regularizationExponent"
                                                                                            : solver == null
                                                                                                    ? "solver"
                                                                                                    : cgSteps == null
                                                                                                            ? "cgSteps"
                                                                                                            : blocks
                                                                                                                            == null
                                                                                                                    ? "blocks"
                                                                                                                    : seed
                                                                                                                                    == null
                                                                                                                            ? "seed"
                                                                                                                            : checkpointInterval
                                                                                                                                            == null
                                                                                                                                    ? "checkpointInterval"
                                                                                                                                    : null;
            if (missing != null) {
                throw new IllegalArgumentException("AlsParams: " + missing + " is not set");
            }
            return new AlsParams(this);
        }
    }
}
