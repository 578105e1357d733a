package org.wrmf.als;

/**
 * The two sides of the factorisation. Each iteration solves one side's rows against the other side's
 * fixed factors, users first; what differs between the sides is here rather than in flags.
 */
public enum Side {
    USERS("user", 0),
    ITEMS("item", 1);

    private final String row;
    private final int seedStream;

    Side(String row, int seedStream) {
        this.row = row;
        this.seedStream = seedStream;
    }

    /** What one row of this side is called in messages: {@code user} or {@code item}. */
    public String row() {
        return row;
    }

    /**
     * Mixed into the seed of each initial vector, so that user u and item u draw different vectors
     * ({@link ImplicitAls#initialVector}). Stored models depend on it: never change it.
     */
    int seedStream() {
        return seedStream;
    }

    /** The index of a rating's row on this side: its user for USERS, its item for ITEMS. */
    int rowOf(Rating rating) {
        return this == USERS ? rating.user() : rating.item();
    }

    /** The index of a rating's row on the other side (the source of this side's solve). */
    int sourceOf(Rating rating) {
        return this == USERS ? rating.item() : rating.user();
    }

    /** This side's number of rows. */
    int rows(int numUsers, int numItems) {
        return this == USERS ? numUsers : numItems;
    }
}
