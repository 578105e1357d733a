package org.wrmf.data;

/**
 * Everything the data half needs: where the likes are (or how to generate them), the k-core, the split,
 * and the run's output folder ({@code rejected/} and {@code prepared/} are written under it).
 *
 * @param input     the likes to read; with format {@code synthetic} they are generated first
 * @param generate  what to generate when the input is synthetic
 * @param generated where generated likes are written (and then read from, as PSV)
 * @param threshold the k-core
 * @param holdout   the per-user split
 * @param output    the run's output folder
 */
public record PrepareSettings(
        InputSettings input,
        SyntheticLikes.SyntheticLikesSettings generate,
        String generated,
        ThresholdSettings threshold,
        HoldoutSettings holdout,
        String output) {}
