package org.wrmf.data;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the data half did, as the manifest records it under {@code input}, {@code threshold} and
 * {@code holdout} (key names in snake case: {@code rows_read}, {@code sparsity_percent}, ...).
 */
public record PrepareReport(Input input, ThresholdReport threshold, HoldoutReport holdout) {

    /**
     * Every data row read is accounted for: {@code rowsRead = likes + duplicates + rowsRejected}.
     * {@code rowsWithTrimmedIds} counts the valid rows whose user or item id had spaces around it outside
     * quotes, dropped: such an id is merged with the same id written without them, never silently.
     */
    public record Input(
            String path,
            String format,
            long rowsRead,
            long rowsRejected,
            long duplicates,
            long likes,
            long rowsWithTrimmedIds) {

        public Input(String path, String format, long rowsRead, long rowsRejected, long duplicates, long likes) {
            this(path, format, rowsRead, rowsRejected, duplicates, likes, 0);
        }
    }

    /** The k-core: its rule, how many rounds it took, and the likes before and after. */
    public record ThresholdReport(int minUserLikes, int minItemLikes, int rounds, LikeStats before, LikeStats after) {}

    /**
     * The split; without a holdout only the enabled flag and the counts are set (all likes train).
     * {@code protocol} is likes, users, time, per-user-last or given; with users, {@code foldInFraction} and
     * {@code foldInLikes} (the held-out users' likes they are folded in from) are set, and perUser is not.
     * With time: the cutoff used (epoch seconds, and as an ISO date-time in UTC), the fraction it was chosen
     * by (null when given), and the users first seen after it and their likes, and the test likes of items
     * first seen after it, all dropped. With given: the test file, its rows read and rejected, the test
     * likes of unknown users and of unknown items (dropped), and the input's likes also in the test set
     * (left out of training). eligibleUsers: by time, the users with a like at or before the cutoff.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoldoutReport(
            boolean enabled,
            Integer perUser,
            Double userFraction,
            Long seed,
            Long eligibleUsers,
            long trainLikes,
            long testLikes,
            long testUsers,
            String protocol,
            Double foldInFraction,
            Long foldInLikes,
            Long cutoff,
            String cutoffTime,
            Double timeFraction,
            Long usersFirstSeenAfterCutoff,
            Long likesOfUsersFirstSeenAfterCutoff,
            String testPath,
            Long testRowsRead,
            Long testRowsRejected,
            Long testLikesOfUnknownUsers,
            Long testLikesOfUnknownItems,
            Long likesRemovedFromTrain) {

        /** The notebook's protocol or strong generalization. */
        public HoldoutReport(
                boolean enabled,
                Integer perUser,
                Double userFraction,
                Long seed,
                Long eligibleUsers,
                long trainLikes,
                long testLikes,
                long testUsers,
                String protocol,
                Double foldInFraction,
                Long foldInLikes) {
            this(
                    enabled,
                    perUser,
                    userFraction,
                    seed,
                    eligibleUsers,
                    trainLikes,
                    testLikes,
                    testUsers,
                    protocol,
                    foldInFraction,
                    foldInLikes,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** The notebook's protocol, or no holdout. */
        public HoldoutReport(
                boolean enabled,
                Integer perUser,
                Double userFraction,
                Long seed,
                Long eligibleUsers,
                long trainLikes,
                long testLikes,
                long testUsers) {
            this(
                    enabled,
                    perUser,
                    userFraction,
                    seed,
                    eligibleUsers,
                    trainLikes,
                    testLikes,
                    testUsers,
                    enabled ? "likes" : null,
                    null,
                    null);
        }
    }
}
