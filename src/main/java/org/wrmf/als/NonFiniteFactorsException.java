package org.wrmf.als;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A solve produced a NaN or infinite factor (e.g. confidences that overflow, or a lambda far too large
 * or small for the data): the run stops here rather than write or score a silently broken model. A
 * plain runtime error (the job exits with 1), not a setting error; the message names the iteration and
 * the side, and the grid search adds the grid point.
 */
public final class NonFiniteFactorsException extends RuntimeException {
    private static final Pattern IN_MESSAGE =
            Pattern.compile(Pattern.quote(NonFiniteFactorsException.class.getName()) + ": ([^\\n]*)");

    public NonFiniteFactorsException(String message) {
        super(message);
    }

    /** Throws when one of the n vectors of rank k packed in {@code factors} is not finite. */
    static void check(double[] factors, int k, Side side, int iteration, IndexOfRow index) {
        for (int at = 0; at < factors.length; at++) {
            if (!Double.isFinite(factors[at])) {
                throw new NonFiniteFactorsException("non-finite " + side.row() + " factor (" + factors[at]
                        + ") at iteration " + iteration + ", " + side.row() + " index " + index.of(at / k));
            }
        }
    }

    /** Global index of a packed row. */
    interface IndexOfRow extends java.io.Serializable {
        int of(int row);
    }

    /**
     * This exception thrown inside a Spark task reaches the driver wrapped (and, when Spark could not
     * keep the object, only as text): the original message, found in the causes or the text, or null.
     */
    public static String messageOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NonFiniteFactorsException e) {
                return e.getMessage();
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : IN_MESSAGE.matcher(t.getMessage());
            if (m != null && m.find()) {
                return m.group(1);
            }
        }
        return null;
    }
}
