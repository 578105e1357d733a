package org.wrmf.common;

/**
 * The settings a stage can find unusable while it works (a missing input, a column the header lacks, an
 * output folder that cannot be written or is in use, a finished run there), named by their role: the
 * stages do not know the configuration's keys, the command line turns each into its key when it reports
 * a {@link ConfigError}.
 */
public enum Setting {
    INPUT_PATH,
    INPUT_USER_COLUMN,
    INPUT_ITEM_COLUMN,
    INPUT_WEIGHT_COLUMN,
    INPUT_NAME_COLUMN,
    INPUT_ENCODING,
    INPUT_TIME_COLUMN,
    HOLDOUT_TEST_PATH,
    THRESHOLD,
    OUTPUT_PATH,
    OUTPUT_OVERWRITE
}
